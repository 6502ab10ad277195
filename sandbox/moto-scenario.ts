import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ListImagesCommand,
  PutImageCommand,
} from "@aws-sdk/client-ecr";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { clientsFor } from "./test-clients";

// The same ECR and S3 calls, run against the sandbox and against moto, each result reduced to
// comparable leaves: dates become "<date>", digests "<digest>", request ids are dropped.

export type Leaves = Record<string, string>;
type Step = { name: string; run: () => Promise<unknown> };

const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.docker.distribution.manifest.v2+json",
  config: { mediaType: "application/vnd.docker.container.image.v1+json", size: 1469, digest: `sha256:${"a".repeat(64)}` },
  layers: [
    { mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 31_000_000, digest: `sha256:${"b".repeat(64)}` },
    { mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 2_500_000, digest: `sha256:${"c".repeat(64)}` },
  ],
});

function flatten(value: unknown, prefix: string, out: Leaves): void {
  if (value instanceof Date) out[prefix] = "<date>";
  else if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${prefix}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value))
      if (key !== "$metadata" && key !== "Body" && child !== undefined) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else out[prefix] = String(value).replace(/sha256:[0-9a-f]{64}/g, "<digest>");
}

async function outcome(step: Step): Promise<Leaves> {
  const out: Leaves = {};
  try {
    flatten(await step.run(), step.name, out);
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    const message = e.message.replace(/sha256:[0-9a-f]{64}/g, "<digest>");
    Object.assign(out, { [`${step.name}!error`]: e.name, [`${step.name}!status`]: String(e.$metadata?.httpStatusCode), [`${step.name}!message`]: message });
  }
  return out;
}

export async function runScenario(endpoint: string): Promise<Leaves> {
  // One attempt, so a difference is never hidden by a retry; a long timeout, because moto
  // imports each service's backend on its first call (seconds on a busy machine).
  const { ecr, s3 } = clientsFor(endpoint, { maxAttempts: 1, requestTimeout: 60_000 });
  const repo = "cross/check";
  const bucket = "cross-check-bucket";
  const text = async (p: Promise<{ Body?: { transformToString(): Promise<string> } }>) => {
    const got = await p;
    return { ...got, text: await got.Body?.transformToString() };
  };
  const steps: Step[] = [
    { name: "CreateRepository", run: () => ecr.send(new CreateRepositoryCommand({ repositoryName: repo })) },
    { name: "CreateRepository.again", run: () => ecr.send(new CreateRepositoryCommand({ repositoryName: repo })) },
    { name: "CreateRepository.badName", run: () => ecr.send(new CreateRepositoryCommand({ repositoryName: "Bad_Name" })) },
    {
      name: "PutImage",
      run: async () => {
        const put = await ecr.send(new PutImageCommand({ repositoryName: repo, imageManifest: manifest, imageTag: "git_cf7edb2" }));
        // A registry names a manifest by the sha256 of its exact bytes.
        const digestIsManifestSha256 = put.image?.imageId?.imageDigest === `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
        return { ...put, digestIsManifestSha256 };
      },
    },
    { name: "PutImage.same", run: () => ecr.send(new PutImageCommand({ repositoryName: repo, imageManifest: manifest, imageTag: "git_cf7edb2" })) },
    { name: "PutImage.retag", run: () => ecr.send(new PutImageCommand({ repositoryName: repo, imageManifest: manifest, imageTag: "latest" })) },
    { name: "DescribeImages", run: () => ecr.send(new DescribeImagesCommand({ repositoryName: repo })) },
    { name: "DescribeImages.byTag", run: () => ecr.send(new DescribeImagesCommand({ repositoryName: repo, imageIds: [{ imageTag: "git_cf7edb2" }] })) },
    { name: "DescribeImages.missingTag", run: () => ecr.send(new DescribeImagesCommand({ repositoryName: repo, imageIds: [{ imageTag: "v1" }] })) },
    { name: "DescribeImages.missingRepo", run: () => ecr.send(new DescribeImagesCommand({ repositoryName: "r" })) },
    {
      name: "BatchGetImage",
      run: () => ecr.send(new BatchGetImageCommand({ repositoryName: repo, imageIds: [{ imageTag: "latest" }, { imageTag: "nope" }] })),
    },
    { name: "DescribeRepositories", run: () => ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repo] })) },
    { name: "DescribeRepositories.missing", run: () => ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["r"] })) },
    { name: "ListImages", run: () => ecr.send(new ListImagesCommand({ repositoryName: repo })) },
    { name: "CreateBucket", run: () => s3.send(new CreateBucketCommand({ Bucket: bucket })) },
    { name: "CreateBucket.again", run: () => s3.send(new CreateBucketCommand({ Bucket: bucket })) },
    { name: "HeadBucket", run: () => s3.send(new HeadBucketCommand({ Bucket: bucket })) },
    { name: "HeadBucket.missing", run: () => s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket-x" })) },
    {
      name: "PutObject",
      run: () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: "takumi-server/v 1.json", Body: '{"a":1}', ContentType: "application/json" })),
    },
    { name: "PutObject.missingBucket", run: () => s3.send(new PutObjectCommand({ Bucket: "no-such-bucket-x", Key: "k", Body: "x" })) },
    { name: "PutObject.nested", run: () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: "takumi-server/old/v0.json", Body: "{}" })) },
    { name: "HeadObject", run: () => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "takumi-server/v 1.json" })) },
    { name: "HeadObject.missing", run: () => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "nope" })) },
    { name: "GetObject", run: () => text(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "takumi-server/v 1.json" }))) },
    { name: "GetObject.missing", run: () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: "nope" })) },
    { name: "ListObjectsV2", run: () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "takumi-server/" })) },
    { name: "ListObjectsV2.delimiter", run: () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "takumi-server/", Delimiter: "/" })) },
    { name: "DeleteObject", run: () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "takumi-server/v 1.json" })) },
    { name: "DeleteObject.again", run: () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "takumi-server/v 1.json" })) },
  ];
  const leaves: Leaves = {};
  for (const step of steps) Object.assign(leaves, await outcome(step));
  ecr.destroy();
  s3.destroy();
  return leaves;
}

/** Leaves that differ between two runs: `path: sandbox | moto` (missing leaves as "(none)"). */
export function differences(sandbox: Leaves, moto: Leaves): string[] {
  const paths = [...new Set([...Object.keys(sandbox), ...Object.keys(moto)])].sort();
  return paths.filter((p) => sandbox[p] !== moto[p]).map((p) => `${p}: ${sandbox[p] ?? "(none)"} | ${moto[p] ?? "(none)"}`);
}
