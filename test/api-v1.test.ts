import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxControl } from "@/sandbox/client";
import { ensureBuilt } from "@/scripts/stack";
import { recordedOperations } from "./aws-operations";
import { expectError, startApiStack, waitFor, type ApiStack } from "./api-helpers";

// HTTP API v1 against the real built app, its database and the AWS sandbox: every endpoint,
// every error DESIGN.md lists, idempotency, no-op, rate limiting. At the end, the AWS operations
// the sandbox saw are checked against docs/iam-policy.json.

const APP = "takumi-server";
const DEV = "takumi-srv-dev";
const STAGING = "takumi-srv-staging";
const PROD = "takumi-srv-prod";
const TAG = "git_cf7edb2";

let api: ApiStack;
let deployer: string;
let viewer: string;
let admin: string;
let otherTag: string;

beforeAll(async () => {
  ensureBuilt();
  // Deploys take 4 s in the sandbox, so one can be cancelled while UPDATING.
  api = await startApiStack({}, 4_000);
  deployer = (await api.token("DEPLOYER")).token;
  viewer = (await api.token("VIEWER")).token;
  admin = (await api.token("ADMIN")).token;
  // EB is the source of truth: wait for the poller to record the environments and images.
  await waitFor("environments Ready", async () => {
    const r = await api.call("GET", "/api/v1/environments", { token: deployer });
    const names = r.status === 200 ? (r.body as { name: string; status: string }[]).filter((e) => e.status === "Ready").map((e) => e.name) : [];
    return [DEV, STAGING, PROD].every((name) => names.includes(name));
  });
  await api.client.environment.update({ where: { name: PROD }, data: { protected: true } });
  const images = await waitFor("images", async () => {
    const r = await api.call("GET", `/api/v1/applications/${APP}/images`, { token: deployer });
    return r.status === 200 && r.body.items.length > 2 ? (r.body.items as { tags: string[] }[]) : null;
  });
  otherTag = images.flatMap((i) => i.tags).find((t) => t !== TAG && /^git_/.test(t))!;
}, 180_000);

afterAll(async () => {
  await api?.stop();
});

async function waitForStatus(id: string, statuses: string[], timeoutMs = 30_000) {
  return waitFor(
    `deploy ${id} in ${statuses.join("/")}`,
    async () => {
      const r = await api.call("GET", `/api/v1/deploys/${id}`, { token: deployer });
      return statuses.includes(r.body.status) ? r.body : null;
    },
    timeoutMs,
  );
}

describe("public reference", () => {
  it("serves OpenAPI 3.1 and /api without a token", async () => {
    const doc = await api.call("GET", "/api/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/api/v1/deploys", "/api/v1/environments/{name}/lock"]));
    expect(doc.body.components.schemas.StartDeploy.required).toEqual(expect.arrayContaining(["application", "environment", "tag"]));
    const page = await fetch(`${api.stack.appUrl}/api`, { redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/v1/deploys");
  });
});

describe("authentication and rate limiting", () => {
  it("401 without a token or with a bad one", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/environments"],
      ["POST", "/api/v1/deploys"],
      ["GET", "/api/v1/deploys/x"],
      ["PUT", `/api/v1/environments/${DEV}/lock`],
    ]) {
      const none = await api.call(method, path, { body: {} });
      expectError(none, 401, "UNAUTHENTICATED");
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expectError(await api.call(method, path, { token: `dpl_${"0".repeat(40)}`, body: {} }), 401, "UNAUTHENTICATED");
      expectError(await api.call(method, path, { token: "nonsense", body: {} }), 401, "UNAUTHENTICATED");
    }
  });

  it("429 RATE_LIMITED with Retry-After once the token's minute is used up", async () => {
    const { token, id } = await api.token("VIEWER");
    expect((await api.call("GET", "/api/v1/applications", { token })).status).toBe(200);
    // Fill this minute's window (and the next, in case the minute turns) to the default limit (120).
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    for (const start of [minute, minute + 60_000]) {
      const windowStart = new Date(start);
      await api.client.rateLimitWindow.upsert({
        where: { bucket_windowStart: { bucket: `token:${id}`, windowStart } },
        create: { bucket: `token:${id}`, windowStart, count: 120 },
        update: { count: 120 },
      });
    }
    const limited = await api.call("GET", "/api/v1/applications", { token });
    expectError(limited, 429, "RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another token is not affected.
    expect((await api.call("GET", "/api/v1/applications", { token: viewer })).status).toBe(200);
  });
});

describe("reads", () => {
  it("GET /applications lists applications with repository and environments", async () => {
    const r = await api.call("GET", "/api/v1/applications", { token: viewer });
    expect(r.status).toBe(200);
    const app = (r.body as { name: string; ecrRepository: string; environments: string[] }[]).find((a) => a.name === APP)!;
    expect(app.ecrRepository).toBe(APP);
    expect(app.environments).toEqual(expect.arrayContaining([DEV, STAGING, PROD]));
  });

  it("GET /applications/{name}/images pages newest first, searches, links commits; 404 for an unknown application", async () => {
    const first = await api.call("GET", `/api/v1/applications/${APP}/images`, { token: viewer });
    expect(first.status).toBe(200);
    const items = first.body.items as {
      tags: string[];
      digest: string;
      pushedAt: string;
      sizeBytes: number;
      commitSha: string | null;
      commitUrl: string | null;
    }[];
    for (let i = 1; i < items.length; i++) expect(items[i - 1].pushedAt >= items[i].pushedAt).toBe(true);
    expect(items[0]).toEqual(expect.objectContaining({ digest: expect.stringMatching(/^sha256:/), sizeBytes: expect.any(Number) }));
    if (first.body.nextCursor) {
      const second = await api.call("GET", `/api/v1/applications/${APP}/images?cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: viewer });
      expect(second.status).toBe(200);
      const seen = new Set(items.map((i) => i.digest));
      for (const item of second.body.items) expect(seen.has(item.digest)).toBe(false);
    }
    const search = await api.call("GET", `/api/v1/applications/${APP}/images?q=cf7edb2`, { token: viewer });
    expect(search.body.items.map((i: { tags: string[] }) => i.tags).flat()).toContain(TAG);
    const article = search.body.items.find((i: { tags: string[] }) => i.tags.includes(TAG));
    expect(article.commitSha).toBe("cf7edb2");
    expectError(await api.call("GET", "/api/v1/applications/nope-app/images", { token: viewer }), 404, "APPLICATION_NOT_FOUND");
    expectError(await api.call("GET", `/api/v1/applications/${APP}/images?q=${"x".repeat(300)}`, { token: viewer }), 400, "VALIDATION_FAILED");
  });

  it("GET /environments shows status, health, version, image, lock and active deploy", async () => {
    const r = await api.call("GET", "/api/v1/environments", { token: viewer });
    expect(r.status).toBe(200);
    const dev = r.body.find((e: { name: string }) => e.name === DEV);
    expect(dev).toEqual(expect.objectContaining({ name: DEV, application: APP, status: "Ready", health: expect.any(String), lock: null }));
    expect(dev).toHaveProperty("versionLabel");
    expect(dev).toHaveProperty("image");
    expect(dev).toHaveProperty("activeDeploy");
  });

  it("404s for unknown deploys and environments", async () => {
    expectError(await api.call("GET", "/api/v1/deploys/00000000-0000-4000-8000-000000000000", { token: viewer }), 404, "DEPLOY_NOT_FOUND");
    expectError(await api.call("GET", "/api/v1/deploys/not-a-uuid", { token: viewer }), 404, "DEPLOY_NOT_FOUND");
    expectError(await api.call("GET", "/api/v1/environments/nope-env/deploys", { token: viewer }), 404, "ENVIRONMENT_NOT_FOUND");
    expectError(await api.call("POST", "/api/v1/deploys/00000000-0000-4000-8000-000000000000/cancel", { token: deployer }), 404, "DEPLOY_NOT_FOUND");
    expectError(await api.call("PUT", "/api/v1/environments/nope-env/lock", { token: deployer, body: { reason: "x" } }), 404, "ENVIRONMENT_NOT_FOUND");
    expectError(await api.call("POST", "/api/v1/environments/nope-env/rollback", { token: deployer, body: { reason: "x" } }), 404, "ENVIRONMENT_NOT_FOUND");
  });
});

describe("POST /api/v1/deploys", () => {
  it("refuses malformed requests with the error body", async () => {
    const invalid = await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: "x", tag: 5 } });
    expectError(invalid, 400, "VALIDATION_FAILED");
    expect(Object.keys(invalid.body.error.details.fieldErrors)).toEqual(expect.arrayContaining(["environment", "tag"]));
    expectError(
      await api.call("POST", "/api/v1/deploys", { token: deployer, raw: "{not json", headers: { "content-type": "application/json" } }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await api.call("POST", "/api/v1/deploys", { token: deployer }), 400, "VALIDATION_FAILED");
    expectError(
      await api.call("POST", "/api/v1/deploys", { token: deployer, raw: "application=x", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(
      await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: DEV, tag: TAG, reason: "x".repeat(70_000) } }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expectError(await api.call("POST", "/api/v1/deploys", { token: deployer, body: [1, 2] }), 400, "VALIDATION_FAILED");
    expectError(
      await api.call("POST", "/api/v1/deploys", {
        token: deployer,
        body: { application: APP, environment: DEV, tag: TAG },
        headers: { "idempotency-key": "has space" },
      }),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("403 for a viewer, an unscoped token on a protected environment and a token scoped elsewhere; 404 unknown application/environment/tag", async () => {
    expectError(await api.call("POST", "/api/v1/deploys", { token: viewer, body: { application: APP, environment: DEV, tag: TAG } }), 403, "FORBIDDEN");
    expectError(await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: PROD, tag: TAG } }), 403, "FORBIDDEN");
    const scoped = (await api.token("DEPLOYER", [STAGING])).token;
    expectError(await api.call("POST", "/api/v1/deploys", { token: scoped, body: { application: APP, environment: DEV, tag: TAG } }), 403, "FORBIDDEN");
    expectError(await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: "nope-app", environment: DEV, tag: TAG } }), 404);
    expectError(
      await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: "nope-env", tag: TAG } }),
      404,
      "ENVIRONMENT_NOT_FOUND",
    );
    expectError(
      await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: DEV, tag: "git_0000000" } }),
      404,
      "IMAGE_NOT_FOUND",
    );
  });

  it("202, idempotent replay, key reuse 409, busy 409, then SUCCEEDED with events and a 200 no-op; cancel 409 when not UPDATING", async () => {
    const body = { application: APP, environment: DEV, tag: TAG, reason: "api test" };
    const headers = { "idempotency-key": "api-test-key-1", "user-agent": "dpl-cli/1.0.0" };
    const accepted = await api.call("POST", "/api/v1/deploys", { token: deployer, body, headers });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: "PENDING", url: expect.stringContaining(`/deploys/${accepted.body.id}`) });

    const replay = await api.call("POST", "/api/v1/deploys", { token: deployer, body, headers });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(accepted.body);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expectError(await api.call("POST", "/api/v1/deploys", { token: deployer, body: { ...body, reason: "other" }, headers }), 409, "IDEMPOTENCY_KEY_REUSED");

    const busy = await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: DEV, tag: otherTag } });
    expectError(busy, 409, "ENVIRONMENT_BUSY");
    expect(busy.body.error.details.deployId).toBe(accepted.body.id);

    const done = await waitForStatus(accepted.body.id, ["SUCCEEDED", "FAILED", "CANCELLED"]);
    expect(done.status).toBe("SUCCEEDED");
    expect(done).toEqual(expect.objectContaining({ application: APP, environment: DEV, imageTag: TAG, source: "CLI", reason: "api test", error: null }));
    expect(done.digest).toMatch(/^sha256:/);
    expect(done.versionLabel).toMatch(/^git_cf7edb2-[0-9a-f]{12}$/);
    expect(done.events.length).toBeGreaterThan(0);
    expect(done.finishedAt).toEqual(expect.any(String));

    expectError(await api.call("POST", `/api/v1/deploys/${accepted.body.id}/cancel`, { token: deployer }), 409, "DEPLOY_NOT_CANCELLABLE");
    expectError(await api.call("POST", `/api/v1/deploys/${accepted.body.id}/cancel`, { token: viewer }), 403, "FORBIDDEN");

    const noop = await waitFor("a no-op once health is Green", async () => {
      const r = await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: DEV, tag: TAG } });
      if (r.status === 202) throw new Error(`expected a no-op, got a new deploy ${JSON.stringify(r.body)}`);
      return r.status === 200 ? r : null;
    });
    expect(noop.body).toEqual({ id: accepted.body.id, status: "SUCCEEDED", noop: true });

    const history = await api.call("GET", `/api/v1/environments/${DEV}/deploys`, { token: viewer });
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toEqual(expect.objectContaining({ id: accepted.body.id, status: "SUCCEEDED", imageTag: TAG }));
    expect(history.body).toHaveProperty("nextCursor");

    const environments = await api.call("GET", "/api/v1/environments", { token: viewer });
    const dev = environments.body.find((e: { name: string }) => e.name === DEV);
    expect(dev.image).toEqual(expect.objectContaining({ tag: TAG, deployId: accepted.body.id }));
  });

  it("502 AWS_ERROR with AWS's code when a verification read fails", async () => {
    const sandbox = sandboxControl(api.stack.sandboxUrl);
    await sandbox.fault({
      service: "ecr",
      operation: "DescribeImages",
      code: "ServerException",
      message: "ECR is having a bad day",
      httpStatus: 500,
      count: 20,
    });
    try {
      const reply = await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: STAGING, tag: otherTag } });
      expectError(reply, 502, "AWS_ERROR");
      expect(JSON.stringify(reply.body.error.details)).toContain("ServerException");
    } finally {
      await sandbox.clearFaults();
    }
  });

  it("cancels an UPDATING deploy (202)", async () => {
    const accepted = await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: STAGING, tag: otherTag } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    // Cancellable once EB is applying it (UPDATING with its RequestId): retry the 409 until then.
    const cancel = await waitFor(
      "a 202 cancel",
      async () => {
        const r = await api.call("POST", `/api/v1/deploys/${accepted.body.id}/cancel`, { token: deployer });
        if (r.status === 202) return r;
        expectError(r, 409, "DEPLOY_NOT_CANCELLABLE");
        if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(r.body.error.details?.status))
          throw new Error(`the deploy ended before it could be cancelled: ${JSON.stringify(r.body)}`);
        return null;
      },
      30_000,
      50,
    );
    expect(cancel.body.id).toBe(accepted.body.id);
    const ended = await waitForStatus(accepted.body.id, ["CANCELLED", "FAILED", "SUCCEEDED"], 40_000);
    expect(ended.status).toBe("CANCELLED");
  });
});

describe("locks and rollback", () => {
  it("PUT lock 200, deploy refused 409 ENVIRONMENT_LOCKED with author and reason, DELETE lock 200", async () => {
    expectError(await api.call("PUT", `/api/v1/environments/${DEV}/lock`, { token: deployer, body: {} }), 400, "VALIDATION_FAILED");
    expectError(
      await api.call("PUT", `/api/v1/environments/${DEV}/lock`, { token: deployer, body: { reason: "x", expiresAt: "tomorrow" } }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await api.call("PUT", `/api/v1/environments/${DEV}/lock`, { token: viewer, body: { reason: "x" } }), 403, "FORBIDDEN");
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const locked = await api.call("PUT", `/api/v1/environments/${DEV}/lock`, { token: deployer, body: { reason: "release freeze", expiresAt } });
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    expect(locked.body.lock).toEqual(expect.objectContaining({ reason: "release freeze", expiresAt }));

    const refused = await api.call("POST", "/api/v1/deploys", { token: deployer, body: { application: APP, environment: DEV, tag: otherTag } });
    expectError(refused, 409, "ENVIRONMENT_LOCKED");
    expect(refused.body.error.details).toEqual(expect.objectContaining({ reason: "release freeze", author: expect.any(String) }));
    const env = (await api.call("GET", "/api/v1/environments", { token: viewer })).body.find((e: { name: string }) => e.name === DEV);
    expect(env.lock).toEqual(expect.objectContaining({ reason: "release freeze" }));

    expectError(await api.call("DELETE", `/api/v1/environments/${DEV}/lock`, { token: viewer }), 403, "FORBIDDEN");
    const unlocked = await api.call("DELETE", `/api/v1/environments/${DEV}/lock`, { token: deployer });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toEqual({ released: true });
  });

  it("rollback: 400 without a reason, 403 for a viewer, 202 then SUCCEEDED and locked", async () => {
    expectError(await api.call("POST", `/api/v1/environments/${DEV}/rollback`, { token: deployer, body: {} }), 400, "VALIDATION_FAILED");
    expectError(
      await api.call("POST", `/api/v1/environments/${DEV}/rollback`, { token: deployer, body: { reason: "x", toDeployId: "nope" } }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await api.call("POST", `/api/v1/environments/${DEV}/rollback`, { token: viewer, body: { reason: "bad" } }), 403, "FORBIDDEN");
    const accepted = await api.call("POST", `/api/v1/environments/${DEV}/rollback`, { token: deployer, body: { reason: "bad release" } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: "PENDING", url: expect.stringContaining(accepted.body.id) });
    const busy = await api.call("POST", `/api/v1/environments/${DEV}/rollback`, { token: deployer, body: { reason: "again" } });
    expectError(busy, 409);
    const done = await waitForStatus(accepted.body.id, ["SUCCEEDED", "FAILED", "CANCELLED"]);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.kind).toBe("ROLLBACK");
    const env = (await api.call("GET", "/api/v1/environments", { token: viewer })).body.find((e: { name: string }) => e.name === DEV);
    expect(env.lock).not.toBeNull();
    expect((await api.call("DELETE", `/api/v1/environments/${DEV}/lock`, { token: admin })).status).toBe(200);
  });
});

describe("docs/iam-policy.json", () => {
  it("covers every AWS call this file made, and the deploy path's calls were really made", async () => {
    const policy = JSON.parse(readFileSync(path.join(process.cwd(), "docs", "iam-policy.json"), "utf8")) as { Statement: { Action: string[] }[] };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const { calls } = await sandboxControl(api.stack.sandboxUrl).calls();
    const observed = new Set(calls.map((c) => `${c.service}:${c.operation}`));
    expect([...observed].filter((action) => !allowed.has(action))).toEqual([]);
    // test/iam-policy.test.ts ties the policy to lib/aws's commands; this ties it to the wire.
    expect([...allowed].sort()).toEqual([...recordedOperations].sort());
    for (const action of [
      "ecr:DescribeImages",
      "elasticbeanstalk:CreateApplicationVersion",
      "elasticbeanstalk:UpdateEnvironment",
      "elasticbeanstalk:DescribeEvents",
      "s3:PutObject",
    ]) {
      expect(observed).toContain(action);
    }
  });
});
