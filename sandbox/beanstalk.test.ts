import {
  AbortEnvironmentUpdateCommand,
  CreateApplicationCommand,
  CreateApplicationVersionCommand,
  CreateEnvironmentCommand,
  CreateStorageLocationCommand,
  DeleteApplicationVersionCommand,
  DescribeApplicationsCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentHealthCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  UpdateEnvironmentCommand,
  type EventDescription,
} from "@aws-sdk/client-elastic-beanstalk";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sandboxControl } from "./client";
import { startSandbox, type Sandbox } from "./server";
import { ARTICLE_TAG } from "./seed";
import { clientsFor } from "./test-clients";

const DURATION = 200;
const BUCKET = "elasticbeanstalk-us-east-1-123456789012";
const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server";
let sandbox: Sandbox;
let aws: ReturnType<typeof clientsFor>;
let control: ReturnType<typeof sandboxControl>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: DURATION });
  aws = clientsFor(sandbox.url);
  control = sandboxControl(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => control.reset());

async function registerVersion(label: string, dockerrun: unknown, application = "takumi-server") {
  const key = `${application}/${label}.json`;
  await aws.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(dockerrun) }));
  await aws.eb.send(
    new CreateApplicationVersionCommand({ ApplicationName: application, VersionLabel: label, SourceBundle: { S3Bucket: BUCKET, S3Key: key }, Process: false }),
  );
}

const v1 = (image: string) => ({ AWSEBDockerrunVersion: "1", Image: { Name: image, Update: "true" }, Ports: [{ ContainerPort: "8080" }] });

async function waitReady(environment: string) {
  for (let i = 0; i < 100; i++) {
    const { Environments } = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [environment] }));
    if (Environments?.[0].Status === "Ready") return Environments[0];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("environment never became Ready");
}

async function eventsOf(requestId: string): Promise<EventDescription[]> {
  return (await aws.eb.send(new DescribeEventsCommand({ RequestId: requestId, EnvironmentName: "takumi-srv-dev" }))).Events ?? [];
}

describe("Elastic Beanstalk through the real SDK", () => {
  it("describes the demo applications and environments", async () => {
    const apps = await aws.eb.send(new DescribeApplicationsCommand({}));
    expect(apps.Applications?.map((a) => a.ApplicationName)).toEqual(expect.arrayContaining(["takumi-server", "takumi-web", "takumi-workers"]));
    const envs = await aws.eb.send(new DescribeEnvironmentsCommand({ ApplicationName: "takumi-server" }));
    expect(envs.Environments?.map((e) => e.EnvironmentName).sort()).toEqual(["takumi-srv-dev", "takumi-srv-prod", "takumi-srv-staging"]);
    expect(envs.Environments?.[0]).toMatchObject({ Status: "Ready", Health: "Green", SolutionStackName: "64bit Amazon Linux 2023 v4.3.0 running Docker" });
    expect(envs.Environments?.[0].DateUpdated).toBeInstanceOf(Date);
    expect(envs.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const ecs = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ["takumi-workers-dev"] }));
    expect(ecs.Environments?.[0].SolutionStackName).toContain("ECS");
  });

  it("runs a full deploy observed through DescribeEvents, newest first, tagged with the request id", async () => {
    await registerVersion("git_cf7edb2-abc", v1(`${IMAGE}:${ARTICLE_TAG}`));
    const update = await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "git_cf7edb2-abc" }));
    expect(update.Status).toBe("Updating");
    const requestId = update.$metadata.requestId!;
    await expect(aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "git_cf7edb2-abc" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Environment named takumi-srv-dev is in an invalid state for this operation. Must be Ready.",
    });
    const env = await waitReady("takumi-srv-dev");
    expect(env).toMatchObject({ VersionLabel: "git_cf7edb2-abc", Health: "Green" });
    const messages = (await eventsOf(requestId)).map((e) => e.Message);
    expect(messages[0]).toBe("Environment update completed successfully.");
    expect(messages.at(-1)).toBe("Environment update is starting.");
    expect(messages).toContain("New application version was deployed to running EC2 instances.");
    const health = await aws.eb.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: "takumi-srv-dev", AttributeNames: ["All"] }));
    expect(health).toMatchObject({ Color: "Green", Status: "Ready", HealthStatus: "Ok" });
  });

  it("fails a deploy whose image is missing from ECR, reverts, and goes Red", async () => {
    const before = await waitReady("takumi-srv-dev");
    await registerVersion("git_0000000-bad", v1(`${IMAGE}:git_0000000`));
    const update = await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "git_0000000-bad" }));
    const env = await waitReady("takumi-srv-dev");
    expect(env.VersionLabel).toBe(before.VersionLabel);
    const messages = (await eventsOf(update.$metadata.requestId!)).map((e) => e.Message);
    expect(messages).toContain("Failed to deploy application.");
    expect(messages).toContain("The environment was reverted to the previous configuration setting.");
    expect(messages.some((m) => m?.startsWith("Failed to pull Docker image"))).toBe(true);
  });

  it("fails a v1 bundle on the ECS platform the way EB does", async () => {
    await registerVersion("v1-on-ecs", v1(`${IMAGE}:${ARTICLE_TAG}`), "takumi-workers");
    const update = await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-workers-dev", VersionLabel: "v1-on-ecs" }));
    await waitReady("takumi-workers-dev");
    const events = (await aws.eb.send(new DescribeEventsCommand({ RequestId: update.$metadata.requestId }))).Events ?? [];
    expect(events.map((e) => e.Message)).toContain("ECS Application sourcebundle validation error: Unsupported AWSEBDockerrunVersion: 1");
  });

  it("ends a deploy Red when told to, and aborts an update on request", async () => {
    await registerVersion("red-one", v1(`${IMAGE}:${ARTICLE_TAG}`));
    await control.outcome({ environment: "takumi-srv-dev", health: "Red" });
    await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "red-one" }));
    expect(await waitReady("takumi-srv-dev")).toMatchObject({ Health: "Red", VersionLabel: "red-one" });

    const previous = "git_cf7edb2-abc";
    await registerVersion(previous, v1(`${IMAGE}:${ARTICLE_TAG}`));
    const update = await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: previous }));
    await aws.eb.send(new AbortEnvironmentUpdateCommand({ EnvironmentName: "takumi-srv-dev" }));
    expect(await waitReady("takumi-srv-dev")).toMatchObject({ VersionLabel: "red-one" });
    expect((await eventsOf(update.$metadata.requestId!)).map((e) => e.Message)).toContain("Environment update is being aborted.");
    await expect(aws.eb.send(new AbortEnvironmentUpdateCommand({ EnvironmentName: "takumi-srv-dev" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
    });
  });

  it("answers AWS's errors for unknown names, duplicates, versions in use and missing parameters", async () => {
    await expect(aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "nope-env", VersionLabel: "x" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "No Environment found for EnvironmentName = 'nope-env'.",
    });
    await expect(aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "missing" }))).rejects.toMatchObject({
      message: "No Application Version named 'missing' found.",
    });
    await registerVersion("dup", v1(`${IMAGE}:${ARTICLE_TAG}`));
    await expect(registerVersion("dup", v1(`${IMAGE}:${ARTICLE_TAG}`))).rejects.toMatchObject({ message: "Application Version dup already exists." });
    await expect(aws.eb.send(new CreateApplicationVersionCommand({ ApplicationName: "ghost", VersionLabel: "x" }))).rejects.toMatchObject({
      message: "No Application named 'ghost' found.",
    });
    await expect(
      aws.eb.send(
        new CreateApplicationVersionCommand({
          ApplicationName: "takumi-server",
          VersionLabel: "nobundle",
          SourceBundle: { S3Bucket: BUCKET, S3Key: "no/such.json" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterCombination" });
    const running = (await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ["takumi-srv-prod"] }))).Environments![0].VersionLabel!;
    await expect(aws.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: "takumi-server", VersionLabel: running }))).rejects.toMatchObject({
      message: expect.stringContaining("is being used by environment(s): takumi-srv-prod"),
    });
    await aws.eb.send(new DeleteApplicationVersionCommand({ ApplicationName: "takumi-server", VersionLabel: "dup" }));
    await expect(aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: ["abc"] }))).resolves.toMatchObject({ Environments: [] });
    await expect(aws.eb.send(new CreateEnvironmentCommand({ ApplicationName: "takumi-server", EnvironmentName: "abc" }))).rejects.toMatchObject({
      name: "ValidationError",
    });
    await expect(aws.eb.send(new CreateApplicationCommand({ ApplicationName: "" }))).rejects.toMatchObject({ name: "MissingParameter" });
  });

  it("enforces the application-version quota with AWS's message", async () => {
    const state = await control.state();
    await control.versionQuota(state.versions.length);
    await expect(registerVersion("one-too-many", v1(`${IMAGE}:${ARTICLE_TAG}`))).rejects.toMatchObject({
      name: "TooManyApplicationVersionsException",
      message: expect.stringContaining("Either remove some Application Versions or request a limit increase."),
    });
  });

  it("creates applications, environments, storage and lists versions", async () => {
    await aws.eb.send(new CreateApplicationCommand({ ApplicationName: "new-app" }));
    await expect(aws.eb.send(new CreateApplicationCommand({ ApplicationName: "new-app" }))).rejects.toMatchObject({ name: "InvalidParameterValue" });
    const env = await aws.eb.send(new CreateEnvironmentCommand({ ApplicationName: "new-app", EnvironmentName: "new-app-dev" }));
    expect(env).toMatchObject({ EnvironmentName: "new-app-dev", Status: "Launching", Health: "Grey" });
    expect(await waitReady("new-app-dev")).toMatchObject({ Health: "Green", SolutionStackName: "64bit Amazon Linux 2023 v4.3.0 running Docker" });
    const storage = await aws.eb.send(new CreateStorageLocationCommand({}));
    expect(storage.S3Bucket).toBe(BUCKET);
    const versions = await aws.eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: "takumi-server" }));
    expect(versions.ApplicationVersions?.length).toBeGreaterThanOrEqual(3);
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("123456789012");
  });

  it("times out on HANG and fails on RESET, through the client's own timeout", async () => {
    const quick = clientsFor(sandbox.url, { requestTimeout: 300, maxAttempts: 1 });
    await control.fault({ service: "elasticbeanstalk", operation: "DescribeEnvironments", code: "HANG" });
    await expect(quick.eb.send(new DescribeEnvironmentsCommand({}))).rejects.toMatchObject({ name: "TimeoutError" });
    await control.fault({ service: "elasticbeanstalk", operation: "DescribeEnvironments", code: "RESET" });
    await expect(quick.eb.send(new DescribeEnvironmentsCommand({}))).rejects.toThrow();
    await control.fault({ service: "elasticbeanstalk", operation: "UpdateEnvironment", code: "InternalFailure", httpStatus: 500, count: 1 });
    await expect(quick.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "x" }))).rejects.toMatchObject({
      name: "InternalFailure",
    });
    const { calls } = await control.calls();
    expect(calls.map((c) => c.operation)).toEqual(["DescribeEnvironments", "DescribeEnvironments", "UpdateEnvironment"]);
    expect(calls[2].params).toMatchObject({ EnvironmentName: "takumi-srv-dev", VersionLabel: "x" });
    expect(calls[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
