import http from "node:http";
import type { AddressInfo } from "node:net";
import { run, type Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { enqueueNotifications } from "@/lib/notifications/enqueue";
import { verifySignature } from "@/lib/notifications/signature";
import { notificationTasks } from "@/lib/notifications/tasks";
import { useTestDatabase } from "@/test/db";

// Deliveries through the real job queue to real HTTP receivers on loopback: one that fails
// twice then succeeds, one that hangs, a Slack stand-in; every attempt recorded on the row.

vi.mock("server-only", () => ({}));
const database = useTestDatabase();

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let failuresLeft = 2;
let server: http.Server;
let base = "";
let runner: Runner;

beforeAll(async () => {
  process.env.DPL_NOTIFY_RETRY_BASE_MS = "100";
  process.env.DPL_NOTIFY_TIMEOUT_MS = "400";
  process.env.DPL_NOTIFY_MAX_ATTEMPTS = "3";
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body });
      if (request.url === "/hang") return; // never answers
      if (request.url === "/flaky" && failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(503).end("try later");
        return;
      }
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  runner = await run({
    connectionString: database().appUrl,
    taskList: notificationTasks,
    concurrency: 4,
    pollInterval: 50,
    noHandleSignals: true,
    logger: undefined,
  });
});

afterAll(async () => {
  await runner?.stop();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function deployFixture() {
  await db().application.create({
    data: {
      name: "shop",
      commitUrlTemplate: "https://github.com/acme/shop/commit/{sha}",
      environments: { create: [{ name: "shop-prod" }, { name: "shop-dev" }] },
    },
  });
  return db().deploy.create({
    data: {
      applicationName: "shop",
      environmentName: "shop-prod",
      imageTag: "git_cf7edb2",
      commitSha: "cf7edb2",
      actorName: "Dana Deployer",
      source: "WEB",
      reason: "ship the fix",
      status: "SUCCEEDED",
      startedAt: new Date("2026-01-01T10:00:00Z"),
      finishedAt: new Date("2026-01-01T10:04:00Z"),
    },
  });
}

describe("notification deliveries", () => {
  it("retries a failing webhook with backoff until it succeeds, signed, and records each attempt", async () => {
    const deploy = await deployFixture();
    const flaky = await db().notificationChannel.create({
      data: { name: "flaky", kind: "WEBHOOK", url: `${base}/flaky`, secret: "whsec_test", applicationName: "shop", events: ["deploy.succeeded"] },
    });
    const slack = await db().notificationChannel.create({
      data: { name: "slack", kind: "SLACK", url: `${base}/slack`, environmentName: "shop-prod", events: [] },
    });
    const elsewhere = await db().notificationChannel.create({
      data: { name: "dev only", kind: "WEBHOOK", url: `${base}/dev`, environmentName: "shop-dev", events: [] },
    });
    const lockOnly = await db().notificationChannel.create({ data: { name: "locks", kind: "WEBHOOK", url: `${base}/locks`, events: ["environment.locked"] } });

    const started = Date.now();
    const count = await enqueueNotifications({
      type: "deploy.succeeded",
      deployId: deploy.id,
      environment: "shop-prod",
      application: "shop",
      imageTag: "git_cf7edb2",
      at: new Date(),
    });
    expect(count).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000); // only rows are written; no HTTP in the caller

    const delivery = await until(
      () => db().notificationDelivery.findFirstOrThrow({ where: { channelId: flaky.id } }),
      (d) => d.status !== "PENDING",
    );
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null });
    const attempts = received.filter((r) => r.path === "/flaky");
    expect(attempts).toHaveLength(3);
    // Backoff: 100 ms after the first failure, 200 ms after the second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);

    const last = attempts[2]!;
    const header = String(last.headers["x-dpl-signature"]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature("whsec_test", header, last.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature("wrong secret", header, last.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifySignature("whsec_test", header, last.body.replace("shop-prod", "shop-dev"), Math.floor(Date.now() / 1000))).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({
      id: delivery.id,
      event: "deploy.succeeded",
      environment: "shop-prod",
      image: "git_cf7edb2",
      commitUrl: "https://github.com/acme/shop/commit/cf7edb2",
      actor: "Dana Deployer",
      reason: "ship the fix",
      durationSeconds: 240,
      deployUrl: expect.stringMatching(new RegExp(`/deploys/${deploy.id}$`)),
    });

    const slackDelivery = await until(
      () => db().notificationDelivery.findFirstOrThrow({ where: { channelId: slack.id } }),
      (d) => d.status !== "PENDING",
    );
    expect(slackDelivery.status).toBe("DELIVERED");
    const message = JSON.parse(received.find((r) => r.path === "/slack")!.body) as {
      text: string;
      blocks: { type: string; fields?: { text: string }[]; elements?: { url?: string }[] }[];
    };
    expect(message.text).toContain("git_cf7edb2 to shop-prod succeeded");
    const fields = message.blocks.flatMap((b) => b.fields ?? []).map((f) => f.text);
    expect(fields).toEqual(
      expect.arrayContaining([
        "*Environment*\nshop-prod",
        "*Image*\n`git_cf7edb2`",
        "*Commit*\n<https://github.com/acme/shop/commit/cf7edb2|cf7edb2>",
        "*By*\nDana Deployer",
        "*Duration*\n4 min",
      ]),
    );
    expect(message.blocks.find((b) => b.type === "actions")?.elements?.[0]?.url).toContain(`/deploys/${deploy.id}`);

    expect(await db().notificationDelivery.count({ where: { channelId: { in: [elsewhere.id, lockOnly.id] } } })).toBe(0);
  });

  it("gives up on a receiver that hangs after the maximum attempts, each one timing out", async () => {
    const hang = await db().notificationChannel.create({
      data: { name: "hang", kind: "WEBHOOK", url: `${base}/hang`, events: ["environment.locked"], applicationName: "shop" },
    });
    await enqueueNotifications({
      type: "environment.locked",
      environment: "shop-dev",
      application: "shop",
      actorName: "Adam Admin",
      reason: "release freeze",
      at: new Date(),
    });
    const afterFirst = await until(
      () => db().notificationDelivery.findFirstOrThrow({ where: { channelId: hang.id } }),
      (d) => d.attempts >= 1,
    );
    expect(afterFirst.status).toBe("PENDING");
    expect(afterFirst.lastError).toMatch(/timeout/);
    expect(afterFirst.nextAttemptAt).not.toBeNull();
    const final = await until(
      () => db().notificationDelivery.findFirstOrThrow({ where: { channelId: hang.id } }),
      (d) => d.status !== "PENDING",
    );
    expect(final).toMatchObject({ status: "FAILED", attempts: 3, lastStatus: null, nextAttemptAt: null });
    expect(final.lastError).toMatch(/timeout: no answer within 400 ms/);
    expect(received.filter((r) => r.path === "/hang")).toHaveLength(3);
  });
});
