import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsCallError } from "@/lib/core/errors";
import { sandboxControl } from "@/sandbox/client";
import { startSandbox } from "@/sandbox/server";
import { createAwsPorts, onAwsCall, type AwsCall } from "./index";

// The adapters through the real SDK clients against the sandbox over HTTP: error mapping,
// "already exists" as success, the timeout on a call that never answers, and the call hook.

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let aws: ReturnType<typeof createAwsPorts>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: 200 });
  aws = createAwsPorts({ region: "us-east-1", endpoint: sandbox.url, connectTimeoutMs: 500, requestTimeoutMs: 400, maxAttempts: 2 });
});
afterAll(async () => sandbox.close());

describe("AWS adapters", () => {
  it("reports every call to onAwsCall listeners, once per logical call (retries included)", async () => {
    const seen: AwsCall[] = [];
    const off = onAwsCall((call) => seen.push(call));
    await sandboxControl(sandbox.url).fault({ service: "ecr", operation: "DescribeImages", code: "ThrottlingException", message: "Rate exceeded", count: 1 });
    const image = await aws.registry.findImage("takumi-server", { tag: "git_cf7edb2" });
    await expect(aws.beanstalk.updateEnvironment("no-such-env", "x")).rejects.toMatchObject({
      awsCode: "InvalidParameterValue",
      operation: "UpdateEnvironment",
    });
    off();
    expect(image?.repositoryUri).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server");
    expect(seen.map(({ service, operation, ok, errorCode }) => ({ service, operation, ok, errorCode }))).toEqual([
      { service: "ECR", operation: "DescribeImages", ok: true, errorCode: undefined },
      { service: "ElasticBeanstalk", operation: "UpdateEnvironment", ok: false, errorCode: "InvalidParameterValue" },
    ]);
  });

  it("maps a missing tag or repository to null, and treats an existing version as created", async () => {
    expect(await aws.registry.findImage("takumi-server", { tag: "git_nothere" })).toBeNull();
    expect(await aws.registry.findImage("no-such-repo", { tag: "x" })).toBeNull();
    const [version] = await aws.beanstalk.listVersions("takumi-server");
    const bucket = await aws.beanstalk.storageBucket();
    await expect(
      aws.beanstalk.createVersion({ application: "takumi-server", label: version.label, bucket, key: "takumi-server/x.json", description: "again" }),
    ).resolves.toBeUndefined();
  });

  it("lists a 10,000-image repository in 10 DescribeImages calls of maxResults 1000, every image once (benchmark 2)", async () => {
    const control = sandboxControl(sandbox.url);
    await control.generateImages("ten-thousand", 10_000);
    await control.clearCalls();
    const listing = await aws.registry.listImages("ten-thousand");
    const calls = (await control.calls()).calls.filter((c) => c.operation === "DescribeImages");
    expect(listing?.images).toHaveLength(10_000);
    expect(new Set(listing?.images.map((i) => i.digest)).size).toBe(10_000);
    expect(calls).toHaveLength(10);
    expect(calls.every((c) => c.params.repositoryName === "ten-thousand" && c.params.maxResults === 1000 && !c.params.imageIds)).toBe(true);
  });

  it("a call that never answers fails with a timeout instead of hanging", async () => {
    await sandboxControl(sandbox.url).fault({ service: "elasticbeanstalk", operation: "DescribeEnvironments", code: "HANG", count: 2 });
    const started = Date.now();
    const error = await aws.beanstalk.describeEnvironments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
