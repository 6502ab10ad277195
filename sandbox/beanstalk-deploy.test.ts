import { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import { AbortEnvironmentUpdateCommand, DescribeEnvironmentHealthCommand, UpdateEnvironmentCommand } from "@aws-sdk/client-elastic-beanstalk";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxControl } from "./client";
import { startSandbox, type Sandbox } from "./server";
import { ARTICLE_TAG } from "./seed";
import { clientsFor } from "./test-clients";
import { describeEnvironment, eventsOf, IMAGE, registerVersion, v1, v2, waitFor, waitReady } from "./test-eb";

// The simulated rollout, observed the way dpl and the EB CLI observe it: DescribeEvents for
// the UpdateEnvironment's RequestId, newest first, and the environment's status and health.

const DURATION = 400;
let sandbox: Sandbox;
let aws: ReturnType<typeof clientsFor>;
let control: ReturnType<typeof sandboxControl>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: DURATION });
  aws = clientsFor(sandbox.url);
  control = sandboxControl(sandbox.url);
});
afterAll(() => sandbox.close());

async function deploy(environment: string, label: string) {
  const update = await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: environment, VersionLabel: label }));
  return { update, requestId: update.$metadata.requestId! };
}

const messagesOf = async (requestId: string) => (await eventsOf(aws, requestId)).map((e) => e.Message);

describe("a simulated UpdateEnvironment", () => {
  it("succeeds with EB's events for its RequestId, then Ready on the new label and Green", async () => {
    await registerVersion(aws, "git_cf7edb2-ok", v1(`${IMAGE}:${ARTICLE_TAG}`));
    const { update, requestId } = await deploy("takumi-srv-dev", "git_cf7edb2-ok");
    expect(update).toMatchObject({ Status: "Updating", Health: "Grey", AbortableOperationInProgress: true });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const during = await aws.eb.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: "takumi-srv-dev", AttributeNames: ["All"] }));
    expect(during).toMatchObject({ Status: "Updating", Color: "Grey" });
    expect(await waitReady(aws, "takumi-srv-dev")).toMatchObject({ VersionLabel: "git_cf7edb2-ok", Health: "Green", Status: "Ready" });
    const events = await eventsOf(aws, requestId, "takumi-srv-dev");
    expect(events.map((e) => e.Message)).toEqual([
      "Environment update completed successfully.",
      "New application version was deployed to running EC2 instances.",
      "Instance deployment completed successfully.",
      "Deploying new version to instance(s).",
      "Environment update is starting.",
    ]);
    expect(events.every((e) => e.RequestId === requestId && e.Severity === "INFO" && e.EventDate instanceof Date)).toBe(true);
    const [image] = (await aws.ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", imageIds: [{ imageTag: ARTICLE_TAG }] }))).imageDetails!;
    expect(image.lastRecordedPullTime).toBeInstanceOf(Date);
  });

  it("fails when the Dockerrun names an image ECR does not have: errors, reverted, Red, then Green again", async () => {
    const before = await waitReady(aws, "takumi-srv-staging");
    await registerVersion(aws, "git_0000000-bad", v1(`${IMAGE}:git_0000000`));
    const { requestId } = await deploy("takumi-srv-staging", "git_0000000-bad");
    const reverted = await waitReady(aws, "takumi-srv-staging");
    expect(reverted).toMatchObject({ VersionLabel: before.VersionLabel, Health: "Red" });
    const events = await eventsOf(aws, requestId);
    const messages = events.map((e) => e.Message!);
    expect(messages).toContain("Failed to deploy application.");
    expect(messages).toContain("The environment was reverted to the previous configuration setting.");
    expect(messages.some((m) => m.startsWith(`Failed to pull Docker image ${IMAGE}:git_0000000`))).toBe(true);
    expect(events.filter((e) => e.Severity === "ERROR").length).toBeGreaterThanOrEqual(3);
    expect(messages).not.toContain("Environment update completed successfully.");
    await waitFor(async () => ((await describeEnvironment(aws, "takumi-srv-staging")).Health === "Green" ? true : undefined), "health to recover");
  });

  it("refuses a v1 bundle on the ECS platform and a v2 bundle on the Docker platform, as EB does", async () => {
    await registerVersion(aws, "v1-on-ecs", v1(`${IMAGE}:${ARTICLE_TAG}`), "takumi-workers");
    await registerVersion(aws, "v2-on-docker", v2(`${IMAGE}:${ARTICLE_TAG}`), "takumi-web");
    const ecs = await deploy("takumi-workers-dev", "v1-on-ecs");
    const docker = await deploy("takumi-web-prod", "v2-on-docker");
    await Promise.all([waitReady(aws, "takumi-workers-dev"), waitReady(aws, "takumi-web-prod")]);
    expect(await messagesOf(ecs.requestId)).toContain("ECS Application sourcebundle validation error: Unsupported AWSEBDockerrunVersion: 1");
    expect((await messagesOf(docker.requestId)).some((m) => m?.includes("'Dockerrun.aws.json' version 2 is not supported"))).toBe(true);
    expect((await describeEnvironment(aws, "takumi-workers-dev")).VersionLabel).not.toBe("v1-on-ecs");
  });

  it("deploys a zip with docker-compose.yml naming its image by digest; a digest ECR lacks fails", async () => {
    const [image] = (await aws.ecr.send(new DescribeImagesCommand({ repositoryName: "takumi-server", imageIds: [{ imageTag: ARTICLE_TAG }] }))).imageDetails!;
    const compose = (ref: string) => zipSync({ "docker-compose.yml": strToU8(`services:\n  web:\n    image: "${ref}"\n    ports: ["80:8080"]\n`) });
    await registerVersion(aws, "compose-ok", compose(`${IMAGE}@${image.imageDigest}`), "takumi-server", "takumi-server/compose-ok.zip");
    await registerVersion(aws, "compose-bad", compose(`${IMAGE}@sha256:${"0".repeat(64)}`), "takumi-server", "takumi-server/compose-bad.zip");
    await waitReady(aws, "takumi-srv-prod");
    await deploy("takumi-srv-prod", "compose-ok");
    expect(await waitReady(aws, "takumi-srv-prod")).toMatchObject({ VersionLabel: "compose-ok", Health: "Green" });
    const bad = await deploy("takumi-srv-prod", "compose-bad");
    expect(await waitReady(aws, "takumi-srv-prod")).toMatchObject({ VersionLabel: "compose-ok" });
    expect(await messagesOf(bad.requestId)).toContain("Failed to deploy application.");
  });

  it("ends Red on the new label when told to (the next deploy only), with EB's health events", async () => {
    await waitReady(aws, "takumi-srv-dev");
    await registerVersion(aws, "red-one", v1(`${IMAGE}:${ARTICLE_TAG}`));
    await control.outcome({ environment: "takumi-srv-dev", health: "Red" });
    const { requestId } = await deploy("takumi-srv-dev", "red-one");
    expect(await waitReady(aws, "takumi-srv-dev")).toMatchObject({ Health: "Red", VersionLabel: "red-one" });
    const messages = await messagesOf(requestId);
    expect(messages.slice(0, 3)).toEqual([
      "Update environment operation is complete, but with errors. For more information, see troubleshooting documentation.",
      "Environment health has been set to RED",
      expect.stringMatching(/^Environment health has transitioned from Ok to Severe\./),
    ]);
    const health = await aws.eb.send(new DescribeEnvironmentHealthCommand({ EnvironmentName: "takumi-srv-dev", AttributeNames: ["Color", "HealthStatus"] }));
    expect(health).toMatchObject({ Color: "Red", HealthStatus: "Severe" });
    expect(health.Status).toBeUndefined();
    await deploy("takumi-srv-dev", "git_cf7edb2-ok");
    expect(await waitReady(aws, "takumi-srv-dev")).toMatchObject({ Health: "Green", VersionLabel: "git_cf7edb2-ok" });
  });

  it("turns Red afterMs after a successful update, with an event no request owns", async () => {
    await control.outcome({ environment: "takumi-srv-dev", health: "Red", afterMs: 100 });
    const { requestId } = await deploy("takumi-srv-dev", "red-one");
    expect(await waitReady(aws, "takumi-srv-dev")).toMatchObject({ VersionLabel: "red-one" });
    expect((await messagesOf(requestId))[0]).toBe("Environment update completed successfully.");
    await waitFor(async () => ((await describeEnvironment(aws, "takumi-srv-dev")).Health === "Red" ? true : undefined), "health to turn Red");
  });

  it("aborts an update on request: rolled back to the previous version, Ready", async () => {
    await deploy("takumi-srv-dev", "git_cf7edb2-ok");
    await waitReady(aws, "takumi-srv-dev");
    const { requestId } = await deploy("takumi-srv-dev", "red-one");
    await aws.eb.send(new AbortEnvironmentUpdateCommand({ EnvironmentName: "takumi-srv-dev" }));
    expect(["Aborting", "Ready"]).toContain((await describeEnvironment(aws, "takumi-srv-dev")).Status);
    expect(await waitReady(aws, "takumi-srv-dev")).toMatchObject({ VersionLabel: "git_cf7edb2-ok", Health: "Green" });
    const messages = await messagesOf(requestId);
    expect(messages).toContain("Environment update is being aborted.");
    expect(messages[0]).toMatch(/aborted/);
    await expect(aws.eb.send(new AbortEnvironmentUpdateCommand({ EnvironmentName: "takumi-srv-dev" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Environment named takumi-srv-dev has no abortable operation in progress.",
    });
  });
});
