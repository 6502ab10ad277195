import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sandboxControl } from "../sandbox/client";
import { seedDemoFor } from "../scripts/demo-announce";
import { ensureBuilt, freePort, startStack } from "../scripts/stack";
import { sseMessages } from "../test/sse-messages";
import { signInAs } from "./lib/session";

// Benchmark 5 (issue 9): live progress fan-out. Two deploys to takumi-srv-dev, one watched by
// 1 SSE client, the other by CLIENTS (50) clients of /deploys/<id>/events (signed in through
// the demo provider). The engine polls EB once per deploy whatever the number of viewers, so
// both should cost the same DescribeEvents calls per second of deploy (sandbox calls()); every
// client must receive every event the database holds for the deploy, in order, and the table
// shows how far behind the first client the last one got each event. Never fails on timing.
//   npm run bench -- sse-fanout

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
// The engine's default tracking poll (lib/config.ts); the stack runs with the default.
const TRACK_INTERVAL_MS = 5_000;
const APP = "takumi-server";
const ENV = "takumi-srv-dev";

type Received = { ids: string[]; at: Map<string, number>; status: string | null };

async function watch(url: string, cookie: string, signal: AbortSignal): Promise<Received> {
  const received: Received = { ids: [], at: new Map(), status: null };
  const response = await fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal });
  if (!response.ok || !response.body) throw new Error(`SSE ${response.status}`);
  try {
    for await (const message of sseMessages<{ status: string; events: { id: string | number }[] }>(response.body)) {
      received.status = message.status;
      for (const event of message.events) {
        const id = String(event.id);
        received.ids.push(id);
        received.at.set(id, Date.now());
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  return received;
}

async function main(): Promise<void> {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dpl-bench-sse-"));
  chmodSync(dataDir, 0o777);
  const stack = await startStack({ dataDir, databaseName: "dpl_bench_sse", port: await freePort(), sandboxPort: 0, deployDurationMs: 8_000 });
  try {
    const { deployerToken } = await seedDemoFor(stack, path.join(dataDir, "demo-token"));
    const cookie = await signInAs(stack.appUrl, "deployer@demo.dpl");
    const sandbox = sandboxControl(stack.sandboxUrl);
    const db = new pg.Client({ connectionString: stack.database.appUrl });
    await db.connect();
    const rows: string[] = [];
    let maxDelayAll = 0;
    for (const clients of [1, CLIENTS]) {
      const deadline = Date.now() + 60_000;
      let response: Response;
      // Wait out the previous deploy (409 ENVIRONMENT_BUSY while it runs).
      for (;;) {
        response = await fetch(`${stack.appUrl}/api/v1/deploys`, {
          method: "POST",
          headers: { authorization: `Bearer ${deployerToken}`, "content-type": "application/json" },
          body: JSON.stringify({ application: APP, environment: ENV, tag: "git_cf7edb2", reason: `bench sse ${clients}`, force: true }),
        });
        if (response.status !== 409 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const created = (await response.json()) as { id?: string; deploy?: { id: string } };
      const id = created.id ?? created.deploy?.id;
      if (!id) throw new Error(`deploy not accepted: ${response.status} ${JSON.stringify(created)}`);
      await sandbox.clearCalls();
      const started = performance.now();
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 120_000);
      const results = await Promise.all(Array.from({ length: clients }, () => watch(`${stack.appUrl}/deploys/${id}/events`, cookie, abort.signal)));
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const calls = (await sandbox.calls()).calls.filter((c) => c.operation === "DescribeEvents").length;
      // Ordered by the bigint column, qualified: a bare `ORDER BY id` would sort by the text
      // output column of the same name ("11" < "7"), which made every client look out of order.
      const stored = (await db.query(`SELECT e.id::text AS id, e."createdAt", e.at FROM "DeployEvent" e WHERE e."deployId" = $1 ORDER BY e.id`, [id])).rows as {
        id: string;
        createdAt: Date;
        at: Date;
      }[];
      const expected = stored.map((r) => r.id);
      const complete = results.filter((r) => r.ids.join(",") === expected.join(",")).length;
      const wrong = results.find((r) => r.ids.join(",") !== expected.join(","));
      if (wrong) {
        const dupes = wrong.ids.filter((x, i) => wrong.ids.indexOf(x) !== i);
        const missing = expected.filter((x) => !wrong.ids.includes(x));
        console.log(
          `${clients} clients: first mismatch: received [${wrong.ids.join(",")}] (status ${wrong.status}), database [${expected.join(",")}]; duplicates [${dupes.join(",")}], missing [${missing.join(",")}]`,
        );
      }
      let maxLag = 0;
      let maxDelay = 0;
      let maxEndToEnd = 0;
      for (const { id: eventId, createdAt, at } of stored) {
        const times = results.map((r) => r.at.get(eventId)).filter((t): t is number => t !== undefined);
        if (!times.length) continue;
        maxLag = Math.max(maxLag, Math.max(...times) - Math.min(...times));
        // Delivery delay: the row's insert (PostgreSQL's clock, this machine) to the last client's read.
        maxDelay = Math.max(maxDelay, Math.max(...times) - createdAt.getTime());
        // End to end: the event's time in (sandboxed) Elastic Beanstalk, same clock, to the last client.
        maxEndToEnd = Math.max(maxEndToEnd, Math.max(...times) - at.getTime());
      }
      maxDelayAll = Math.max(maxDelayAll, maxEndToEnd);
      rows.push(
        `| ${clients} | ${results[0]?.status ?? "?"} | ${seconds.toFixed(1)} | ${calls} | ${(calls / seconds).toFixed(2)} | ${expected.length} | ${complete}/${clients} | ${maxLag.toFixed(0)} | ${maxDelay.toFixed(0)} | ${maxEndToEnd.toFixed(0)} |`,
      );
    }
    await db.end();
    console.log(
      `\n| SSE clients | final status | watched s | DescribeEvents calls | per s | events in DB | clients with every event in order | max spread first->last client ms | max insert->last client ms | max EB event->last client ms |`,
    );
    console.log(`|---:|---|---:|---:|---:|---:|---|---:|---:|---:|`);
    for (const row of rows) console.log(row);
    console.log(
      `\nevery event reaches every client within two poll intervals (2 x DPL_TRACK_INTERVAL_MS = ${2 * TRACK_INTERVAL_MS} ms) of its time in EB: ${maxDelayAll <= 2 * TRACK_INTERVAL_MS ? "yes" : "NO"} (max ${maxDelayAll.toFixed(0)} ms)`,
    );
    console.log(`machine: ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
