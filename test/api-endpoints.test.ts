import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintApiToken } from "@/lib/auth/tokens";
import { createPrismaClient } from "@/lib/db/client";
import { freePort } from "@/lib/db/embedded";
import { sandboxControl } from "@/sandbox/client";
import { seedDemoFor } from "@/scripts/demo-announce";
import { startStack, type Stack } from "@/scripts/stack";
import { recordedOperations } from "@/test/aws-operations";
import { useTestDatabase } from "@/test/db";

// HTTP API v1 against the built app, real PostgreSQL and the sandbox: every call of DESIGN.md's
// table, its errors, Idempotency-Key replay, the per-token rate limit, and fuzzing that no
// input gets a 500. At the end, the AWS operations dpl sent are checked against docs/iam-policy.json.

useTestDatabase();
// Low, so the limit test reaches it quickly on a loaded machine: polling rotates over several
// tokens and each fuzz run stays under it.
const RATE_LIMIT = 60;
const pollers: string[] = [];
let polls = 0;
const poller = () => pollers[polls++ % pollers.length];
let stack: Stack;
let deployer: string;
const tokens: Record<"viewer" | "admin" | "prodDeployer" | "limited" | "fuzz1" | "fuzz2" | "fuzz3", string> = {
  viewer: "",
  admin: "",
  prodDeployer: "",
  limited: "",
  fuzz1: "",
  fuzz2: "",
  fuzz3: "",
};

beforeAll(async () => {
  stack = await startStack({
    dataDir: mkdtempSync(path.join(tmpdir(), "dpl-api-")),
    databaseName: "unused-with-DATABASE_URL",
    port: await freePort(),
    sandboxPort: 0,
    deployDurationMs: 300,
    env: {
      DPL_TRACK_INTERVAL_MS: "100",
      DPL_ENVIRONMENT_POLL_MS: "1000",
      DPL_IMAGE_POLL_MS: "5000",
      DPL_RECONCILE_INTERVAL_MS: "2000",
      DPL_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      LOG_LEVEL: "warn",
    },
  });
  deployer = (await seedDemoFor(stack, path.join(mkdtempSync(path.join(tmpdir(), "dpl-api-token-")), "demo-token"))).deployerToken;
  const client = createPrismaClient(stack.database.appUrl);
  try {
    const owner = await client.user.findFirstOrThrow({ where: { email: "admin@demo.dpl" }, select: { id: true } });
    const system = { type: "SYSTEM" as const, name: "api test", role: "ADMIN" as const };
    const mint = async (role: "VIEWER" | "DEPLOYER" | "ADMIN", environments: string[]) =>
      (await mintApiToken(client, system, owner.id, { name: `api test ${role} ${Math.random()}`, role, environments })).token;
    tokens.viewer = await mint("VIEWER", []);
    tokens.admin = await mint("ADMIN", ["takumi-srv-dev", "takumi-srv-staging", "takumi-srv-prod"]);
    tokens.prodDeployer = await mint("DEPLOYER", ["takumi-srv-prod"]);
    tokens.limited = await mint("VIEWER", []);
    tokens.fuzz1 = await mint("DEPLOYER", ["takumi-srv-dev", "takumi-srv-staging"]);
    tokens.fuzz2 = await mint("DEPLOYER", ["takumi-srv-dev", "takumi-srv-staging"]);
    tokens.fuzz3 = await mint("DEPLOYER", ["takumi-srv-dev", "takumi-srv-staging"]);
    for (let i = 0; i < 6; i++) pollers.push(await mint("VIEWER", []));
  } finally {
    await client.$disconnect();
  }
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

type Reply = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function api(method: string, path: string, options: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const token = options.token === undefined ? deployer : options.token;
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${stack.appUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text so the assertion shows it
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

function expectError(reply: Reply, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
  expect(typeof reply.body.error.message).toBe("string");
  expect(reply.body.error.message.length).toBeGreaterThan(10);
}

async function waitForStatus(id: string, statuses: string[], timeoutMs = 30_000): Promise<Reply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await api("GET", `/api/v1/deploys/${id}`, { token: poller() });
    if (statuses.includes(reply.body?.status) || Date.now() > deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function waitForEnvironments(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const reply = await api("GET", "/api/v1/environments", { token: poller() });
    if (reply.status === 200 && reply.body.length >= 3 && reply.body.every((e: { status: string | null }) => e.status === "Ready")) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the poller did not record the demo environments in time");
}

describe("reads", () => {
  it("lists applications, environments, images (paged, searchable) and history", async () => {
    await waitForEnvironments();
    const applications = await api("GET", "/api/v1/applications", { token: tokens.viewer });
    expect(applications.status).toBe(200);
    expect(applications.body).toContainEqual({
      name: "takumi-server",
      ecrRepository: "takumi-server",
      environments: expect.arrayContaining(["takumi-srv-dev", "takumi-srv-staging", "takumi-srv-prod"]),
    });

    const environments = await api("GET", "/api/v1/environments", { token: tokens.viewer });
    const dev = environments.body.find((e: { name: string }) => e.name === "takumi-srv-dev");
    expect(dev).toMatchObject({ application: "takumi-server", status: "Ready", lock: null, activeDeploy: null });
    expect(environments.body.find((e: { name: string }) => e.name === "takumi-srv-prod").protected).toBe(true);

    const images = await api("GET", "/api/v1/applications/takumi-server/images", { token: tokens.viewer });
    expect(images.status).toBe(200);
    expect(images.body.items.length).toBeGreaterThan(0);
    const pushed = images.body.items.map((i: { pushedAt: string }) => i.pushedAt);
    expect([...pushed].sort().reverse()).toEqual(pushed);
    const article = await api("GET", "/api/v1/applications/takumi-server/images?q=cf7edb2", { token: tokens.viewer });
    expect(article.body.items[0]).toMatchObject({ tags: expect.arrayContaining(["git_cf7edb2"]), commitSha: "cf7edb2", digest: expect.stringMatching(/^sha256:/) });
    if (images.body.nextCursor) {
      const next = await api("GET", `/api/v1/applications/takumi-server/images?cursor=${encodeURIComponent(images.body.nextCursor)}`, { token: tokens.viewer });
      expect(next.status).toBe(200);
      expect(next.body.items[0].digest).not.toBe(images.body.items[0].digest);
    }

    expect((await api("GET", "/api/v1/environments/takumi-srv-dev/deploys", { token: tokens.viewer })).status).toBe(200);
  }, 60_000);

  it("answers 404 for unknown names and ids, 401 without or with a bad token", async () => {
    expectError(await api("GET", "/api/v1/applications/no-such-app/images"), 404, "APPLICATION_NOT_FOUND");
    expectError(await api("GET", "/api/v1/environments/no-such-env/deploys"), 404, "ENVIRONMENT_NOT_FOUND");
    expectError(await api("GET", "/api/v1/deploys/00000000-0000-4000-8000-000000000000"), 404, "DEPLOY_NOT_FOUND");
    expect((await api("GET", "/api/v1/deploys/not-a-uuid")).status).toBe(404);
    expectError(await api("POST", "/api/v1/environments//images", { raw: "", headers: { "content-type": "multipart/form-data" } }), 404, "NOT_FOUND");
    const anonymous = await api("GET", "/api/v1/environments", { token: null });
    expectError(anonymous, 401, "UNAUTHENTICATED");
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expectError(await api("GET", "/api/v1/environments", { token: "dpl_not_a_real_token" }), 401, "UNAUTHENTICATED");
  });

  it("serves the OpenAPI document and the reference page without sign-in", async () => {
    const document = await api("GET", "/api/v1/openapi.json", { token: null });
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(["/api/v1/deploys", "/api/v1/deploys/{id}", "/api/v1/environments/{name}/lock", "/api/v1/applications/{name}/images"]),
    );
    const page = await fetch(`${stack.appUrl}/api`, { redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/v1/deploys");
  });
});

describe("deploys", () => {
  let first: string;

  it("accepts a deploy (202 with url), shows it with its events, then answers the no-op", async () => {
    const accepted = await api("POST", "/api/v1/deploys", { body: { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2", reason: "api test" } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: "PENDING", url: `${stack.appUrl}/deploys/${accepted.body.id}` });
    first = accepted.body.id;

    const busy = await api("POST", "/api/v1/deploys", { body: { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2" } });
    expectError(busy, 409, "ENVIRONMENT_BUSY");
    expect(busy.body.error.details.deployId).toBe(first);

    const done = await waitForStatus(first, ["SUCCEEDED", "FAILED"]);
    expect(done.body).toMatchObject({
      id: first,
      kind: "DEPLOY",
      status: "SUCCEEDED",
      environment: "takumi-srv-dev",
      imageTag: "git_cf7edb2",
      imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      versionLabel: expect.stringMatching(/^git_cf7edb2-[0-9a-f]{12}$/),
      actorName: expect.any(String),
      reason: "api test",
      source: "API",
      error: null,
    });
    expect(done.body.events.length).toBeGreaterThan(0);

    const noop = await api("POST", "/api/v1/deploys", { body: { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2" } });
    expect(noop.status).toBe(200);
    expect(noop.body).toEqual({ id: expect.any(String), status: "SUCCEEDED", noop: true });

    const history = await api("GET", "/api/v1/environments/takumi-srv-dev/deploys");
    expect(history.body.items[0]).toMatchObject({ id: first, status: "SUCCEEDED" });
  }, 60_000);

  it("replays an Idempotency-Key's first response and refuses the key with another body", async () => {
    await sandboxControl(stack.sandboxUrl).pushImage({ repository: "takumi-server", tag: "git_1de4bee" });
    const body = { application: "takumi-server", environment: "takumi-srv-staging", tag: "git_1de4bee" };
    const headers = { "idempotency-key": "api-test-key-1" };
    const once = await api("POST", "/api/v1/deploys", { body, headers });
    expect(once.status).toBe(202);
    const again = await api("POST", "/api/v1/deploys", { body, headers });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(once.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expectError(await api("POST", "/api/v1/deploys", { body: { ...body, reason: "other" }, headers }), 409, "IDEMPOTENCY_KEY_REUSED");
    expect((await waitForStatus(once.body.id, ["SUCCEEDED", "FAILED"])).body.status).toBe("SUCCEEDED");
  }, 60_000);

  it("refuses bad input, unknown things, roles and protected environments with the listed codes", async () => {
    const deploy = (body: unknown, token?: string) => api("POST", "/api/v1/deploys", { body, token });
    expectError(await deploy({ application: "takumi-server", environment: "takumi-srv-dev" }), 400, "VALIDATION_FAILED");
    expectError(await deploy({ application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2", force: "yes" }), 400, "VALIDATION_FAILED");
    expectError(await api("POST", "/api/v1/deploys", { raw: "{not json", headers: { "content-type": "application/json" } }), 400, "VALIDATION_FAILED");
    expectError(await api("POST", "/api/v1/deploys", { raw: "tag=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectError(await api("POST", "/api/v1/deploys", { raw: JSON.stringify({ reason: "x".repeat(200_000) }), headers: { "content-type": "application/json" } }), 413, "PAYLOAD_TOO_LARGE");
    expectError(await deploy({ application: "no-such-app", environment: "takumi-srv-dev", tag: "git_cf7edb2" }), 404, "APPLICATION_NOT_FOUND");
    expectError(await deploy({ application: "takumi-server", environment: "no-such-env", tag: "git_cf7edb2" }), 404, "ENVIRONMENT_NOT_FOUND");
    expectError(await deploy({ application: "takumi-server", environment: "takumi-srv-dev", tag: "git_0000000" }), 404, "IMAGE_NOT_FOUND");
    expectError(await deploy({ application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2" }, tokens.viewer), 403, "FORBIDDEN");
    // The demo token is not scoped to production; a token scoped to it is, but the role still counts.
    expectError(await deploy({ application: "takumi-server", environment: "takumi-srv-prod", tag: "git_cf7edb2" }), 403, "FORBIDDEN");
    expectError(await api("PUT", "/api/v1/environments/takumi-srv-dev/lock", { body: { reason: "viewer" }, token: tokens.viewer }), 403, "FORBIDDEN");
  }, 60_000);

  it("answers 502 AWS_ERROR with AWS's code when a verification read fails", async () => {
    const sandbox = sandboxControl(stack.sandboxUrl);
    await sandbox.fault({ service: "ecr", operation: "DescribeImages", code: "ServerException", message: "ECR is having a bad day", httpStatus: 500, count: 20 });
    try {
      const reply = await api("POST", "/api/v1/deploys", { body: { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_1de4bee" } });
      expectError(reply, 502, "AWS_ERROR");
      expect(JSON.stringify(reply.body.error.details)).toContain("ServerException");
    } finally {
      await sandbox.clearFaults();
    }
  }, 60_000);
});

describe("locks, rollback and cancel", () => {
  it("locks (409 ENVIRONMENT_LOCKED with author, reason, expiresAt), unlocks", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    expectError(await api("PUT", "/api/v1/environments/takumi-srv-dev/lock", { body: { reason: "" } }), 400, "VALIDATION_FAILED");
    expectError(await api("PUT", "/api/v1/environments/takumi-srv-dev/lock", { body: { reason: "x", expiresAt: "tomorrow" } }), 400, "VALIDATION_FAILED");
    expectError(await api("PUT", "/api/v1/environments/no-such-env/lock", { body: { reason: "freeze" } }), 404, "ENVIRONMENT_NOT_FOUND");
    const locked = await api("PUT", "/api/v1/environments/takumi-srv-dev/lock", { body: { reason: "release freeze", expiresAt } });
    expect(locked.status).toBe(200);
    expect(locked.body.lock).toMatchObject({ reason: "release freeze", expiresAt });

    const refused = await api("POST", "/api/v1/deploys", { body: { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_1de4bee" } });
    expectError(refused, 409, "ENVIRONMENT_LOCKED");
    expect(refused.body.error.details).toMatchObject({ author: expect.any(String), reason: "release freeze", expiresAt });
    const listed = (await api("GET", "/api/v1/environments")).body.find((e: { name: string }) => e.name === "takumi-srv-dev");
    expect(listed.lock).toMatchObject({ reason: "release freeze" });

    const unlocked = await api("DELETE", "/api/v1/environments/takumi-srv-dev/lock");
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toEqual({ released: true });
  }, 60_000);

  it("rolls back (reason required, 202) and locks the environment afterwards", async () => {
    await sandboxControl(stack.sandboxUrl).pushImage({ repository: "takumi-server", tag: "git_2bad5ee" });
    const second = await api("POST", "/api/v1/deploys", { body: { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_2bad5ee" } });
    expect(second.status).toBe(202);
    expect((await waitForStatus(second.body.id, ["SUCCEEDED", "FAILED"])).body.status).toBe("SUCCEEDED");

    expectError(await api("POST", "/api/v1/environments/takumi-srv-dev/rollback", { body: {} }), 400, "VALIDATION_FAILED");
    expectError(await api("POST", "/api/v1/environments/no-such-env/rollback", { body: { reason: "bad" } }), 404, "ENVIRONMENT_NOT_FOUND");
    const rollback = await api("POST", "/api/v1/environments/takumi-srv-dev/rollback", { body: { reason: "2bad5ee breaks sign-in" } });
    expect(rollback.status).toBe(202);
    expect(rollback.body).toMatchObject({ id: expect.any(String), url: expect.stringContaining(rollback.body.id) });
    const done = await waitForStatus(rollback.body.id, ["SUCCEEDED", "FAILED"]);
    expect(done.body).toMatchObject({ kind: "ROLLBACK", status: "SUCCEEDED", imageTag: "git_cf7edb2", reason: "2bad5ee breaks sign-in" });
    const dev = (await api("GET", "/api/v1/environments")).body.find((e: { name: string }) => e.name === "takumi-srv-dev");
    expect(dev.lock).toMatchObject({ reason: expect.stringContaining("2bad5ee breaks sign-in") });
    expect((await api("DELETE", "/api/v1/environments/takumi-srv-dev/lock")).status).toBe(200);
  }, 60_000);

  it("cancels only an UPDATING deploy: 409 otherwise, 202 while EB applies it", async () => {
    const finished = (await api("GET", "/api/v1/environments/takumi-srv-dev/deploys")).body.items[0].id;
    expectError(await api("POST", `/api/v1/deploys/${finished}/cancel`), 409, "DEPLOY_NOT_CANCELLABLE");
    expectError(await api("POST", "/api/v1/deploys/00000000-0000-4000-8000-000000000000/cancel"), 404, "DEPLOY_NOT_FOUND");
    expectError(await api("POST", `/api/v1/deploys/${finished}/cancel`, { token: tokens.viewer }), 403, "FORBIDDEN");

    await sandboxControl(stack.sandboxUrl).outcome({ environment: "takumi-srv-dev", health: "Green", afterMs: 5_000 });
    const started = await api("POST", "/api/v1/deploys", { body: { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_2bad5ee", force: true } });
    expect(started.status).toBe(202);
    expect((await waitForStatus(started.body.id, ["UPDATING", "SUCCEEDED", "FAILED"])).body.status).toBe("UPDATING");
    const cancel = await api("POST", `/api/v1/deploys/${started.body.id}/cancel`);
    expect(cancel.status).toBe(202);
    expect((await waitForStatus(started.body.id, ["CANCELLED", "SUCCEEDED", "FAILED"])).body.status).toBe("CANCELLED");
  }, 60_000);
});

describe("robustness", () => {
  it("limits each token per minute with 429 RATE_LIMITED and Retry-After, other tokens unaffected", async () => {
    // Twice the limit plus one: at least one window overflows even if a minute boundary falls inside.
    const replies: Reply[] = [];
    for (let batch = 0; batch < (2 * RATE_LIMIT + 1) / 20; batch++) {
      replies.push(...(await Promise.all(Array.from({ length: 20 }, () => api("GET", "/api/v1/applications", { token: tokens.limited })))));
    }
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.status !== 429 && r.status !== 200)).toEqual([]);
    expectError(limited[0], 429, "RATE_LIMITED");
    expect(Number(limited[0].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await api("GET", "/api/v1/applications", { token: tokens.viewer })).status).toBe(200);
  }, 60_000);

  const paths = [
    ["POST", "/api/v1/deploys"],
    ["POST", "/api/v1/environments/takumi-srv-staging/rollback"],
    ["PUT", "/api/v1/environments/takumi-srv-staging/lock"],
  ] as const;

  it("never answers a 500 to random JSON bodies, wrong types, huge strings and unicode", async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ minLength: 90, maxLength: 400 }), fc.constantFrom("", " ", "\u0000", "💥", "takumi-srv-dev", "git_cf7edb2"));
    const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));
    const body = fc.oneof(
      fc.record({ application: value, environment: value, tag: value, reason: value, force: value, toDeployId: value, lock: value, expiresAt: value }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, async ([method, path], payload) => {
        const reply = await api(method, path, { body: payload, token: tokens.fuzz1 });
        expect(reply.status, JSON.stringify({ method, path, payload, reply: reply.body })).toBeLessThan(500);
        expect(typeof reply.body?.error?.code === "string" || reply.status < 300).toBe(true);
      }),
      { numRuns: 45 },
    );
    // Anything the fuzzer managed to start, stopped so later tests find the environments free.
    await api("DELETE", "/api/v1/environments/takumi-srv-staging/lock", { token: tokens.admin });
  }, 120_000);

  it("never answers a 500 to raw bytes, odd content types, odd paths, query strings and headers", async () => {
    const segment = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom("..", "%", "%00", "%ff", "💥", "a".repeat(2_000), "00000000-0000-4000-8000-000000000000"));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/v1/deploys/", "/api/v1/applications/", "/api/v1/environments/"),
        segment,
        fc.constantFrom("", "/images", "/deploys", "/cancel", "/lock", "/rollback"),
        fc.constantFrom("GET", "POST", "PUT", "DELETE"),
        fc.string({ maxLength: 200 }),
        fc.constantFrom("application/json", "application/json; charset=utf-16", "text/plain", "multipart/form-data", "application/vnd.x+json", ""),
        fc.oneof(fc.constant(""), fc.string({ maxLength: 300 }).map((q) => `?cursor=${encodeURIComponent(q)}&q=${encodeURIComponent(q)}`)),
        fc.oneof(fc.constant(undefined), fc.string({ maxLength: 60 }).filter((k) => /^[\x20-\x7e]*$/.test(k))),
        async (base, id, suffix, method, raw, contentType, query, idempotencyKey) => {
          const path = `${base}${encodeURIComponent(id)}${suffix}${query}`;
          const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
          if (idempotencyKey !== undefined) headers["idempotency-key"] = idempotencyKey;
          const reply = await api(method, path, { raw: method === "GET" ? undefined : raw, headers, token: tokens.fuzz2 });
          expect(reply.status, JSON.stringify({ method, path, raw, contentType, reply: reply.body })).toBeLessThan(500);
        },
      ),
      { numRuns: 50 },
    );
    const invalidUtf8 = await fetch(`${stack.appUrl}/api/v1/deploys`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.fuzz3}`, "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(invalidUtf8.status).toBe(400);
    for (const header of ["Bearer", "Bearer ", "Basic Zm9vOmJhcg==", `Bearer ${"x".repeat(10_000)}`, "Bearer dpl_💥"]) {
      const reply = await fetch(`${stack.appUrl}/api/v1/environments`, { headers: { authorization: header } }).catch(() => undefined);
      if (reply) expect(reply.status).toBe(401);
    }
    await api("DELETE", "/api/v1/environments/takumi-srv-staging/lock", { token: tokens.admin });
  }, 120_000);
});

describe("docs/iam-policy.json", () => {
  it("allows exactly the AWS operations dpl's code sends, and covers every call this suite made", async () => {
    const policy = JSON.parse(readFileSync(path.join(process.cwd(), "docs", "iam-policy.json"), "utf8")) as { Statement: { Action: string[] }[] };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const { calls } = await sandboxControl(stack.sandboxUrl).calls();
    const prefix: Record<string, string> = { ecr: "ecr", elasticbeanstalk: "elasticbeanstalk", s3: "s3", sts: "sts" };
    const observed = new Set(calls.map((c) => `${prefix[c.service] ?? c.service}:${c.operation}`));
    // Every operation the sandbox saw from dpl during this file is in the policy...
    expect([...observed].filter((action) => !allowed.has(action))).toEqual([]);
    // ...and the policy is the recorded list (test/iam-policy.test.ts ties that list to lib/aws's commands).
    expect([...allowed].sort()).toEqual([...recordedOperations].sort());
    // The deploy path's operations were really exercised, not only listed.
    for (const action of ["ecr:DescribeImages", "elasticbeanstalk:CreateApplicationVersion", "elasticbeanstalk:UpdateEnvironment", "elasticbeanstalk:DescribeEvents", "s3:PutObject"]) {
      expect(observed).toContain(action);
    }
  });
});
