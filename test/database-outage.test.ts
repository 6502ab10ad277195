import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DescribeEnvironmentsCommand, DescribeEventsCommand, ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/tokens";
import { resetConfigForTests } from "@/lib/config";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { sandboxControl, type SandboxCall } from "@/sandbox/client";
import { prepareDatabase, type DatabaseUrls } from "@/lib/db/roles";
import { ensureBuilt, freePort, startStack, type Stack } from "@/scripts/stack";
import { expectError, waitFor } from "./api-helpers";

// Database outage (issue 9, reliability suite): the built app and its worker on a PostgreSQL
// this file owns. PostgreSQL is stopped while a deploy is being tracked and restarted on the
// same port and data directory once EB has finished the rollout unseen: meanwhile the API
// answers 503 DATABASE_UNAVAILABLE (never a 500) and the server stays up; afterwards
// tracking resumes from its cursor and the deploy ends SUCCEEDED with every event and audit
// row once. The poll held in flight across the stop ends during the outage: the worker must
// survive it (a new runner once the database answers; reconcile re-drives the deploy whose
// job stayed locked, after DPL_STALE_AFTER_MS, shortened here).

const APP = "takumi-server";
const ENV = "takumi-srv-dev";
const TAG = "git_cf7edb2";

let root: string;
let postgres: EmbeddedDatabase;
let urls: DatabaseUrls;
let stack: Stack;
let client: PrismaClient;
let token: string;
const saved = { url: process.env.DATABASE_URL, migrationUrl: process.env.DATABASE_MIGRATION_URL };

type Answer = { status: number; body: { id?: string; status?: string; error?: { code: string; message: string } | null } };

async function call(method: string, url: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${stack.appUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: { error: { code: "NOT_JSON", message: text } } };
  }
}

beforeAll(async () => {
  ensureBuilt();
  root = mkdtempSync(path.join(os.tmpdir(), "dpl-db-outage-"));
  // As root, PostgreSQL runs as its own user and must reach its data directory.
  chmodSync(root, 0o777);
  postgres = await startEmbeddedPostgres(path.join(root, "postgres"), 0);
  urls = await prepareDatabase(postgres.adminUrl("postgres"), "dpl_outage");
  await migrate(urls);
  process.env.DATABASE_URL = urls.appUrl;
  process.env.DATABASE_MIGRATION_URL = urls.migrationUrl;
  resetConfigForTests();
  stack = await startStack({
    dataDir: path.join(root, "app"),
    databaseName: "dpl_outage",
    port: await freePort(),
    sandboxPort: 0,
    // Long enough that PostgreSQL goes down mid-rollout; EB finishes it during the outage.
    deployDurationMs: 3_000,
    env: {
      DPL_TRACK_INTERVAL_MS: "100",
      DPL_ENVIRONMENT_POLL_MS: "1000",
      DPL_IMAGE_POLL_MS: "5000",
      DPL_HEALTH_SETTLE_MS: "0",
      DPL_RECONCILE_INTERVAL_MS: "1000",
      DPL_STALE_AFTER_MS: "3000",
      LOG_LEVEL: "warn",
    },
  });
  client = createPrismaClient(urls.appUrl);
  const user = await client.user.create({ data: { email: "outage-admin@acme.io", name: "Outage Admin", role: "ADMIN" } });
  token = (
    await createApiToken(
      { type: "USER", userId: user.id, name: user.name ?? "", email: user.email, role: "ADMIN" },
      { name: "outage", role: "DEPLOYER", environments: [] },
      client,
    )
  ).token;
  await waitFor("the poller to record the environment Ready", async () => {
    const r = await call("GET", "/api/v1/environments");
    return r.status === 200 && (r.body as unknown as { name: string; status: string }[]).some((e) => e.name === ENV && e.status === "Ready");
  });
}, 180_000);

afterAll(async () => {
  await client?.$disconnect().catch(() => {});
  await stack?.stop();
  await postgres?.stop().catch(() => {});
  if (root) rmSync(root, { recursive: true, force: true });
  process.env.DATABASE_URL = saved.url;
  process.env.DATABASE_MIGRATION_URL = saved.migrationUrl;
  resetConfigForTests();
});

describe("PostgreSQL stopped while a deploy is tracked", () => {
  it("answers 503 meanwhile, stays up, and resumes tracking to SUCCEEDED once it is back", async () => {
    const eb = new ElasticBeanstalkClient({ endpoint: stack.sandboxUrl, region: "us-east-1", credentials: { accessKeyId: "t", secretAccessKey: "t" } });
    const accepted = await call("POST", "/api/v1/deploys", { application: APP, environment: ENV, tag: TAG, reason: "outage drill" });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const id = String(accepted.body.id);

    // Tracking: the RequestId is stored and the first of our request's events is recorded.
    const tracked = await waitFor("the deploy to be tracked (UPDATING, events recorded)", async () => {
      const deploy = await client.deploy.findUnique({ where: { id }, include: { events: true } });
      return deploy?.status === "UPDATING" && deploy.ebRequestId && deploy.events.length > 0 ? deploy : null;
    });
    // A tracking poll held in flight across the stop (AWS answers slowly for a moment): its job
    // ends while PostgreSQL is down, so the worker cannot record the poll nor release the job.
    const control = sandboxControl(stack.sandboxUrl);
    const ours = (c: SandboxCall) => c.operation === "DescribeEvents" && c.params.RequestId === tracked.ebRequestId;
    await control.latency(1_500);
    const inFlight = await waitFor("a tracking poll in flight", async () =>
      [...(await control.calls()).calls].reverse().find((c) => ours(c) && c.status === 0),
    );
    const port = postgres.port;
    await client.$disconnect();
    await postgres.stop();
    await control.latency(0);

    // The outage: every API answer is 503 with the error body, /api/health too, the process lives.
    const health = await waitFor("/api/health to answer 503", async () => {
      const response = await fetch(`${stack.appUrl}/api/health`);
      return response.status === 503 ? ((await response.json()) as { status: string; db: string }) : null;
    });
    expect(health.db).not.toBe("ok");
    const during = new Map<string, number>();
    const probe = async () => {
      for (const [method, url, body] of [
        ["GET", `/api/v1/deploys/${id}`],
        ["GET", "/api/v1/environments"],
        ["POST", "/api/v1/deploys", { application: APP, environment: "takumi-srv-staging", tag: TAG }],
      ] as const) {
        const response = await call(method, url, body);
        expectError(response, 503, "DATABASE_UNAVAILABLE");
        during.set(`${method} ${url}`, (during.get(`${method} ${url}`) ?? 0) + 1);
      }
      expect((await fetch(`${stack.appUrl}/api/health`)).status).toBe(503);
      expect(stack.server.exitCode).toBeNull();
    };
    // EB finishes the rollout while dpl cannot record anything; keep asking the API meanwhile.
    await waitFor(
      "EB to finish the rollout and the held poll to be answered, during the outage",
      async () => {
        await probe();
        const live = (await eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [ENV] }))).Environments?.[0];
        const answered = (await control.calls()).calls.some((c) => ours(c) && c.at === inFlight.at && c.status !== 0);
        return answered && live?.Status === "Ready" && live.VersionLabel === tracked.versionLabel;
      },
      30_000,
      250,
    );
    expect(await client.deploy.count().catch(() => "unreachable")).toBe("unreachable");
    expect(stack.server.exitCode).toBeNull();

    // Back on the same port and data directory: tracking resumes and the deploy finishes.
    postgres = await startEmbeddedPostgres(path.join(root, "postgres"), port);
    expect(postgres.port).toBe(port);
    const done = await waitFor(
      "the deploy to finish after the restart",
      async () => {
        const r = await call("GET", `/api/v1/deploys/${id}`);
        return r.status === 200 && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(r.body.status ?? "") ? r.body : null;
      },
      60_000,
      200,
    );
    expect(done.status, JSON.stringify(done.error)).toBe("SUCCEEDED");
    expect((await fetch(`${stack.appUrl}/api/health`)).status).toBe(200);
    expect((await call("GET", "/api/v1/environments")).status).toBe(200);
    expect(stack.server.exitCode).toBeNull();

    // Every event of our request once, none twice; one start and one success in the audit log.
    const ebEvents = (await eb.send(new DescribeEventsCommand({ EnvironmentName: ENV, RequestId: tracked.ebRequestId ?? "" }))).Events ?? [];
    const recorded = await client.deployEvent.findMany({ where: { deployId: id }, orderBy: { id: "asc" } });
    const keys = recorded.map((e) => `${e.at.toISOString()} ${e.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(recorded.map((e) => e.message)).toEqual(expect.arrayContaining(ebEvents.map((e) => e.Message)));
    expect(recorded.filter((e) => e.message === "Environment update completed successfully.")).toHaveLength(1);
    const audit = await client.auditEvent.findMany({ where: { deployId: id }, select: { action: true, outcome: true } });
    expect(audit.filter((a) => a.action === "deploy.start")).toEqual([{ action: "deploy.start", outcome: "SUCCESS" }]);
    expect(audit.filter((a) => a.action === "deploy.succeeded")).toEqual([{ action: "deploy.succeeded", outcome: "SUCCESS" }]);
    expect(audit.filter((a) => a.action === "deploy.failed")).toHaveLength(0);
    expect(await client.deploy.count({ where: { environmentName: { in: [ENV, "takumi-srv-staging"] }, kind: "DEPLOY" } })).toBe(1);
    const updates = (await control.calls()).calls.filter((c) => c.operation === "UpdateEnvironment" && c.params.EnvironmentName === ENV);
    expect(updates).toHaveLength(1);
    expect(await client.applicationVersion.count({ where: { versionLabel: tracked.versionLabel ?? "" } })).toBe(1);
    expect([...during.values()].every((n) => n >= 1)).toBe(true);
  }, 120_000);
});
