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
    expect(got.failures).toEqual([{ imageId: { imageTag: "nope" }, failureCode: "ImageNotFound", failureReason: "Requested image not found" }]);
    await expect(ecr.send(new PutImageCommand({ repositoryName: "fresh/app", imageManifest: manifest, imageTag: "git_abcdef0" }))).rejects.toMatchObject({
      name: "ImageAlreadyExistsException",
      message: `Image with digest '${put.image?.imageId?.imageDigest}' and tag 'git_abcdef0' already exists in the repository with name 'fresh/app' in registry with id '123456789012'`,
    });
    await expect(ecr.send(new PutImageCommand({ repositoryName: "fresh/app", imageManifest: manifest, imageTag: "-bad" }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await ecr.send(new CreateRepositoryCommand({ repositoryName: "fixed", imageTagMutability: "IMMUTABLE" }));
    await ecr.send(new PutImageCommand({ repositoryName: "fixed", imageManifest: manifest, imageTag: "v1" }));
    const other = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json", layers: [{ size: 5 }] });
    await expect(ecr.send(new PutImageCommand({ repositoryName: "fixed", imageManifest: other, imageTag: "v1" }))).rejects.toMatchObject({
      name: "ImageTagAlreadyExistsException",
    });
  });

  it("keeps a page walk whole while images are pushed, and refuses a forged token", async () => {
    const control = sandboxControl(sandbox.url);
    await control.generateImages("walked", 250);
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribeImagesCommand({ repositoryName: "walked", maxResults: 100, nextToken }));
      for (const image of page.imageDetails ?? []) seen.add(image.imageDigest!);
      await control.pushImage({ repository: "walked", tag: `pushed-${seen.size}` });
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen.size).toBeGreaterThanOrEqual(250);
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: "walked", nextToken: "bm90LWEtdG9rZW4" }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    const ids = await ecr.send(new ListImagesCommand({ repositoryName: "walked", maxResults: 200 }));
    expect(ids.imageIds).toHaveLength(200);
    const more = await ecr.send(new ListImagesCommand({ repositoryName: "walked", maxResults: 200, nextToken: ids.nextToken }));
    expect(more.imageIds!.length).toBeGreaterThan(50);
    expect(more.nextToken).toBeUndefined();
  });

  it("names the region of the request's credential scope in ARNs and URIs", async () => {
    const eu = clientsFor(sandbox.url, { region: "eu-west-1" }).ecr;
    const { repositories } = await eu.send(new DescribeRepositoriesCommand({ repositoryNames: ["takumi-server"] }));
    expect(repositories?.[0]).toMatchObject({
      repositoryArn: "arn:aws:ecr:eu-west-1:123456789012:repository/takumi-server",
      repositoryUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/takumi-server",
    });
    const page = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 2 }));
    expect(page.repositories).toHaveLength(2);
    expect(page.nextToken).toBeDefined();
  });

  it("retries injected throttling, as the SDK does, and the sandbox counts every call", async () => {
    const control = sandboxControl(sandbox.url);
    await control.clearCalls();
    await control.fault({ service: "ecr", operation: "DescribeRepositories", code: "ThrottlingException", message: "Rate exceeded", count: 1 });
    const repos = await ecr.send(new DescribeRepositoriesCommand({}));
    expect(repos.repositories?.length).toBeGreaterThan(0);
    const { calls } = await control.calls();
    expect(calls.filter((c) => c.operation === "DescribeRepositories").map((c) => c.status)).toEqual([400, 200]);
    await control.fault({ service: "ecr", operation: "DescribeImages", code: "ThrottlingException", message: "Rate exceeded", count: 5 });
    const once = clientsFor(sandbox.url, { maxAttempts: 1 }).ecr;
    await expect(once.send(new DescribeImagesCommand({ repositoryName: "takumi-server" }))).rejects.toMatchObject({
      name: "ThrottlingException",
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400 },
    });
    await control.clearFaults();
  });
});
