import { describe, expect, it } from "vitest";
import { memoryWorld } from "@/test/engine-memory";
import type { Actor } from "../actor";
import { DplError } from "../errors";
import { registerDeploy } from "./register-deploy";
import { startDeploy, type StartDeployInput } from "./start-deploy";

const deployer: Actor = { type: "USER", userId: "00000000-0000-4000-8000-000000000001", name: "Dana", role: "DEPLOYER" };
const viewer: Actor = { ...deployer, name: "Vic", role: "VIEWER" };
const input: StartDeployInput = { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2", source: "API" };

async function refusal(promise: Promise<unknown>): Promise<DplError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DplError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** Lee's release freeze on takumi-srv-dev, lock l1. */
function lockDev(world: ReturnType<typeof memoryWorld>, expiresAt: Date | null): void {
  world.locks.push({
    id: "l1",
    environmentName: "takumi-srv-dev",
    reason: "release freeze",
    authorId: null,
    authorName: "Lee",
    createdAt: world.deps.clock.now(),
    expiresAt,
    releasedAt: null,
  });
}

describe("startDeploy", () => {
  it("accepts: PENDING with the bundle pinned by digest, its audit row and its register job, after one parallel round of reads", async () => {
    const world = memoryWorld();
    world.seed();
    const { deploy, noop } = await startDeploy(world.deps, deployer, input);
    expect(noop).toBe(false);
    expect(deploy).toMatchObject({
      status: "PENDING",
      imageTag: "git_cf7edb2",
      imageDigest: `sha256:${"c".repeat(64)}`,
      commitSha: "cf7edb2",
      url: `http://dpl.test/deploys/${deploy.id}`,
    });
    expect(deploy.versionLabel).toMatch(/^git_cf7edb2-[0-9a-f]{12}$/);
    const stored = world.deploys.get(deploy.id);
    expect(JSON.parse(Buffer.from(stored?.bundle ?? []).toString()).Image.Name).toBe(
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server@sha256:${"c".repeat(64)}`,
    );
    expect(world.audit).toEqual([
      expect.objectContaining({ action: "deploy.start", outcome: "SUCCESS", deployId: deploy.id, environmentName: "takumi-srv-dev" }),
    ]);
    expect(world.jobs).toEqual([
      expect.objectContaining({ task: "register", payload: { deployId: deploy.id, application: "takumi-server", bundleHash: stored?.bundleHash } }),
    ]);
    expect(world.calls.sort()).toEqual(["DescribeEnvironments", "DescribeImages"]);
  });

  it.each([
    ["an unknown tag", { tag: "git_0000000" }, "IMAGE_NOT_FOUND"],
    ["a bad tag", { tag: "-x" }, "VALIDATION_FAILED"],
    ["an unknown environment", { environment: "nope-env" }, "ENVIRONMENT_NOT_FOUND"],
    ["an environment of another application", { application: "other-app" }, "APPLICATION_NOT_FOUND"],
  ])("refuses %s with its code, audits it and creates no deploy", async (_name, patch, code) => {
    const world = memoryWorld();
    world.seed();
    const error = await refusal(startDeploy(world.deps, deployer, { ...input, ...patch }));
    expect(error.code).toBe(code);
    // (An unknown name triggers one inventory poll, which may adopt the seeded environments as EXTERNAL.)
    expect([...world.deploys.values()].filter((d) => d.kind !== "EXTERNAL")).toEqual([]);
    expect(world.audit.filter((a) => a.action !== "deploy.external")).toEqual([
      expect.objectContaining({ action: "deploy.refused", outcome: "REFUSED", code }),
    ]);
  });

  it("denies a viewer before any AWS call (audited DENIED)", async () => {
    const world = memoryWorld();
    world.seed();
    expect((await refusal(startDeploy(world.deps, viewer, input))).code).toBe("FORBIDDEN");
    expect(world.calls).toEqual([]);
    expect(world.audit[0]).toMatchObject({ outcome: "DENIED", environmentName: "takumi-srv-dev" });
  });

  it("needs the typed name for a protected environment from the browser", async () => {
    const world = memoryWorld();
    world.seed();
    const prod = { ...input, environment: "takumi-srv-prod", source: "WEB" as const };
    expect((await refusal(startDeploy(world.deps, deployer, prod))).message).toContain("type its name to confirm");
    await expect(startDeploy(world.deps, deployer, { ...prod, confirmation: "takumi-srv-prod" })).resolves.toMatchObject({ noop: false });
  });

  it("refuses a locked environment with author, reason and expiry; an expired lock stops blocking", async () => {
    const world = memoryWorld();
    world.seed();
    const expiresAt = new Date(world.deps.clock.now().getTime() + 60_000);
    lockDev(world, expiresAt);
    const error = await refusal(startDeploy(world.deps, deployer, input));
    expect(error).toMatchObject({
      code: "ENVIRONMENT_LOCKED",
      details: { author: "Lee", reason: "release freeze", expiresAt: expiresAt.toISOString(), lockId: "l1" },
    });
    world.advance(61_000);
    await expect(startDeploy(world.deps, deployer, input)).resolves.toMatchObject({ noop: false });
  });

  it("refuses a busy environment with the active deploy's id, a non-Ready one, and a platform that does not take the format", async () => {
    const world = memoryWorld();
    world.seed();
    const first = await startDeploy(world.deps, deployer, input);
    expect(await refusal(startDeploy(world.deps, deployer, input))).toMatchObject({ code: "ENVIRONMENT_BUSY", details: { deployId: first.deploy.id } });
    const prodLive = world.eb.get("takumi-srv-prod");
    if (!prodLive) throw new Error("seed");
    world.eb.set("takumi-srv-prod", { ...prodLive, status: "Updating" });
    expect((await refusal(startDeploy(world.deps, deployer, { ...input, environment: "takumi-srv-prod" }))).code).toBe("ENVIRONMENT_NOT_READY");
    world.eb.set("takumi-srv-prod", { ...prodLive, solutionStack: "64bit Amazon Linux 2023 v4.3.0 running ECS" });
    expect((await refusal(startDeploy(world.deps, deployer, { ...input, environment: "takumi-srv-prod" }))).code).toBe("PLATFORM_MISMATCH");
  });

  it("is a no-op when the same bundle already runs healthy, unless forced", async () => {
    const world = memoryWorld();
    world.seed();
    const { deploy } = await startDeploy(world.deps, deployer, input);
    const done = world.deploys.get(deploy.id);
    if (!done) throw new Error("missing");
    world.deploys.set(deploy.id, { ...done, status: "SUCCEEDED" });
    const live = world.eb.get("takumi-srv-dev");
    if (!live) throw new Error("seed");
    world.eb.set("takumi-srv-dev", { ...live, versionLabel: deploy.versionLabel });
    await expect(startDeploy(world.deps, deployer, input)).resolves.toMatchObject({ noop: true, deploy: { id: deploy.id } });
    await expect(startDeploy(world.deps, deployer, { ...input, force: true })).resolves.toMatchObject({ noop: false });
  });

  it("asks AWS alongside the lock and busy reads, yet judges the lock first and the busy environment second", async () => {
    const world = memoryWorld();
    world.seed();
    const live = world.eb.get("takumi-srv-dev");
    if (!live) throw new Error("seed");
    world.eb.set("takumi-srv-dev", { ...live, status: "Updating" });
    lockDev(world, null);
    world.images.length = 0; // the tag is gone too: still the lock's refusal
    expect((await refusal(startDeploy(world.deps, deployer, input))).code).toBe("ENVIRONMENT_LOCKED");
  });

  it("says ENVIRONMENT_BUSY with the deploy's id when EB is Updating because of a deploy accepted a moment ago", async () => {
    const world = memoryWorld();
    world.seed();
    const describe = world.deps.aws.beanstalk.describeEnvironments;
    let other: string | undefined;
    // Another request's deploy lands between this request's reads and EB's answer.
    world.deps.aws.beanstalk.describeEnvironments = async (filter) => {
      world.deps.aws.beanstalk.describeEnvironments = describe;
      other = (await startDeploy(world.deps, deployer, input)).deploy.id;
      const live = world.eb.get("takumi-srv-dev");
      if (live) world.eb.set("takumi-srv-dev", { ...live, status: "Updating" });
      return describe(filter);
    };
    const error = await refusal(startDeploy(world.deps, deployer, input));
    expect(error).toMatchObject({ code: "ENVIRONMENT_BUSY", details: { deployId: other } });
  });

  it("goes on to UpdateEnvironment when recording the new version fails, with a warning", async () => {
    const world = memoryWorld();
    world.seed();
    const warnings: string[] = [];
    world.deps.log.warn = (message: string) => void warnings.push(message);
    world.deps.catalog.saveVersion = async () => {
      throw new Error("connection reset");
    };
    const { deploy } = await startDeploy(world.deps, deployer, input);
    await registerDeploy(world.deps, deploy.id);
    expect(world.calls).toEqual(expect.arrayContaining(["PutObject", "CreateApplicationVersion", "UpdateEnvironment"]));
    expect(world.deploys.get(deploy.id)).toMatchObject({ status: "UPDATING", ebRequestId: expect.any(String) });
    expect(warnings).toEqual([expect.stringMatching(/could not record the new application version/)]);
  });

  it("the register job's bundle hint finds a version made from the same bundle; a hint for another bundle is ignored", async () => {
    const world = memoryWorld();
    world.seed();
    const { deploy } = await startDeploy(world.deps, deployer, input);
    const hash = world.deploys.get(deploy.id)?.bundleHash as string;
    world.versions.set("takumi-server/older-label", {
      applicationName: "takumi-server",
      versionLabel: "older-label",
      bundleHash: hash,
      s3Bucket: "b",
      s3Key: "k",
      createdByDpl: true,
      createdAt: world.deps.clock.now(),
      deletedAt: null,
    });
    const lookups: string[] = [];
    const byHash = world.deps.catalog.versionByHash;
    world.deps.catalog.versionByHash = (application, bundleHash) => {
      lookups.push(bundleHash);
      return byHash(application, bundleHash);
    };
    await registerDeploy(world.deps, deploy.id, { application: "takumi-server", bundleHash: "not-this-bundle" });
    expect(world.deploys.get(deploy.id)).toMatchObject({ status: "UPDATING", versionLabel: "older-label" });
    expect(lookups).toEqual(["not-this-bundle", hash]);
    expect(world.calls).not.toContain("PutObject");
  });
});
