import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { services } from "@/lib/services";
import { deployer, useEngine, waitForDeploy } from "@/test/engine-harness";

// An AWS failure at each worker step, injected through the sandbox: throttling the SDK
// retries, a permanent 4xx, a 5xx on every attempt, a call that never answers (HANG) and a
// dropped connection (RESET). Each ends FAILED with AWS's code, or SUCCEEDED when the SDK's
// retry absorbed it; never stuck, never a duplicate version, and a retry afterwards succeeds.

// Reconcile must not re-drive a step that is merely slow (a HANG takes 3 attempts x the request timeout).
const engine = useEngine({ env: { DPL_STALE_AFTER_MS: "60000", DPL_AWS_REQUEST_TIMEOUT_MS: "1000" } });
const app = "takumi-server";
const env = "takumi-srv-dev";

type Fault = { name: string; code: string; httpStatus: number; count: number; recovers: boolean; message?: string };
const faults: Fault[] = [
  { name: "throttling", code: "Throttling", httpStatus: 400, count: 1, recovers: true, message: "Rate exceeded" },
  { name: "permanent 4xx", code: "InvalidParameterValue", httpStatus: 400, count: 1, recovers: false, message: "Injected permanent failure" },
  { name: "5xx on every attempt", code: "InternalFailure", httpStatus: 500, count: 3, recovers: false, message: "Injected server error" },
  { name: "HANG", code: "HANG", httpStatus: 0, count: 3, recovers: false },
  { name: "RESET", code: "RESET", httpStatus: 0, count: 3, recovers: false },
];
const steps = [
  { service: "s3", operation: "PutObject", s3Throttle: "SlowDown", s3Code: "AccessDenied", s3Status: 403 },
  { service: "elasticbeanstalk", operation: "CreateApplicationVersion" },
  { service: "elasticbeanstalk", operation: "UpdateEnvironment" },
];

let counter = 0;
const freshTag = () => `git_fa${(counter++).toString(16).padStart(5, "0")}`;

describe.each(steps)("an AWS failure at $operation", { timeout: 90_000 }, (step) => {
  it.each(faults)("$name", async (fault) => {
    const tag = freshTag();
    await engine.control().pushImage({ repository: app, tag });
    const code =
      step.operation === "PutObject" && fault.code === "Throttling"
        ? (step.s3Throttle as string)
        : step.operation === "PutObject" && fault.code === "InvalidParameterValue"
          ? (step.s3Code as string)
          : fault.code;
    const httpStatus =
      step.operation === "PutObject" && fault.code === "Throttling"
        ? 503
        : step.operation === "PutObject" && fault.code === "InvalidParameterValue"
          ? (step.s3Status as number)
          : fault.httpStatus;
    await engine
      .control()
      .fault({ service: step.service, operation: step.operation, code, message: fault.message, httpStatus: httpStatus || undefined, count: fault.count });
    const { deploy } = await services().startDeploy(deployer, { application: app, environment: env, tag, source: "API" });
    const done = await waitForDeploy(deploy.id);
    if (fault.recovers) {
      expect(done.status).toBe("SUCCEEDED");
    } else {
      expect(done.status).toBe("FAILED");
      expect(done.errorCode).toBeTruthy();
      if (fault.code !== "HANG" && fault.code !== "RESET") expect(done.errorCode).toBe(code);
      expect(done.errorMessage).toContain(step.operation);
      const failure = await db().auditEvent.findFirst({ where: { deployId: deploy.id, action: "deploy.failed" } });
      expect(failure).toMatchObject({ outcome: "FAILURE", code: done.errorCode });
      await engine.control().clearFaults();
      const retry = await services().startDeploy(deployer, { application: app, environment: env, tag, source: "API" });
      expect((await waitForDeploy(retry.deploy.id)).status).toBe("SUCCEEDED");
    }
    const labels = (await services().deps.aws.beanstalk.listVersions(app)).map((v) => v.label).filter((label) => label.startsWith(`${tag}-`));
    expect(labels).toHaveLength(1);
  });
});

describe("AWS failures in the request", { timeout: 90_000 }, () => {
  it("a verification read that fails is a 502 AWS_ERROR with AWS's code, audited, and no deploy", async () => {
    await engine
      .control()
      .fault({ service: "ecr", operation: "DescribeImages", code: "AccessDeniedException", message: "not allowed", httpStatus: 400, count: 1 });
    const before = await db().deploy.count();
    await expect(
      services().startDeploy(deployer, { application: app, environment: env, tag: "git_cf7edb2", force: true, source: "API" }),
    ).rejects.toMatchObject({
      code: "AWS_ERROR",
      details: { awsCode: "AccessDeniedException", operation: "DescribeImages" },
    });
    expect(await db().deploy.count()).toBe(before);
    expect(await db().auditEvent.findFirst({ where: { action: "deploy.refused", code: "AWS_ERROR" } })).toMatchObject({
      outcome: "FAILURE",
      environmentName: env,
    });
  });

  it("a tracking poll that fails is retried on the next poll, not a failed deploy", async () => {
    const tag = freshTag();
    await engine.control().pushImage({ repository: app, tag });
    await engine.control().fault({ service: "elasticbeanstalk", operation: "DescribeEvents", code: "InternalFailure", httpStatus: 500, count: 4 });
    const { deploy } = await services().startDeploy(deployer, { application: app, environment: env, tag, source: "API" });
    expect((await waitForDeploy(deploy.id)).status).toBe("SUCCEEDED");
  });
});
