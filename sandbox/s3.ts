import { createHash } from "node:crypto";
import { listObjectsV2 } from "./s3-list";
import { readPutBody } from "./s3-body";
import { ACCOUNT_ID, table, type BucketRecord, type ObjectRecord, type SandboxState } from "./state";
import { AwsError, toXml, type AwsRequest, type AwsResponse } from "./wire";

// Amazon S3, restXml, path-style: /<bucket>/<key>.

export const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

export type S3Target = { operation: string; bucket?: string; key?: string };

export function s3Operation(request: AwsRequest): S3Target {
  const [, bucket, ...rest] = request.path.split("/");
  let key: string | undefined;
  try {
    key = rest.length && rest.join("/") !== "" ? decodeURIComponent(rest.join("/")) : undefined;
  } catch {
    key = rest.join("/");
  }
  const m = request.method;
  const verbs: Record<string, [string, string]> = {
    PUT: ["CreateBucket", "PutObject"],
    HEAD: ["HeadBucket", "HeadObject"],
    GET: [request.query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects", "GetObject"],
    DELETE: ["DeleteBucket", "DeleteObject"],
  };
  if (!bucket) return { operation: m === "GET" ? "ListBuckets" : "Unknown" };
  const pair = verbs[m];
  return { operation: pair ? pair[key === undefined ? 0 : 1] : "Unknown", bucket, key };
}

export function s3Error(error: AwsError, requestId: string, method: string): AwsResponse {
  // HEAD responses carry no body; the SDK reads the status alone.
  const extra = Object.entries(error.fields)
    .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
    .join("");
  const body =
    method === "HEAD"
      ? ""
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${toXml(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`;
  return { status: error.status, headers: { "content-type": "application/xml", "x-amz-request-id": requestId }, body };
}

export const noSuchBucket = (bucket = "") => new AwsError("NoSuchBucket", "The specified bucket does not exist", 404, "Sender", { BucketName: bucket });

export function s3Xml(body: string, requestId: string): AwsResponse {
  return {
    status: 200,
    headers: { "content-type": "application/xml", "x-amz-request-id": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/** S3 reports times to the second (Last-Modified is an HTTP date). */
export const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

function objectHeaders(object: ObjectRecord, length: number, request: AwsRequest): Record<string, string> {
  const headers: Record<string, string> = {
    etag: object.etag,
    "content-type": object.contentType,
    "content-length": String(length),
    "last-modified": new Date(object.lastModified).toUTCString(),
    "accept-ranges": "bytes",
  };
  // Like S3, the stored checksum comes back only when asked for (SDK v3 asks by default).
  if (object.checksum && String(request.headers["x-amz-checksum-mode"] ?? "").toUpperCase() === "ENABLED") {
    headers[`x-amz-checksum-${object.checksum.algorithm}`] = object.checksum.value;
  }
  return headers;
}

function requireBucket(bucket: BucketRecord | undefined, name: string | undefined): BucketRecord {
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

export function handleS3(state: SandboxState, op: S3Target, request: AwsRequest, requestId: string): AwsResponse {
  const base = { "x-amz-request-id": requestId };
  const bucket = op.bucket ? state.buckets[op.bucket] : undefined;
  switch (op.operation) {
    case "ListBuckets": {
      const buckets = Object.values(state.buckets).map((b) => ({ Name: b.name, CreationDate: new Date(toSecond(b.createdAt)).toISOString() }));
      const list = buckets.map((b) => `<Bucket>${toXml(b)}</Bucket>`).join("");
      return s3Xml(
        `<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner><ID>${ACCOUNT_ID}</ID></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`,
        requestId,
      );
    }
    case "CreateBucket": {
      const name = op.bucket!;
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name))
        throw new AwsError("InvalidBucketName", "The specified bucket is not valid.", 400, "Sender", { BucketName: name });
      // us-east-1 keeps S3's legacy answer: re-creating a bucket you own is a 200 there.
      if (bucket && request.region !== "us-east-1") {
        throw new AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, "Sender", {
          BucketName: name,
        });
      }
      state.buckets[name] ??= { name, createdAt: Date.now(), objects: table() };
      return { status: 200, headers: { ...base, location: `/${name}` }, body: "" };
    }
    case "HeadBucket":
      requireBucket(bucket, op.bucket);
      return { status: 200, headers: { ...base, "x-amz-bucket-region": request.region }, body: "" };
    case "DeleteBucket": {
      const found = requireBucket(bucket, op.bucket);
      if (Object.keys(found.objects).length) {
        throw new AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, "Sender", { BucketName: found.name });
      }
      delete state.buckets[found.name];
      return { status: 204, headers: base, body: "" };
    }
    case "PutObject": {
      const found = requireBucket(bucket, op.bucket);
      if (op.key!.length > 1024) throw new AwsError("KeyTooLongError", "Your key is too long");
      const { payload, checksum } = readPutBody(request.headers, request.body);
      const etag = `"${createHash("md5").update(payload).digest("hex")}"`;
      found.objects[op.key!] = {
        body: payload.toString("base64"),
        etag,
        contentType: String(request.headers["content-type"] ?? "binary/octet-stream"),
        lastModified: toSecond(Date.now()),
        ...(checksum ? { checksum } : {}),
      };
      const headers: Record<string, string> = { ...base, etag };
      if (checksum) headers[`x-amz-checksum-${checksum.algorithm}`] = checksum.value;
      return { status: 200, headers, body: "" };
    }
    case "HeadObject":
    case "GetObject": {
      const found = requireBucket(bucket, op.bucket);
      const object = found.objects[op.key!];
      if (!object) {
        if (op.operation === "HeadObject") throw new AwsError("NotFound", "Not Found", 404);
        throw new AwsError("NoSuchKey", "The specified key does not exist.", 404, "Sender", { Key: op.key! });
      }
      const body = Buffer.from(object.body, "base64");
      return { status: 200, headers: { ...base, ...objectHeaders(object, body.length, request) }, body: op.operation === "HeadObject" ? "" : body };
    }
    case "DeleteObject":
      delete requireBucket(bucket, op.bucket).objects[op.key!];
      return { status: 204, headers: base, body: "" };
    case "ListObjectsV2":
      return s3Xml(listObjectsV2(requireBucket(bucket, op.bucket), request.query), requestId);
    case "Unknown":
      throw new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
    default:
      throw new AwsError("NotImplemented", "A header or query you provided implies functionality that is not implemented.", 501);
  }
}
