import { describe, expect, it } from "vitest";
import { checksumOf, decodeAwsChunked, readPutBody } from "./s3-body";

// aws-chunked bodies as SDK v3 and the SigV4 streaming signer write them.

const chunked = (parts: string[], trailer: string, signed = false) =>
  Buffer.from(
    parts.map((p) => `${Buffer.byteLength(p).toString(16)}${signed ? ";chunk-signature=abc" : ""}\r\n${p}\r\n`).join("") +
      `0${signed ? ";chunk-signature=def" : ""}\r\n${trailer}\r\n`,
  );

describe("aws-chunked bodies", () => {
  it("decodes chunks (signed or not) and reads the trailing checksum", () => {
    const payload = "x".repeat(70_000);
    const crc = checksumOf("crc32", Buffer.from(payload))!;
    for (const signed of [false, true]) {
      const body = chunked([payload.slice(0, 65_536), payload.slice(65_536)], `x-amz-checksum-crc32:${crc}\r\n`, signed);
      const decoded = decodeAwsChunked(body);
      expect(decoded.payload.toString()).toBe(payload);
      expect(decoded.trailers["x-amz-checksum-crc32"]).toBe(crc);
    }
  });

  it("refuses a truncated body, a wrong decoded length and a wrong checksum like S3", () => {
    expect(() => decodeAwsChunked(Buffer.from("10\r\nshort"))).toThrow(expect.objectContaining({ code: "IncompleteBody" }));
    const headers = { "content-encoding": "aws-chunked", "x-amz-decoded-content-length": "5" };
    expect(() => readPutBody(headers, chunked(["hell"], ""))).toThrow(expect.objectContaining({ code: "IncompleteBody" }));
    expect(() => readPutBody(headers, chunked(["hello"], "x-amz-checksum-crc32:AAAAAA==\r\n"))).toThrow(expect.objectContaining({ code: "BadDigest" }));
    const sha = checksumOf("sha256", Buffer.from("hello"))!;
    expect(readPutBody(headers, chunked(["hello"], `x-amz-checksum-sha256:${sha}\r\n`))).toMatchObject({ checksum: { algorithm: "sha256", value: sha } });
  });
});
