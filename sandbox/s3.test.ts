import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxControl } from "./client";
import { startSandbox, type Sandbox } from "./server";
import { clientOptions, clientsFor } from "./test-clients";

let sandbox: Sandbox;
let s3: ReturnType<typeof clientsFor>["s3"];
const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "sandbox-")), "state.json");

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "empty", stateFile });
  s3 = clientsFor(sandbox.url).s3;
});
afterAll(() => sandbox.close());

describe("S3 through the real SDK (path-style, default checksums)", () => {
  it("creates a bucket (again is fine in us-east-1, refused elsewhere, as on S3); HeadBucket finds it", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "dpl-bundles" }));
    await expect(s3.send(new CreateBucketCommand({ Bucket: "dpl-bundles" }))).resolves.toMatchObject({ Location: "/dpl-bundles" });
    const euS3 = new S3Client({ ...clientOptions(sandbox.url), region: "eu-west-1", forcePathStyle: true });
    await expect(euS3.send(new CreateBucketCommand({ Bucket: "dpl-bundles" }))).rejects.toMatchObject({
      name: "BucketAlreadyOwnedByYou",
      $metadata: { httpStatusCode: 409 },
    });
    await expect(s3.send(new HeadBucketCommand({ Bucket: "dpl-bundles" }))).resolves.toBeDefined();
    await expect(s3.send(new HeadBucketCommand({ Bucket: "missing-bucket" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it("stores a streamed (aws-chunked) upload byte for byte", async () => {
    const payload = Buffer.from(JSON.stringify({ AWSEBDockerrunVersion: "1", pad: "x".repeat(70_000) }));
    const stream = Readable.from([payload.subarray(0, 30_000), payload.subarray(30_000)]);
    await s3.send(new PutObjectCommand({ Bucket: "dpl-bundles", Key: "app/v1.json", Body: stream, ContentLength: payload.length }));
    const got = await s3.send(new GetObjectCommand({ Bucket: "dpl-bundles", Key: "app/v1.json" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(payload)).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: "dpl-bundles", Key: "app/v1.json" }));
    expect(head.ContentLength).toBe(payload.length);
    // Over 2 MB the SDK asks for "Expect: 100-continue" first.
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await s3.send(new PutObjectCommand({ Bucket: "dpl-bundles", Key: "app/big.zip", Body: big }));
    const bigBack = await s3.send(new GetObjectCommand({ Bucket: "dpl-bundles", Key: "app/big.zip" }));
    expect(Buffer.from(await bigBack.Body!.transformToByteArray()).equals(big)).toBe(true);
    await s3.send(new DeleteObjectCommand({ Bucket: "dpl-bundles", Key: "app/big.zip" }));
  });

  it("lists with a prefix, deletes, and answers AWS's errors", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "dpl-bundles", Key: "app/v2.json", Body: "{}" }));
    await s3.send(new PutObjectCommand({ Bucket: "dpl-bundles", Key: "other/v1.json", Body: "{}" }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: "dpl-bundles", Prefix: "app/", MaxKeys: 1 }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(["app/v1.json"]);
    expect(listed.IsTruncated).toBe(true);
    const next = await s3.send(new ListObjectsV2Command({ Bucket: "dpl-bundles", Prefix: "app/", ContinuationToken: listed.NextContinuationToken }));
    expect(next.Contents?.map((c) => c.Key)).toEqual(["app/v2.json"]);
    await s3.send(new DeleteObjectCommand({ Bucket: "dpl-bundles", Key: "app/v2.json" }));
    await expect(s3.send(new HeadObjectCommand({ Bucket: "dpl-bundles", Key: "app/v2.json" }))).rejects.toMatchObject({ name: "NotFound" });
    await expect(s3.send(new GetObjectCommand({ Bucket: "dpl-bundles", Key: "app/v2.json" }))).rejects.toMatchObject({ name: "NoSuchKey" });
    await expect(s3.send(new PutObjectCommand({ Bucket: "nope-bucket", Key: "k", Body: "x" }))).rejects.toMatchObject({
      name: "NoSuchBucket",
      message: "The specified bucket does not exist",
      BucketName: "nope-bucket",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("verifies and echoes the CRC32 the SDK sends; GetObject's checksum validation passes", async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: "dpl-bundles", Key: "sum/hello.json", Body: "hello" }));
    expect(put.ChecksumCRC32).toBe("NhCmhg==");
    const got = await s3.send(new GetObjectCommand({ Bucket: "dpl-bundles", Key: "sum/hello.json", ChecksumMode: "ENABLED" }));
    expect(got.ChecksumCRC32).toBe("NhCmhg==");
    expect(await got.Body!.transformToString()).toBe("hello");
    const wrong = await fetch(`${sandbox.url}/dpl-bundles/sum/wrong.json`, { method: "PUT", headers: { "x-amz-checksum-crc32": "AAAAAA==" }, body: "hello" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("<Code>BadDigest</Code>");
    const md5 = await fetch(`${sandbox.url}/dpl-bundles/sum/md5.json`, {
      method: "PUT",
      headers: { "content-md5": "AAAAAAAAAAAAAAAAAAAAAA==" },
      body: "hello",
    });
    expect(await md5.text()).toContain("<Code>BadDigest</Code>");
  });

  it("rolls keys up by Delimiter into CommonPrefixes, and lists buckets", async () => {
    for (const key of ["tree/a/1.json", "tree/a/2.json", "tree/b/1.json", "tree/top.json"]) {
      await s3.send(new PutObjectCommand({ Bucket: "dpl-bundles", Key: key, Body: "{}" }));
    }
    const level = await s3.send(new ListObjectsV2Command({ Bucket: "dpl-bundles", Prefix: "tree/", Delimiter: "/" }));
    expect(level.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["tree/a/", "tree/b/"]);
    expect(level.Contents?.map((c) => c.Key)).toEqual(["tree/top.json"]);
    expect(level.KeyCount).toBe(3);
    const paged = await s3.send(new ListObjectsV2Command({ Bucket: "dpl-bundles", Prefix: "tree/", Delimiter: "/", MaxKeys: 1 }));
    const next = await s3.send(
      new ListObjectsV2Command({ Bucket: "dpl-bundles", Prefix: "tree/", Delimiter: "/", MaxKeys: 1, ContinuationToken: paged.NextContinuationToken }),
    );
    expect([paged.CommonPrefixes?.[0].Prefix, next.CommonPrefixes?.[0].Prefix]).toEqual(["tree/a/", "tree/b/"]);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: "dpl-bundles", Prefix: "tree/", StartAfter: "tree/a/2.json" }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(["tree/b/1.json", "tree/top.json"]);
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toContain("dpl-bundles");
  });

  it("keeps its state in the state file across a restart", async () => {
    await sandbox.close();
    sandbox = await startSandbox({ port: 0, seed: "empty", stateFile });
    s3 = clientsFor(sandbox.url).s3;
    await expect(s3.send(new HeadObjectCommand({ Bucket: "dpl-bundles", Key: "app/v1.json" }))).resolves.toBeDefined();
    expect((await sandboxControl(sandbox.url).state()).buckets["dpl-bundles"]).toBeDefined();
  });

  it("answers malformed requests with AWS-shaped 4xx, never a crash", async () => {
    const ecr = await fetch(sandbox.url, {
      method: "POST",
      headers: { "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.DescribeImages", "content-type": "application/x-amz-json-1.1" },
      body: "{not json",
    });
    expect(ecr.status).toBe(400);
    expect(await ecr.json()).toMatchObject({ __type: "SerializationException" });
    const eb = await fetch(sandbox.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=Explode&Version=2010-12-01",
    });
    expect(eb.status).toBe(400);
    expect(await eb.text()).toContain("<Code>InvalidAction</Code>");
    const missing = await fetch(sandbox.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=UpdateEnvironment&Version=2010-12-01",
    });
    expect(await missing.text()).toContain("<Code>MissingParameter</Code>");
    const control = await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", body: "[]" });
    expect(control.status).toBe(400);
  });
});
