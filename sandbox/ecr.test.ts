import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ListImagesCommand,
  PutImageCommand,
  paginateDescribeImages,
} from "@aws-sdk/client-ecr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxControl } from "./client";
import { startSandbox, type Sandbox } from "./server";
import { ARTICLE_TAG } from "./seed";
import { clientsFor } from "./test-clients";

let sandbox: Sandbox;
let ecr: ReturnType<typeof clientsFor>["ecr"];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo" });
  ecr = clientsFor(sandbox.url).ecr;
});
afterAll(() => sandbox.close());

describe("ECR through the real SDK", () => {
  it("describes the demo repository and finds the article's image by tag", async () => {
    const repos = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["takumi-server"] }));
    expect(repos.repositories?.[0]).toMatchObject({
      repositoryName: "takumi-server",
      registryId: "123456789012",
      repositoryUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server",
      repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/takumi-server",
    });
    const found = await ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", imageIds: [{ imageTag: ARTICLE_TAG }] }));
    const detail = found.imageDetails?.[0];
    expect(detail?.imageTags).toEqual([ARTICLE_TAG]);
    expect(detail?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(detail?.imagePushedAt).toBeInstanceOf(Date);
    expect(detail?.imageSizeInBytes).toBeGreaterThan(0);
  });

  it("answers AWS's errors for a missing image and repository", async () => {
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", imageIds: [{ imageTag: "v1" }] }))).rejects.toMatchObject({
      name: "ImageNotFoundException",
      message:
        "The image with imageId {imageDigest:'null', imageTag:'v1'} does not exist within the repository with name 'takumi-server' in the registry with id '123456789012'",
    });
    await expect(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["r"] }))).rejects.toMatchObject({
      name: "RepositoryNotFoundException",
      message: "The repository with name 'r' does not exist in the registry with id '123456789012'",
    });
  });

  it("paginates 10,000 images with maxResults 1000 in ten calls, every image once", async () => {
    const control = sandboxControl(sandbox.url);
    await control.generateImages("big-repo", 10_000);
    await control.clearCalls();
    const digests = new Set<string>();
    for await (const page of paginateDescribeImages({ client: ecr, pageSize: 1000 }, { repositoryName: "big-repo", maxResults: 1000 })) {
      for (const image of page.imageDetails ?? []) digests.add(image.imageDigest!);
    }
    expect(digests.size).toBe(10_000);
    const { calls } = await control.calls();
    expect(calls.filter((c) => c.operation === "DescribeImages")).toHaveLength(10);
  });

  it("validates maxResults and refuses imageIds with pagination", async () => {
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", maxResults: 1001 }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", maxResults: 5, imageIds: [{ imageTag: ARTICLE_TAG }] })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });

  it("filters by tag status and lists image ids", async () => {
    const untagged = await ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", filter: { tagStatus: "UNTAGGED" } }));
    expect(untagged.imageDetails?.length).toBe(1);
    expect(untagged.imageDetails?.[0].imageTags).toBeUndefined();
    const ids = await ecr.send(new ListImagesCommand({ repositoryName: "takumi-server", filter: { tagStatus: "TAGGED" }, maxResults: 1000 }));
    expect(ids.imageIds?.some((id) => id.imageTag === ARTICLE_TAG)).toBe(true);
  });

  it("creates a repository, pushes a manifest and reads it back", async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: "fresh/app" }));
    await expect(ecr.send(new CreateRepositoryCommand({ repositoryName: "fresh/app" }))).rejects.toMatchObject({ name: "RepositoryAlreadyExistsException" });
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json", layers: [] });
    const put = await ecr.send(new PutImageCommand({ repositoryName: "fresh/app", imageManifest: manifest, imageTag: "git_abcdef0" }));
    const got = await ecr.send(new BatchGetImageCommand({ repositoryName: "fresh/app", imageIds: [{ imageTag: "git_abcdef0" }, { imageTag: "nope" }] }));
    expect(got.images?.[0].imageId?.imageDigest).toBe(put.image?.imageId?.imageDigest);
    expect(got.images?.[0].imageManifest).toBe(manifest);
    expect(got.failures).toHaveLength(1);
  });

  it("retries injected throttling, as the SDK does, and the sandbox counts every call", async () => {
    const control = sandboxControl(sandbox.url);
    await control.clearCalls();
    await control.fault({ service: "ecr", operation: "DescribeRepositories", code: "ThrottlingException", message: "Rate exceeded", count: 2 });
    const repos = await ecr.send(new DescribeRepositoriesCommand({}));
    expect(repos.repositories?.length).toBeGreaterThan(0);
    const { calls } = await control.calls();
    expect(calls.filter((c) => c.operation === "DescribeRepositories").map((c) => c.status)).toEqual([400, 400, 200]);
  });
});
