import { DescribeImagesCommand, DescribeRepositoriesCommand } from "@aws-sdk/client-ecr";
import { DescribeEnvironmentsCommand } from "@aws-sdk/client-elastic-beanstalk";
import { HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxControl } from "./client";
import { startSandbox, type Sandbox } from "./server";
import { clientsFor } from "./test-clients";

// The control API of DESIGN.md ("Sandbox control"), driven the way other tests drive it.

let sandbox: Sandbox;
let aws: ReturnType<typeof clientsFor>;
let control: ReturnType<typeof sandboxControl>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: 100 });
  aws = clientsFor(sandbox.url);
  control = sandboxControl(sandbox.url);
});
afterAll(() => sandbox.close());

const post = (path: string, body: string) =>
  fetch(`${sandbox.url}/_sandbox/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("sandbox control", () => {
  it("pushes an image as CI would (new digest each push; a tag moves), visible through ECR", async () => {
    const first = await control.pushImage({ repository: "takumi-server", tag: "git_abc1234", pushedAt: "2026-01-02T03:04:05.000Z", sizeBytes: 1234 });
    expect(first).toMatchObject({
      imageTags: ["git_abc1234"],
      imagePushedAt: "2026-01-02T03:04:05.000Z",
      imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const [detail] = (await aws.ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", imageIds: [{ imageTag: "git_abc1234" }] })))
      .imageDetails!;
    expect(detail).toMatchObject({ imageDigest: first.imageDigest, imageSizeInBytes: 1234, imagePushedAt: new Date("2026-01-02T03:04:05.000Z") });
    const again = await control.pushImage({ repository: "takumi-server", tag: "git_abc1234", digest: `sha256:${"ab".repeat(32)}` });
    expect(again.imageDigest).toBe(`sha256:${"ab".repeat(32)}`);
    const moved = (await aws.ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", imageIds: [{ imageDigest: first.imageDigest }] })))
      .imageDetails!;
    expect(moved[0].imageTags).toBeUndefined();
    const bad = await post("images", JSON.stringify({ repository: "takumi-server", tag: "-nope" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("tag");
  });

  it("generates 10,000 images in one repository quickly", async () => {
    const started = Date.now();
    const { images } = await control.generateImages("huge", 10_000);
    expect(images).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    const state = await control.state();
    expect(new Set(state.repositories.huge.images.map((i) => i.tags[0])).size).toBe(10_000);
  });

  it("injects faults for exactly `count` calls, in the service's own error shape", async () => {
    await control.fault({ service: "s3", operation: "HeadBucket", code: "SlowDown", message: "Please reduce your request rate.", httpStatus: 503, count: 2 });
    const { faults } = (await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()) as { faults: { count: number }[] };
    expect(faults).toEqual([expect.objectContaining({ service: "s3", operation: "HeadBucket", count: 2 })]);
    const once = clientsFor(sandbox.url, { maxAttempts: 1 });
    await expect(once.s3.send(new HeadBucketCommand({ Bucket: "elasticbeanstalk-us-east-1-123456789012" }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    await expect(once.s3.send(new HeadBucketCommand({ Bucket: "elasticbeanstalk-us-east-1-123456789012" }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    await expect(once.s3.send(new HeadBucketCommand({ Bucket: "elasticbeanstalk-us-east-1-123456789012" }))).resolves.toBeDefined();
    await control.fault({ service: "s3", operation: "PutObject", code: "AccessDenied", message: "Access Denied", httpStatus: 403 });
    await expect(once.s3.send(new PutObjectCommand({ Bucket: "elasticbeanstalk-us-east-1-123456789012", Key: "k", Body: "x" }))).rejects.toMatchObject({
      name: "AccessDenied",
      message: "Access Denied",
    });
  });

  it("adds latency to every AWS call and records calls in order with timings; control calls are not recorded", async () => {
    await control.clearCalls();
    await control.latency(60);
    await aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ["takumi-server"] }));
    await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ["takumi-srv-dev"] }));
    await control.latency(0);
    await control.state();
    const { calls } = await control.calls();
    expect(calls).toEqual([
      expect.objectContaining({ service: "ecr", operation: "DescribeRepositories", status: 200, params: { repositoryNames: ["takumi-server"] } }),
      expect.objectContaining({
        service: "elasticbeanstalk",
        operation: "DescribeEnvironments",
        status: 200,
        params: { "EnvironmentNames.member.1": "takumi-srv-dev" },
      }),
    ]);
    expect(calls.every((c) => c.durationMs >= 55)).toBe(true);
    expect(Date.parse(calls[1].at)).toBeGreaterThanOrEqual(Date.parse(calls[0].at) + 55);
    await control.clearCalls();
    expect((await control.calls()).calls).toEqual([]);
  });

  it("sets the next deploy's outcome only for a known environment, and validates every body", async () => {
    expect((await post("outcomes", JSON.stringify({ environment: "ghost-env", health: "Red" }))).status).toBe(404);
    expect((await post("outcomes", JSON.stringify({ environment: "takumi-srv-dev", health: "Blue" }))).status).toBe(400);
    expect((await post("latency", "{not json")).status).toBe(400);
    expect((await post("faults", JSON.stringify({ service: "lambda", operation: "Invoke", code: "X" }))).status).toBe(400);
    expect((await fetch(`${sandbox.url}/_sandbox/nothing`)).status).toBe(404);
    await control.outcome({ environment: "takumi-srv-dev", health: "Red", afterMs: 5 });
    expect((await control.state()).outcomes["takumi-srv-dev"]).toEqual({ health: "Red", afterMs: 5 });
  });

  it("resets to the seed it started with: images, outcomes, faults, latency and calls", async () => {
    await control.pushImage({ repository: "takumi-server", tag: "git_reset00" });
    await control.fault({ service: "ecr", operation: "DescribeImages", code: "ThrottlingException" });
    await control.latency(500);
    await control.reset();
    const state = await control.state();
    expect(state.repositories["takumi-server"].images.some((i) => i.tags.includes("git_reset00"))).toBe(false);
    expect(state.repositories.huge).toBeUndefined();
    expect(state.outcomes).toEqual({});
    const started = Date.now();
    await expect(aws.ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", maxResults: 5 }))).resolves.toBeDefined();
    expect(Date.now() - started).toBeLessThan(450);
    expect((await control.calls()).calls).toHaveLength(1);
  });
});
