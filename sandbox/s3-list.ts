import type { BucketRecord } from "./state";
import { AwsError, toXml } from "./wire";

// ListObjectsV2: keys in UTF-8 binary order, Prefix, Delimiter (CommonPrefixes count toward
// MaxKeys, as on S3), StartAfter, and an opaque ContinuationToken (the last key or prefix
// returned, so a page boundary never repeats or skips a key).

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";
/** Sorts after every key that starts with a rolled-up prefix. */
const PAST_PREFIX = "\uffff";

function decodeToken(token: string): string {
  const after = Buffer.from(token, "base64url").toString("utf8");
  if (!after) throw new AwsError("InvalidArgument", "The continuation token provided is incorrect");
  return after;
}

export function listObjectsV2(bucket: BucketRecord, query: URLSearchParams): string {
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxKeys = query.has("max-keys") ? Number(query.get("max-keys")) : 1000;
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new AwsError("InvalidArgument", "Provided max-keys not an integer or within integer range");
  const max = Math.min(maxKeys, 1000);
  const token = query.get("continuation-token");
  const startAfter = query.get("start-after") ?? "";
  const after = token ? decodeToken(token) : startAfter;

  const keys = Object.keys(bucket.objects)
    .filter((key) => key.startsWith(prefix) && key > after)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const contents: string[] = [];
  const prefixes: string[] = [];
  let last = "";
  let truncated = false;
  for (const key of keys) {
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? key.slice(0, cut + delimiter.length) : undefined;
    if (common !== undefined && prefixes.at(-1) === common) continue;
    if (contents.length + prefixes.length >= max) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      last = common + PAST_PREFIX;
    } else {
      const o = bucket.objects[key];
      const size = Buffer.byteLength(o.body, "base64");
      const checksum = o.checksum ? { ChecksumAlgorithm: o.checksum.algorithm.toUpperCase() } : {};
      contents.push(
        `<Contents>${toXml({ Key: key, LastModified: new Date(o.lastModified).toISOString(), ETag: o.etag, ...checksum, Size: size, StorageClass: "STANDARD" })}</Contents>`,
      );
      last = key;
    }
  }
  const fields = toXml({
    Name: bucket.name,
    Prefix: prefix,
    Delimiter: delimiter || undefined,
    MaxKeys: max,
    KeyCount: contents.length + prefixes.length,
    IsTruncated: truncated,
    ContinuationToken: token ?? undefined,
    StartAfter: query.get("start-after") ?? undefined,
    NextContinuationToken: truncated ? Buffer.from(last).toString("base64url") : undefined,
  });
  const common = prefixes.map((p) => `<CommonPrefixes><Prefix>${toXml(p)}</Prefix></CommonPrefixes>`).join("");
  return `<ListBucketResult xmlns="${NS}">${fields}${contents.join("")}${common}</ListBucketResult>`;
}
