import { afterAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { closeDeployEventListener } from "@/lib/db/deploy-event-listener";
import { useTestDatabase } from "@/test/db";
import { sseMessages } from "@/test/sse-messages";

// The deploy progress stream (benchmark 5's route) with several concurrent clients against a
// real PostgreSQL and its LISTEN/NOTIFY: every client gets every event of the deploy exactly
// once, in id order (numerically: 9 before 10), and the stream ends only after the last
// event, also when the deploy ends while a client is reading.

const gate = vi.hoisted(() => ({ progressDelayMs: 0 }));

vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/session", () => ({
  getActor: async (): Promise<Actor> => ({ type: "USER", userId: "00000000-0000-4000-8000-000000000001", name: "Dana", email: "dana@acme.io", role: "VIEWER" }),
}));
// A slow status read, to pin the interleaving of the race below; the real query still runs.
vi.mock("@/lib/db/queries/deploys", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/db/queries/deploys")>();
  return {
    ...original,
    getDeployProgress: async (id: string) => {
      if (gate.progressDelayMs) await new Promise((resolve) => setTimeout(resolve, gate.progressDelayMs));
      return original.getDeployProgress(id);
    },
  };
});

const { GET } = await import("./route");

useTestDatabase();
afterAll(() => closeDeployEventListener());

type Client = { ids: string[]; statuses: string[]; ended: Promise<void>; frames: number };

/** One SSE client of the route, parsing frames as EventSource would. */
function connect(deployId: string, signal: AbortSignal): Client {
  const client: Client = { ids: [], statuses: [], frames: 0, ended: Promise.resolve() };
  client.ended = (async () => {
    const response = await GET(new Request(`http://localhost/deploys/${deployId}/events`, { signal }), { params: Promise.resolve({ id: deployId }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    for await (const message of sseMessages<{ status: string; events: { id: string }[] }>(response.body as ReadableStream<Uint8Array>)) {
      client.frames++;
      client.statuses.push(message.status);
      for (const event of message.events) client.ids.push(event.id);
    }
  })();
  return client;
}

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function newDeploy(tag: string): Promise<string> {
  await db().application.upsert({ where: { name: "app" }, create: { name: "app" }, update: {} });
  await db().environment.upsert({ where: { name: "app-dev" }, create: { name: "app-dev", applicationName: "app" }, update: {} });
  const deploy = await db().deploy.create({
    data: { applicationName: "app", environmentName: "app-dev", imageTag: tag, actorName: "dana", source: "WEB", status: "UPDATING" },
  });
  return deploy.id;
}

/** As the tracker appends a poll's events: one statement per batch. */
async function append(deployId: string, messages: string[]): Promise<void> {
  const base = Date.now();
  await db().deployEvent.createMany({ data: messages.map((message, i) => ({ deployId, at: new Date(base + i), severity: "INFO", message })) });
}

async function storedIds(deployId: string): Promise<string[]> {
  const rows = await db().deployEvent.findMany({ where: { deployId }, orderBy: { id: "asc" }, select: { id: true } });
  return rows.map((row) => row.id.toString());
}

describe("GET /deploys/[id]/events", () => {
  it("gives each of 20 concurrent clients every event once, in id order, through bursts and status changes", async () => {
    const deployId = await newDeploy("git_aaaaaaa");
    await append(deployId, ["first"]);
    const abort = new AbortController();
    const clients = Array.from({ length: 20 }, () => connect(deployId, abort.signal));
    await waitFor(() => clients.every((c) => c.ids.length >= 1));

    // 30 more events in bursts of 1 to 5 (ids cross 9 -> 10 and 19 -> 20), written while the
    // clients are reading, with no pause between most bursts so notifications coalesce.
    for (let burst = 0, n = 1; n <= 30; burst++) {
      const size = Math.min(1 + (burst % 5), 31 - n);
      await append(
        deployId,
        Array.from({ length: size }, (_, i) => `event ${n + i}`),
      );
      n += size;
      if (burst % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await db().deploy.update({ where: { id: deployId }, data: { status: "SUCCEEDED", finishedAt: new Date() } });

    const timer = setTimeout(() => abort.abort(), 20_000);
    await Promise.all(clients.map((c) => c.ended));
    clearTimeout(timer);
    expect(abort.signal.aborted).toBe(false);

    const expected = await storedIds(deployId);
    expect(expected).toHaveLength(31);
    expect(expected.map(Number)).toEqual([...expected.map(Number)].sort((a, b) => a - b));
    for (const client of clients) {
      expect(client.ids).toEqual(expected);
      expect(client.statuses.at(-1)).toBe("SUCCEEDED");
    }
  });

  it("does not end a stream before the last events when the deploy ends while a client is reading", async () => {
    const deployId = await newDeploy("git_bbbbbbb");
    await append(deployId, ["one", "two"]);
    const abort = new AbortController();
    const clients = Array.from({ length: 5 }, () => connect(deployId, abort.signal));
    await waitFor(() => clients.every((c) => c.ids.length >= 2));

    // A wake-up with nothing new (a status change, a re-check) starts a read; its status query
    // is slow. Meanwhile the tracker's last poll commits its events, then the final status,
    // in that order (track-deploy.ts). The stream must still deliver those events.
    gate.progressDelayMs = 1_000;
    try {
      await db().$executeRaw`SELECT pg_notify('dpl_deploy_events', json_build_object('deployId', ${deployId}::text)::text)`;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await append(deployId, ["three", "Environment update completed successfully."]);
      await db().deploy.update({ where: { id: deployId }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
      const timer = setTimeout(() => abort.abort(), 20_000);
      await Promise.all(clients.map((c) => c.ended));
      clearTimeout(timer);
    } finally {
      gate.progressDelayMs = 0;
    }

    const expected = await storedIds(deployId);
    expect(expected).toHaveLength(4);
    for (const client of clients) {
      expect(client.ids).toEqual(expected);
      expect(client.statuses.at(-1)).toBe("SUCCEEDED");
    }
  });
});
