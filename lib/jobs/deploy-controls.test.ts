import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { services } from "@/lib/services";
import { admin, auditOf, deployer, useEngine, viewer, waitForDeploy, waitUntil } from "@/test/engine-harness";

// Cancel, locks, rollback re-creating a deleted version, templates, settings and preview,
// against PostgreSQL and the sandbox (deploys last long enough here to cancel one).

const engine = useEngine({ deployDurationMs: 4_000 });
const app = "takumi-server";
type Call = { operation: string; params: Record<string, unknown> };
const operations = async () => ((await engine.control().calls()).calls as Call[]).map((c) => c.operation);
const other: Actor = { type: "USER", userId: "0b6c1d2e-0000-4000-8000-0000000000ff", name: "Otto Other", role: "DEPLOYER" };

describe("cancel", { timeout: 90_000 }, () => {
  it("aborts an UPDATING deploy; it ends CANCELLED once EB rolled back, and only an UPDATING deploy can be cancelled", async () => {
    const { deploy } = await services().startDeploy(deployer, { application: app, environment: "takumi-srv-dev", tag: "git_cf7edb2", source: "API" });
    await expect(services().cancelDeploy(viewer, { deployId: deploy.id, source: "API" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await waitUntil(async () => (await db().deploy.findUnique({ where: { id: deploy.id } }))?.ebRequestId, "the RequestId");
    await services().cancelDeploy(deployer, { deployId: deploy.id, source: "API" });
    expect(await operations()).toContain("AbortEnvironmentUpdate");
    const done = await waitForDeploy(deploy.id);
    expect(done.status).toBe("CANCELLED");
    await expect(services().cancelDeploy(deployer, { deployId: deploy.id, source: "API" })).rejects.toMatchObject({ code: "DEPLOY_NOT_CANCELLABLE" });
    expect((await auditOf({ deployId: deploy.id })).map((a) => a.action)).toEqual(
      expect.arrayContaining(["deploy.start", "deploy.cancel", "deploy.cancelled"]),
    );
  });
});

describe("locks", { timeout: 90_000 }, () => {
  const env = "takumi-srv-staging";
  it("needs a reason; is lifted by its author or an admin only; both audited", async () => {
    await expect(services().lockEnvironment(deployer, { environment: env, reason: " ", source: "WEB" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(services().lockEnvironment(viewer, { environment: env, reason: "x", source: "WEB" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await services().lockEnvironment(deployer, { environment: env, reason: "release freeze", source: "WEB" });
    await expect(services().lockEnvironment(other, { environment: env, reason: "me too", source: "WEB" })).rejects.toMatchObject({
      code: "ENVIRONMENT_LOCKED",
    });
    await expect(services().unlockEnvironment(other, { environment: env, source: "WEB" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await services().unlockEnvironment(admin, { environment: env, source: "WEB" });
    const actions = (await auditOf({ environmentName: env })).map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(["lock.create:SUCCESS", "lock.release:DENIED", "lock.release:SUCCESS", "lock.create:DENIED"]));
  });

  it("an expired lock stops blocking on its own", async () => {
    // Seconds, not milliseconds: on a loaded machine the refused deploy must still see the lock alive.
    const expiresAt = new Date(Date.now() + 4_000);
    await services().lockEnvironment(deployer, { environment: env, reason: "brief", expiresAt, source: "API" });
    await expect(services().startDeploy(deployer, { application: app, environment: env, tag: "git_cf7edb2", source: "API" })).rejects.toMatchObject({
      code: "ENVIRONMENT_LOCKED",
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now() + 50)));
    const { deploy } = await services().startDeploy(deployer, { application: app, environment: env, tag: "git_cf7edb2", source: "API" });
    expect((await waitForDeploy(deploy.id)).status).toBe("SUCCEEDED");
  });
});

describe("rollback to a version EB deleted", { timeout: 90_000 }, () => {
  it("re-creates the label from the stored bundle, then updates", async () => {
    const env = "takumi-srv-prod";
    await engine.control().pushImage({ repository: app, tag: "git_1111111" });
    const first = await services().startDeploy(deployer, { application: app, environment: env, tag: "git_1111111", source: "API" });
    expect((await waitForDeploy(first.deploy.id)).status).toBe("SUCCEEDED");
    await engine.control().pushImage({ repository: app, tag: "git_2222222" });
    const second = await services().startDeploy(deployer, { application: app, environment: env, tag: "git_2222222", source: "API" });
    expect((await waitForDeploy(second.deploy.id)).status).toBe("SUCCEEDED");
    await services().deps.aws.beanstalk.deleteVersion(app, first.deploy.versionLabel ?? "");
    await engine.control().clearCalls();
    const { deploy } = await services().rollback(deployer, { environment: env, reason: "back", lock: false, source: "API" });
    expect(deploy.versionLabel).toBe(first.deploy.versionLabel);
    expect((await waitForDeploy(deploy.id)).status).toBe("SUCCEEDED");
    expect(await operations()).toEqual(expect.arrayContaining(["PutObject", "CreateApplicationVersion"]));
    expect(await db().lock.count({ where: { environmentName: env, releasedAt: null } })).toBe(0);
  });
});

describe("templates, settings and preview", { timeout: 90_000 }, () => {
  it("refuses an invalid template with each problem's place; saves a valid one as an audited revision that deploys as a zip", async () => {
    const bad = await services().previewTemplate(admin, { application: app, format: "COMPOSE", body: "services:\n  web:\n    ports: [80]\n", files: {} });
    expect(bad.ok).toBe(false);
    await expect(services().saveTemplate(deployer, { application: app, format: "COMPOSE", body: "x", files: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(services().saveTemplate(admin, { application: app, format: "DOCKERRUN_V1", body: "{", files: {} })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    const saved = await services().saveTemplate(admin, {
      application: app,
      format: "COMPOSE",
      body: "services:\n  web:\n    image: {{image}}\n    ports:\n      - '80:8080'\n",
      files: { ".ebextensions/env.config": "option_settings:\n  aws:elasticbeanstalk:application:environment:\n    TAG: {{tag}}\n" },
      message: "compose",
    });
    expect(saved.template.revision).toBe(2);
    expect((await auditOf({ action: "template.save" })).map((a) => a.outcome)).toEqual(["DENIED", "REFUSED", "SUCCESS"]);
    const preview = await services().previewDeploy(viewer, { environment: "takumi-srv-dev", tag: "git_cf7edb2" });
    expect(preview.bundle).toMatchObject({ fileName: "bundle.zip", files: [".ebextensions/env.config"] });
    expect(preview.bundle.text).toContain("takumi-server@sha256:");
    expect(preview.refusal?.code).toBe("FORBIDDEN");
    expect((await services().previewDeploy(deployer, { environment: "takumi-srv-dev", tag: "git_cf7edb2" })).refusal).toBeUndefined();
  });

  it("updates application and environment settings (admin only, audited)", async () => {
    await expect(services().updateEnvironmentSettings(deployer, { environment: "takumi-srv-dev", protected: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await services().updateEnvironmentSettings(admin, { environment: "takumi-srv-dev", protected: true, deployTimeoutSec: 600 });
    await services().updateApplicationSettings(admin, { application: app, commitUrlTemplate: "https://github.com/acme/api/commit/{sha}" });
    await expect(services().updateApplicationSettings(admin, { application: app, tagPattern: "(" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await db().environment.findUnique({ where: { name: "takumi-srv-dev" }, select: { protected: true, deployTimeoutSec: true } })).toEqual({
      protected: true,
      deployTimeoutSec: 600,
    });
    const preview = await services().previewDeploy(deployer, { environment: "takumi-srv-dev", tag: "git_cf7edb2" });
    expect(preview.target.commitUrl).toBe("https://github.com/acme/api/commit/cf7edb2");
  });
});
