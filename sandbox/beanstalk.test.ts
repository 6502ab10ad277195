import {
  CreateApplicationCommand,
  CreateApplicationVersionCommand,
  CreateEnvironmentCommand,
  CreateStorageLocationCommand,
  DeleteApplicationVersionCommand,
  DescribeApplicationsCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentHealthCommand,
  DescribeEnvironmentsCommand,
  UpdateEnvironmentCommand,
} from "@aws-sdk/client-elastic-beanstalk";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sandboxControl } from "./client";
import { startSandbox, type Sandbox } from "./server";
import { ARTICLE_TAG } from "./seed";
import { clientsFor } from "./test-clients";
import { BUCKET, IMAGE, registerVersion, v1, waitReady } from "./test-eb";

let sandbox: Sandbox;
let aws: ReturnType<typeof clientsFor>;
let control: ReturnType<typeof sandboxControl>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: 200 });
  aws = clientsFor(sandbox.url);
  control = sandboxControl(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => control.reset());

describe("Elastic Beanstalk through the real SDK", () => {
  it("describes the demo applications and environments, filtered like EB", async () => {
    const apps = await aws.eb.send(new DescribeApplicationsCommand({}));
    expect(apps.Applications?.map((a) => a.ApplicationName)).toEqual(expect.arrayContaining(["takumi-server", "takumi-web", "takumi-workers"]));
    expect(apps.Applications?.[0].DateCreated).toBeInstanceOf(Date);
    const envs = await aws.eb.send(new DescribeEnvironmentsCommand({ ApplicationName: "takumi-server" }));
    expect(envs.Environments?.map((e) => e.EnvironmentName).sort()).toEqual(["takumi-srv-dev", "takumi-srv-prod", "takumi-srv-staging"]);
    expect(envs.Environments?.[0]).toMatchObject({
      Status: "Ready",
      Health: "Green",
      SolutionStackName: "64bit Amazon Linux 2023 v4.3.0 running Docker",
      AbortableOperationInProgress: false,
    });
    expect(envs.Environments?.[0].DateUpdated).toBeInstanceOf(Date);
    expect(envs.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const byId = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentIds: [envs.Environments![1].EnvironmentId!] }));
    expect(byId.Environments?.map((e) => e.EnvironmentName)).toEqual([envs.Environments![1].EnvironmentName]);
    const ecs = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ["takumi-workers-dev"] }));
    expect(ecs.Environments?.[0].SolutionStackName).toBe("64bit Amazon Linux 2 v3.5.0 running ECS");
    await expect(aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ["abcd"] }))).resolves.toMatchObject({ Environments: [] });
  });

  it("answers AWS's errors for unknown names, duplicates, versions in use and missing parameters", async () => {
    await expect(aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "nope-env", VersionLabel: "x" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "No Environment found for EnvironmentName = 'nope-env'.",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "missing" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "No Application Version named 'missing' found.",
    });
    await registerVersion(aws, "dup", v1(`${IMAGE}:${ARTICLE_TAG}`));
    await expect(registerVersion(aws, "dup", v1(`${IMAGE}:${ARTICLE_TAG}`))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Application Version dup already exists.",
    });
    await expect(
      aws.eb.send(new CreateApplicationVersionCommand({ ApplicationName: "ghost", VersionLabel: "x", SourceBundle: { S3Bucket: BUCKET, S3Key: "k" } })),
    ).rejects.toMatchObject({ name: "InvalidParameterValue", message: "No Application named 'ghost' found." });
    const noBundle = { ApplicationName: "takumi-server", VersionLabel: "nobundle", SourceBundle: { S3Bucket: BUCKET, S3Key: "no/such.json" } };
    await expect(aws.eb.send(new CreateApplicationVersionCommand(noBundle))).rejects.toMatchObject({
      name: "InvalidParameterCombination",
      message: `Unable to download from S3 location (Bucket: ${BUCKET} Key: no/such.json). Reason: Not Found`,
    });
    const running = (await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ["takumi-srv-prod"] }))).Environments![0].VersionLabel!;
    await expect(aws.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: "takumi-server", VersionLabel: running }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: expect.stringContaining("is being used by environment(s): takumi-srv-prod"),
    });
    await aws.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: "takumi-server", VersionLabel: "dup" }));
    await expect(aws.eb.send(new CreateEnvironmentCommand({ ApplicationName: "takumi-server", EnvironmentName: "abc" }))).rejects.toMatchObject({
      name: "ValidationError",
    });
    await expect(aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "v".repeat(101) }))).rejects.toMatchObject({
      name: "ValidationError",
    });
    await expect(aws.eb.send(new CreateApplicationCommand({ ApplicationName: "" }))).rejects.toMatchObject({ name: "MissingParameter" });
    await expect(aws.eb.send(new DescribeEnvironmentHealthCommand({}))).rejects.toMatchObject({ name: "MissingParameter" });
  });

  it("refuses UpdateEnvironment while an update runs: Must be Ready", async () => {
    await registerVersion(aws, "busy", v1(`${IMAGE}:${ARTICLE_TAG}`));
    await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "busy" }));
    await expect(aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "busy" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Environment named takumi-srv-dev is in an invalid state for this operation. Must be Ready.",
    });
    await expect(aws.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: "takumi-server", VersionLabel: "busy" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
    });
    await waitReady(aws, "takumi-srv-dev");
  });

  it("enforces the application-version quota with AWS's message", async () => {
    const state = await control.state();
    await control.versionQuota(state.versions.length);
    await expect(registerVersion(aws, "one-too-many", v1(`${IMAGE}:${ARTICLE_TAG}`))).rejects.toMatchObject({
      name: "TooManyApplicationVersionsException",
      message: `You cannot have more than ${state.versions.length} Application Versions. Either remove some Application Versions or request a limit increase.`,
    });
  });

  it("creates applications, environments (Launching, then Ready), storage, and lists versions newest first", async () => {
    await aws.eb.send(new CreateApplicationCommand({ ApplicationName: "new-app" }));
    await expect(aws.eb.send(new CreateApplicationCommand({ ApplicationName: "new-app" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Application new-app already exists.",
    });
    const env = await aws.eb.send(new CreateEnvironmentCommand({ ApplicationName: "new-app", EnvironmentName: "new-app-dev" }));
    expect(env).toMatchObject({ EnvironmentName: "new-app-dev", Status: "Launching", Health: "Grey" });
    expect(await waitReady(aws, "new-app-dev")).toMatchObject({ Health: "Green", SolutionStackName: "64bit Amazon Linux 2023 v4.3.0 running Docker" });
    const storage = await aws.eb.send(new CreateStorageLocationCommand({}));
    expect(storage.S3Bucket).toBe(BUCKET);
    await registerVersion(aws, "newest", v1(`${IMAGE}:${ARTICLE_TAG}`));
    const all = await aws.eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: "takumi-server" }));
    expect(all.ApplicationVersions?.[0]).toMatchObject({ VersionLabel: "newest", Status: "UNPROCESSED", SourceBundle: { S3Bucket: BUCKET } });
    const first = await aws.eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: "takumi-server", MaxRecords: 2 }));
    const rest = await aws.eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: "takumi-server", MaxRecords: 1000, NextToken: first.NextToken }));
    expect([...first.ApplicationVersions!, ...rest.ApplicationVersions!].map((v) => v.VersionLabel)).toEqual(
      all.ApplicationVersions!.map((v) => v.VersionLabel),
    );
    expect(rest.NextToken).toBeUndefined();
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: "123456789012", Arn: expect.stringContaining("123456789012") });
  });

  it("answers only the health attributes asked for", async () => {
    const named = await aws.eb.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: "takumi-srv-prod" }));
    expect(named).toMatchObject({ EnvironmentName: "takumi-srv-prod" });
    expect(named.Color).toBeUndefined();
    const all = await aws.eb.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: "takumi-srv-prod", AttributeNames: ["All"] }));
    expect(all).toMatchObject({ Color: "Green", Status: "Ready", HealthStatus: "Ok", InstancesHealth: { Ok: 1 } });
    expect(all.RefreshedAt).toBeInstanceOf(Date);
  });

  it("retries injected Throttling (the SDK does; the sandbox counts every call) and times out on HANG, fails on RESET", async () => {
    await control.fault({ service: "elasticbeanstalk", operation: "DescribeApplications", code: "Throttling", message: "Rate exceeded", count: 1 });
    await expect(aws.eb.send(new DescribeApplicationsCommand({}))).resolves.toMatchObject({ Applications: expect.any(Array) });
    const quick = clientsFor(sandbox.url, { requestTimeout: 300, maxAttempts: 1 });
    await control.fault({ service: "elasticbeanstalk", operation: "DescribeEnvironments", code: "HANG" });
    await expect(quick.eb.send(new DescribeEnvironmentsCommand({}))).rejects.toMatchObject({ name: "TimeoutError" });
    await control.fault({ service: "elasticbeanstalk", operation: "DescribeEnvironments", code: "RESET" });
    await expect(quick.eb.send(new DescribeEnvironmentsCommand({}))).rejects.toMatchObject({ code: "ECONNRESET" });
    await control.fault({ service: "elasticbeanstalk", operation: "UpdateEnvironment", code: "InternalFailure", httpStatus: 500, count: 1 });
    await expect(quick.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "x" }))).rejects.toMatchObject({
      name: "InternalFailure",
      $metadata: { httpStatusCode: 500 },
    });
    const { calls } = await control.calls();
    expect(calls.map((c) => `${c.operation}:${c.status}`)).toEqual([
      "DescribeApplications:400",
      "DescribeApplications:200",
      "DescribeEnvironments:0",
      "DescribeEnvironments:0",
      "UpdateEnvironment:500",
    ]);
    expect(calls[4].params).toMatchObject({ EnvironmentName: "takumi-srv-dev", VersionLabel: "x" });
    expect(calls[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
