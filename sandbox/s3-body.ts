import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { crc32 } from "node:zlib";
import { AwsError } from "./wire";

// The body of a PutObject as S3 receives it. SDK v3 sends, by default, `content-encoding:
// aws-chunked` with `x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`: chunks of
// `<hex size>[;chunk-signature=..]\r\n<data>\r\n`, a `0\r\n` chunk, then trailing headers
// carrying the checksum (`x-amz-checksum-crc32:<base64>`). A known-length body instead carries
// the checksum as a request header. S3 verifies either, and so do we.

export type Checksum = { algorithm: string; value: string };
type Headers = IncomingMessage["headers"];

export function isAwsChunked(headers: Headers): boolean {
  const encoding = String(headers["content-encoding"] ?? "");
  const sha = String(headers["x-amz-content-sha256"] ?? "");
  return encoding.includes("aws-chunked") || sha.startsWith("STREAMING-");
}

/** Decodes an aws-chunked body: the payload, and the trailing headers (lower-cased names). */
export function decodeAwsChunked(body: Buffer): { payload: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd < 0) throw new AwsError("IncompleteBody", "The request body terminated unexpectedly");
    const size = parseInt(body.subarray(offset, lineEnd).toString("latin1").split(";")[0], 16);
    if (Number.isNaN(size) || size < 0) throw new AwsError("InvalidChunkSizeError", "Only the last chunk is allowed to have a size less than 8192 bytes");
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.length) throw new AwsError("IncompleteBody", "The request body terminated unexpectedly");
    parts.push(body.subarray(offset, offset + size));
    offset += size + 2;
  }
  for (const line of body.subarray(offset).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(parts), trailers };
}

const ALGORITHMS = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"] as const;

/** Base64 checksum of `payload`, or undefined for algorithms Node has no primitive for. */
export function checksumOf(algorithm: string, payload: Buffer): string | undefined {
  switch (algorithm) {
    case "crc32": {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(crc32(payload) >>> 0);
      return out.toString("base64");
    }
    case "sha1":
    case "sha256":
      return createHash(algorithm).update(payload).digest("base64");
    default:
      return undefined; // CRC32C and CRC64NVME are stored as sent, not verified
  }
}

/** The payload of a PutObject, its checksum verified like S3 does (BadDigest on mismatch). */
export function readPutBody(headers: Headers, raw: Buffer): { payload: Buffer; checksum?: Checksum } {
  let payload = raw;
  let sent: Record<string, string> = {};
  if (isAwsChunked(headers)) {
    const decoded = decodeAwsChunked(raw);
    payload = decoded.payload;
    sent = decoded.trailers;
    const declared = headers["x-amz-decoded-content-length"];
    if (declared !== undefined && Number(declared) !== payload.length) {
      throw new AwsError("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
    }
  }
  const md5 = headers["content-md5"];
  if (typeof md5 === "string" && createHash("md5").update(payload).digest("base64") !== md5) {
    throw new AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.");
  }
  for (const algorithm of ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const value = sent[name] ?? headers[name];
    if (typeof value !== "string") continue;
    const actual = checksumOf(algorithm, payload);
    if (actual !== undefined && actual !== value) {
      throw new AwsError("BadDigest", `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    }
    return { payload, checksum: { algorithm, value } };
  }
  return { payload };
}
