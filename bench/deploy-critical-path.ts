import path from "node:path";
import { resetConfigForTests } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { prepareDatabase } from "@/lib/db/roles";
import { startBackground } from "@/lib/jobs";
import { resetServicesForTests, services } from "@/lib/services";
import { sandboxControl } from "@/sandbox/client";
import { startSandbox } from "@/sandbox/server";

// Issue 4's "Done when": the sequential AWS round trips from the deploy request to
// UpdateEnvironment, for a new image and for a rollback, and the milliseconds it takes with
// 0 and with 50 ms of latency injected into every AWS call. Runs the real request path and
// the real worker (queue pickup included) against the sandbox and a real PostgreSQL.
//   npm run bench -- deploy-critical-path      (or: npx tsx bench/deploy-critical-path.ts)

type Call = { service: string; operation: string; at: string; durationMs: number };
const actor: Actor = { type: "USER", userId: "0b6c1d2e-0000-4000-8000-00000000be9c", name: "bench", role: "DEPLOYER" };
const app = "takumi-server";
const env = "takumi-srv-dev";

/** Calls that overlap in time are one round trip (they were sent in parallel). */
function roundTrips(calls: Call[]): { count: number; path: string } {
  const sorted = [...calls].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const waves: Call[][] = [];
  let waveEnd = -Infinity;
  for (const call of sorted) {
    const start = Date.parse(call.at);
    if (start < waveEnd && waves.length > 0) waves[waves.length - 1].push(call);
    else waves.push([call]);
    waveEnd = Math.max(start < waveEnd ? waveEnd : -Infinity, start + call.durationMs);
  }
  return { count: waves.length, path: waves.map((w) => w.map((c) => c.operation).join(" + ")).join(" -> ") };
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.BENCH_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres(path.join(process.cwd(), ".data", "bench-postgres"), 54339);
    adminUrl = embedded.adminUrl("postgres");
  }
  const urls = await prepareDatabase(adminUrl, `dpl_bench_${process.pid}`);
  await migrate({ ...urls });
  const sandbox = await startSandbox({ port: 0, seed: "demo", deployDurationMs: 200 });
  const control = sandboxControl(sandbox.url);
  Object.assign(process.env, {
    DATABASE_URL: urls.appUrl,
    DATABASE_MIGRATION_URL: urls.migrationUrl,
    AWS_ENDPOINT_URL: sandbox.url,
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    DPL_TRACK_INTERVAL_MS: "50",
    LOG_LEVEL: "silent",
  });
  resetConfigForTests();
  resetServicesForTests();
  await services().jobs.pollEnvironments();
  const background = await startBackground();
  // The worker polls the inventory once on start; measure after it, so only the deploy's calls count.
  for (;;) {
    const [{ pending }] = await db().$queryRaw<
      { pending: number }[]
    >`SELECT count(*)::int AS pending FROM graphile_worker.jobs WHERE task_identifier = 'poll-inventory' AND attempts < max_attempts`;
    if (pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const rows: string[][] = [];
  let counter = 0;

  const measure = async (scenario: string, latencyMs: number, request: () => Promise<string>) => {
    await control.latency(latencyMs);
    await control.clearCalls();
    const started = performance.now();
    const id = await request();
    for (;;) {
      const deploy = await db().deploy.findUnique({ where: { id }, select: { ebRequestId: true, status: true } });
      if (deploy?.ebRequestId || deploy?.status === "FAILED") break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const elapsed = performance.now() - started;
    const calls = (await control.calls()).calls as Call[];
    const upTo = calls.slice(0, calls.findIndex((c) => c.operation === "UpdateEnvironment") + 1);
    const trips = roundTrips(upTo);
    const awsMs = upTo.length ? Date.parse(upTo[upTo.length - 1].at) + upTo[upTo.length - 1].durationMs - Date.parse(upTo[0].at) : 0;
    if (process.env.BENCH_VERBOSE) console.log(upTo.map((c) => `${c.operation} at ${c.at} took ${c.durationMs} ms`).join("\n"));
    rows.push([scenario, String(latencyMs), String(trips.count), elapsed.toFixed(0), awsMs.toFixed(0), trips.path]);
    await control.latency(0);
    for (;;) {
      const deploy = await db().deploy.findUnique({ where: { id }, select: { status: true } });
      if (deploy && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(deploy.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const newImage = async () => {
    const tag = `git_be${(counter++).toString(16).padStart(5, "0")}`;
    await control.pushImage({ repository: app, tag });
    const { deploy } = await services().startDeploy(actor, { application: app, environment: env, tag, source: "API" });
    return deploy.id;
  };
  const rollBack = async () => (await services().rollback(actor, { environment: env, reason: "bench", lock: false, source: "API" })).deploy.id;

  // Parallel reads show as one round trip only when they visibly overlap: with 0 ms injected
  // they may not, so the round-trip count to quote is the 50 ms row's.
  await measure("new image (first deploy of the process)", 50, newImage);
  for (const latency of [0, 50]) {
    for (let i = 0; i < 3; i++) {
      await measure("new image", latency, newImage);
      await measure("rollback", latency, rollBack);
    }
  }
  const header = [
    "scenario",
    "latency/call ms",
    "sequential AWS round trips",
    "request -> UpdateEnvironment ms",
    "first call -> UpdateEnvironment answered ms",
    "critical path",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));

  await background.stop();
  await sandbox.close();
  await db().$disconnect();
  // Stopping the embedded server ends connections a pool may still hold; their "terminated" errors are expected now.
  process.on("uncaughtException", () => {});
  await embedded?.stop();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
