import { createHash } from "node:crypto";
import type { SandboxState } from "./state";
import { AwsError, decodeAwsChunked, isAwsChunked, toXml, type AwsRequest, type AwsResponse } from "./wire";

// Amazon S3, restXml, path-style: /<bucket>/<key>.

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";

export function s3Operation(request: AwsRequest): { operation: string; bucket?: string; key?: string } {
  const [, bucket, ...rest] = request.path.split("/");
  const key = rest.length ? decodeURIComponent(rest.join("/")) : undefined;
  const m = request.method;
  if (!bucket) return { operation: m === "GET" ? "ListBuckets" : "Unknown" };
  if (!key) {
    if (m === "PUT") return { operation: "CreateBucket", bucket };
    if (m === "HEAD") return { operation: "HeadBucket", bucket };
    if (m === "GET") return { operation: request.query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects", bucket };
    if (m === "DELETE") return { operation: "DeleteBucket", bucket };
  } else {
    if (m === "PUT") return { operation: "PutObject", bucket, key };
    if (m === "HEAD") return { operation: "HeadObject", bucket, key };
    if (m === "GET") return { operation: "GetObject", bucket, key };
    if (m === "DELETE") return { operation: "DeleteObject", bucket, key };
  }
  return { operation: "Unknown", bucket, key };
}

export function s3Error(error: AwsError, requestId: string, method: string): AwsResponse {
  // HEAD responses carry no body; the SDK reads the status alone.
  const body =
    method === "HEAD"
      ? ""
      : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${error.code}</Code><Message>${toXml(error.message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  return { status: error.status, headers: { "content-type": "application/xml", "x-amz-request-id": requestId }, body };
}

const noSuchBucket = () => new AwsError("NoSuchBucket", "The specified bucket does not exist", 404);

function xml(body: string, requestId: string): AwsResponse {
  return { status: 200, headers: { "content-type": "application/xml", "x-amz-request-id": requestId }, body: `<?xml version="1.0" encoding="UTF-8"?>${body}` };
}

export function handleS3(state: SandboxState, op: ReturnType<typeof s3Operation>, request: AwsRequest, requestId: string): AwsResponse {
  const base = { "x-amz-request-id": requestId };
  const bucket = op.bucket ? state.buckets[op.bucket] : undefined;
  switch (op.operation) {
    case "CreateBucket": {
      if (bucket) throw new AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409);
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(op.bucket!)) throw new AwsError("InvalidBucketName", "The specified bucket is not valid.");
      state.buckets[op.bucket!] = { name: op.bucket!, createdAt: Date.now(), objects: {} };
      return { status: 200, headers: { ...base, location: `/${op.bucket}` }, body: "" };
    }
    case "HeadBucket":
      if (!bucket) throw noSuchBucket();
      return { status: 200, headers: { ...base, "x-amz-bucket-region": request.region }, body: "" };
    case "PutObject": {
      if (!bucket) throw noSuchBucket();
      const body = isAwsChunked(request.headers) ? decodeAwsChunked(request.body) : request.body;
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      bucket.objects[op.key!] = {
        body: body.toString("base64"),
        etag,
        contentType: String(request.headers["content-type"] ?? "binary/octet-stream"),
        lastModified: Date.now(),
      };
      return { status: 200, headers: { ...base, etag }, body: "" };
    }
    case "HeadObject":
    case "GetObject": {
      if (!bucket) throw noSuchBucket();
      const object = bucket.objects[op.key!];
      if (!object) throw new AwsError(op.operation === "HeadObject" ? "NotFound" : "NoSuchKey", "The specified key does not exist.", 404);
      const body = Buffer.from(object.body, "base64");
      const headers = {
        ...base,
        etag: object.etag,
        "content-type": object.contentType,
        "content-length": String(body.length),
        "last-modified": new Date(object.lastModified).toUTCString(),
      };
      return { status: 200, headers, body: op.operation === "HeadObject" ? "" : body };
    }
    case "DeleteObject":
      if (!bucket) throw noSuchBucket();
      delete bucket.objects[op.key!];
      return { status: 204, headers: base, body: "" };
    case "ListObjectsV2": {
      if (!bucket) throw noSuchBucket();
      const prefix = request.query.get("prefix") ?? "";
      const max = Math.min(Number(request.query.get("max-keys") ?? 1000) || 1000, 1000);
      const after = request.query.get("continuation-token")
        ? Buffer.from(request.query.get("continuation-token")!, "base64url").toString()
        : (request.query.get("start-after") ?? "");
      const keys = Object.keys(bucket.objects)
        .filter((key) => key.startsWith(prefix) && key > after)
        .sort();
      const page = keys.slice(0, max);
      const truncated = keys.length > max;
      const contents = page
        .map((key) => {
          const o = bucket.objects[key];
          return `<Contents>${toXml({ Key: key, LastModified: new Date(o.lastModified).toISOString(), ETag: o.etag, Size: Buffer.from(o.body, "base64").length, StorageClass: "STANDARD" })}</Contents>`;
        })
        .join("");
      const next = truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]).toString("base64url")}</NextContinuationToken>` : "";
      return xml(
        `<ListBucketResult xmlns="${NS}">${toXml({ Name: bucket.name, Prefix: prefix, KeyCount: page.length, MaxKeys: max, IsTruncated: truncated })}${contents}${next}</ListBucketResult>`,
        requestId,
      );
    }
    default:
      throw new AwsError("NotImplemented", "A header or query you provided implies functionality that is not implemented.", 501);
  }
}
