import { describe, expect, it } from "vitest";
import { DplError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { services } from "@/lib/services";
import { auditOf, deployer, useEngine, waitForDeploy } from "@/test/engine-harness";

// The story of issue 4, end to end through the real worker, PostgreSQL and the sandbox:
// deploy -> success -> deploy of an image the sandbox fails (Red) -> failure -> rollback ->
// locked, asserting what the sandbox recorded.

const engine = useEngine();
const app = "takumi-server";
const env = "takumi-srv-dev";

type Call = { service: string; operation: string; at: string; params: Record<string, unknown>; status: number };
const callsOf = async (): Promise<Call[]> => (await engine.control().calls()).calls as Call[];
const ops = (calls: Call[]) => calls.map((c) => c.operation);

describe("the deploy story", { timeout: 90_000 }, () => {
  let firstId = "";
  let firstLabel = "";

  it("deploys git_cf7edb2 to dev: SUCCEEDED, with its events, audit rows and the expected AWS calls in order", async () => {
    await engine.control().clearCalls();
    const { deploy, noop } = await services().startDeploy(deployer, { application: app, environment: env, tag: "git_cf7edb2", reason: "first", source: "CLI" });
    expect(noop).toBe(false);
    expect(deploy.status).toBe("PENDING");
    const done = await waitForDeploy(deploy.id);
    expect(done).toMatchObject({ status: "SUCCEEDED", errorCode: null });
    firstId = deploy.id;
    firstLabel = done.versionLabel ?? "";
    expect(firstLabel).toMatch(/^git_cf7edb2-[0-9a-f]{12}$/);
    expect(done.ebRequestId).toBeTruthy();
    const events = await db().deployEvent.findMany({ where: { deployId: deploy.id } });
    expect(events.length).toBeGreaterThan(0);
    expect((await auditOf({ deployId: deploy.id })).map((a) => a.action)).toEqual(["deploy.start", "deploy.succeeded"]);

    const calls = await callsOf();
    const update = calls.findIndex((c) => c.operation === "UpdateEnvironment");
    // The request's verification reads come first (a poll may interleave its own reads, which
    // name no tag and no environment); then the worker's writes, in this order.
    const firstWrite = calls.findIndex((c) => c.operation === "PutObject");
    const verification = calls.slice(0, firstWrite).filter((c) => JSON.stringify(c.params).includes(c.operation === "DescribeImages" ? "git_cf7edb2" : env));
    expect(ops(verification).sort()).toEqual(["DescribeEnvironments", "DescribeImages"]);
    const writes = ["PutObject", "CreateApplicationVersion", "UpdateEnvironment"];
    expect(ops(calls.slice(2, update + 1)).filter((o) => writes.includes(o))).toEqual(writes);
    expect(calls[update].params).toMatchObject({ EnvironmentName: env, VersionLabel: firstLabel });
    const put = calls.find((c) => c.operation === "PutObject");
    expect(JSON.stringify(put?.params)).toContain(`${app}/${firstLabel}.json`);
    expect(calls.slice(update + 1).some((c) => c.operation === "DescribeEvents")).toBe(true);
  });

  it("the same bundle again is a no-op; forced, it redeploys the label without uploading again", async () => {
    const again = await services().startDeploy(deployer, { application: app, environment: env, tag: "git_cf7edb2", source: "API" });
    expect(again).toMatchObject({ noop: true, deploy: { id: firstId } });
    await engine.control().clearCalls();
    const forced = await services().startDeploy(deployer, { application: app, environment: env, tag: "git_cf7edb2", force: true, source: "API" });
    expect(forced.noop).toBe(false);
    expect((await waitForDeploy(forced.deploy.id)).status).toBe("SUCCEEDED");
    const calls = ops(await callsOf());
    expect(calls).not.toContain("PutObject");
    expect(calls).not.toContain("CreateApplicationVersion");
  });

  let failedId = "";
  it("deploys an image the sandbox turns Red: FAILED with the reason, audited", async () => {
    await engine.control().pushImage({ repository: app, tag: "git_badbad1" });
    await engine.control().outcome({ environment: env, health: "Red" });
    const { deploy } = await services().startDeploy(deployer, { application: app, environment: env, tag: "git_badbad1", reason: "risky", source: "CLI" });
    const done = await waitForDeploy(deploy.id);
    failedId = deploy.id;
    expect(done.status).toBe("FAILED");
    expect(done.errorCode).toMatch(/HEALTH_RED|EB_DEPLOY_FAILED/);
    expect(done.errorMessage).toBeTruthy();
    const failure = (await auditOf({ deployId: deploy.id })).find((a) => a.action === "deploy.failed");
    expect(failure).toMatchObject({ outcome: "FAILURE", code: done.errorCode, environmentName: env });
  });

  it("rolls back to the last good deploy reusing its label (no S3 upload, no CreateApplicationVersion), then locks the environment", async () => {
    await expect(services().rollback(deployer, { environment: env, toDeployId: failedId, reason: "nope", source: "API" })).rejects.toMatchObject({
      code: "ROLLBACK_NOT_POSSIBLE",
    });
    await engine.control().clearCalls();
    const { deploy } = await services().rollback(deployer, { environment: env, reason: "health went red", source: "CLI" });
    expect(deploy).toMatchObject({ kind: "ROLLBACK", versionLabel: firstLabel, imageTag: "git_cf7edb2" });
    expect((await waitForDeploy(deploy.id)).status).toBe("SUCCEEDED");
    const calls = await callsOf();
    expect(ops(calls)).not.toContain("PutObject");
    expect(ops(calls)).not.toContain("CreateApplicationVersion");
    expect(calls.find((c) => c.operation === "UpdateEnvironment")?.params).toMatchObject({ EnvironmentName: env, VersionLabel: firstLabel });
    const lock = await db().lock.findFirst({ where: { environmentName: env, releasedAt: null } });
    expect(lock?.reason).toContain("health went red");
    expect((await db().environment.findUnique({ where: { name: env } }))?.name).toBe(env);
  });

  it("the locked environment refuses a deploy (audited, in its history) but still takes a rollback", async () => {
    const error = await services()
      .startDeploy(deployer, { application: app, environment: env, tag: "git_cf7edb2", force: true, source: "API" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DplError);
    expect(error).toMatchObject({ code: "ENVIRONMENT_LOCKED", details: { author: deployer.name } });
    const refusals = await auditOf({ environmentName: env, action: "deploy.refused" });
    expect(refusals.at(-1)).toMatchObject({ outcome: "REFUSED", code: "ENVIRONMENT_LOCKED" });
    const { deploy } = await services().rollback(deployer, { environment: env, toDeployId: firstId, reason: "again", lock: false, source: "API" });
    expect((await waitForDeploy(deploy.id)).status).toBe("SUCCEEDED");
  });
});

describe("judged by its own events", { timeout: 90_000 }, () => {
  it("a redeploy of the running label that the sandbox fails ends FAILED, not SUCCEEDED because the label matched", async () => {
    const staging = "takumi-srv-staging";
    const first = await services().startDeploy(deployer, { application: app, environment: staging, tag: "git_cf7edb2", source: "API" });
    expect((await waitForDeploy(first.deploy.id)).status).toBe("SUCCEEDED");
    await engine.control().outcome({ environment: staging, health: "Red" });
    const again = await services().startDeploy(deployer, { application: app, environment: staging, tag: "git_cf7edb2", force: true, source: "API" });
    const done = await waitForDeploy(again.deploy.id);
    expect(done.versionLabel).toBe(first.deploy.versionLabel);
    expect(done.status).toBe("FAILED");
  });
});

describe("one deploy per environment", { timeout: 90_000 }, () => {
  it("of ten concurrent deploys to one environment exactly one is accepted; the others get ENVIRONMENT_BUSY with its id", async () => {
    const prod = "takumi-srv-prod";
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        services().startDeploy(deployer, { application: app, environment: prod, tag: "git_cf7edb2", force: true, source: "API" }),
      ),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    expect(accepted).toHaveLength(1);
    const id = accepted[0].status === "fulfilled" ? accepted[0].value.deploy.id : "";
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "ENVIRONMENT_BUSY", details: { deployId: id } });
    expect((await auditOf({ environmentName: prod, action: "deploy.refused" })).length).toBe(9);
    expect((await waitForDeploy(id)).status).toBe("SUCCEEDED");
  });
});
