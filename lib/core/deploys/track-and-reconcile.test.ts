import { describe, expect, it } from "vitest";
import { memoryWorld } from "@/test/engine-memory";
import type { DeployRecord } from "../ports";
import { reconcileDeploys } from "./reconcile-deploys";
import { trackDeploy } from "./track-deploy";

async function updatingDeploy(world: ReturnType<typeof memoryWorld>, patch: Partial<DeployRecord> = {}) {
  const deploy = await world.deps.deploys.create(
    {
      kind: "DEPLOY",
      applicationName: "takumi-server",
      environmentName: "takumi-srv-dev",
      actorName: "Dana",
      source: "API",
      status: "UPDATING",
      versionLabel: "v-new",
      ...patch,
    },
    {
      actor: { type: "SYSTEM", name: "t", role: "ADMIN" },
      action: "deploy.start",
      targetType: "environment",
      target: "takumi-srv-dev",
      outcome: "SUCCESS",
    },
  );
  world.jobs.length = 0;
  return deploy;
}

const setLive = (world: ReturnType<typeof memoryWorld>, patch: { status?: string; health?: string; versionLabel?: string }) => {
  const live = world.eb.get("takumi-srv-dev");
  if (!live) throw new Error("seed");
  world.eb.set("takumi-srv-dev", { ...live, ...patch });
};

describe("trackDeploy", () => {
  it("reschedules itself while EB works, then SUCCEEDED on our completion event and Green", async () => {
    const world = memoryWorld();
    world.seed();
    const now = world.deps.clock.now();
    const deploy = await updatingDeploy(world, { ebRequestId: "r1", updateIntentAt: now });
    setLive(world, { status: "Updating", health: "Grey" });
    await trackDeploy(world.deps, deploy.id);
    expect(world.deploys.get(deploy.id)?.status).toBe("UPDATING");
    expect(world.jobs).toEqual([expect.objectContaining({ task: "track", jobKey: `track:${deploy.id}` })]);
    world.advance(1_000);
    world.ebEvents.push({
      at: world.deps.clock.now(),
      severity: "INFO",
      message: "Environment update completed successfully.",
      requestId: "r1",
      environmentName: "takumi-srv-dev",
      versionLabel: "v-new",
    });
    world.ebEvents.push({
      at: world.deps.clock.now(),
      severity: "INFO",
      message: "Environment update completed successfully.",
      requestId: "someone-else",
      environmentName: "takumi-srv-dev",
      versionLabel: "v-x",
    });
    world.advance(1_000);
    setLive(world, { status: "Ready", health: "Green", versionLabel: "v-new" });
    await trackDeploy(world.deps, deploy.id);
    expect(world.deploys.get(deploy.id)).toMatchObject({ status: "SUCCEEDED", completedAt: expect.any(Date) });
    expect(world.audit.at(-1)).toMatchObject({ action: "deploy.succeeded", outcome: "SUCCESS" });
  });

  it("fails with DEPLOY_TIMEOUT after the environment's timeout, even when AWS cannot be reached", async () => {
    const world = memoryWorld();
    world.seed();
    const deploy = await updatingDeploy(world, { ebRequestId: "r1", updateIntentAt: world.deps.clock.now() });
    world.deps.aws.beanstalk.describeEvents = async () => {
      throw new (await import("../errors")).AwsCallError("DescribeEvents", "Throttling", "Rate exceeded");
    };
    world.advance(1_801_000);
    await trackDeploy(world.deps, deploy.id);
    expect(world.deploys.get(deploy.id)).toMatchObject({ status: "FAILED", errorCode: "DEPLOY_TIMEOUT" });
  });
});

describe("reconcileDeploys", () => {
  it("leaves fresh deploys alone and re-drives stale ones from their step", async () => {
    const world = memoryWorld();
    world.seed();
    const pending = await updatingDeploy(world, { status: "PENDING" });
    expect((await reconcileDeploys(world.deps)).redriven).toEqual([]);
    world.advance(2_000);
    expect((await reconcileDeploys(world.deps)).redriven).toEqual([pending.id]);
    expect(world.jobs).toEqual([expect.objectContaining({ task: "register", payload: { deployId: pending.id } })]);
  });

  it("intent without RequestId: adopts the RequestId from EB's events when the call got through", async () => {
    const world = memoryWorld();
    world.seed();
    const deploy = await updatingDeploy(world, { updateIntentAt: world.deps.clock.now() });
    world.ebEvents.push({
      at: world.deps.clock.now(),
      severity: "INFO",
      message: "Environment update is starting.",
      requestId: "r9",
      environmentName: "takumi-srv-dev",
      versionLabel: "v-new",
    });
    world.advance(2_000);
    await reconcileDeploys(world.deps);
    expect(world.deploys.get(deploy.id)?.ebRequestId).toBe("r9");
    expect(world.jobs).toEqual([expect.objectContaining({ task: "track" })]);
  });

  it("intent without RequestId: calls UpdateEnvironment again when EB is Ready and saw nothing", async () => {
    const world = memoryWorld();
    world.seed();
    const deploy = await updatingDeploy(world, { updateIntentAt: world.deps.clock.now() });
    world.advance(2_000);
    await reconcileDeploys(world.deps);
    expect(world.deploys.get(deploy.id)?.updateIntentAt).toBeNull();
    expect(world.jobs).toEqual([expect.objectContaining({ task: "update", payload: { deployId: deploy.id } })]);
  });
});
