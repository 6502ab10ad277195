import { resetConfigForTests } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { prepareDatabase } from "@/lib/db/roles";
import { benchPostgres } from "./lib/postgres";
import { RUNS, report, rowOf, runBaselines, type Call, type Row } from "./lib/critical-path";
import { startBackground } from "@/lib/jobs";
import { resetServicesForTests, services } from "@/lib/services";
import { sandboxControl } from "@/sandbox/client";
import { startSandbox } from "@/sandbox/server";

// Issue 4's "Done when": the sequential AWS round trips from the deploy request to
// UpdateEnvironment, for a new image and for a rollback, and the milliseconds it takes with
// 0 and with 50 ms of latency injected into every AWS call. Runs the real request path
// in-process (services().startDeploy / rollback: the engine without HTTP) and the real worker
// (queue pickup included) against the sandbox and a real PostgreSQL. Issue 9's benchmark 1
// adds the baselines (eb deploy's sequence, the article's tool) against the same sandbox and
// latency, and the targets: (a) <= 4 round trips, <= 0.55x the article, <= 0.7x eb deploy;
// (b) <= 2 round trips. The same through POST /api/v1/deploys on the built app is
// bench/deploy-critical-path-http.ts.
//   npm run bench -- deploy-critical-path      (or: npx tsx bench/deploy-critical-path.ts)

const actor: Actor = { type: "USER", userId: "0b6c1d2e-0000-4000-8000-00000000be9c", name: "bench", role: "DEPLOYER" };
const app = "takumi-server";
const env = "takumi-srv-dev";

let stopDatabase: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const embedded = await benchPostgres("critical-path");
  stopDatabase = embedded.stop;
  const adminUrl = embedded.adminUrl;
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
  const rows: Row[] = [];
  let counter = 0;

  // Issue 9's measure: from the request to the sandbox receiving UpdateEnvironment (its
  // recorded arrival, on the same clock). Also shown: to UpdateEnvironment's RequestId
  // recorded in the database, where the engine's step ends.
  const measure = async (scenario: string, latencyMs: number, prepare: () => Promise<() => Promise<string>>) => {
    const request = await prepare();
    await control.latency(latencyMs);
    await control.clearCalls();
    const startedAt = Date.now();
    const started = performance.now();
    const id = await request();
    for (;;) {
      const deploy = await db().deploy.findUnique({ where: { id }, select: { ebRequestId: true, status: true } });
      if (deploy?.ebRequestId || deploy?.status === "FAILED") break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const answered = performance.now() - started;
    rows.push(rowOf(scenario, latencyMs, (await control.calls()).calls as Call[], startedAt, answered));
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
    return async () => (await services().startDeploy(actor, { application: app, environment: env, tag, source: "API" })).deploy.id;
  };
  const rollBack = async () => async () => (await services().rollback(actor, { environment: env, reason: "bench", lock: false, source: "API" })).deploy.id;

  // Parallel reads show as one round trip only when they visibly overlap: with 0 ms injected
  // they may not, so the round-trip count to quote is the 50 ms row's.
  await measure("new image (first deploy of the process)", 50, newImage);
  for (const latency of [0, 50]) {
    for (let i = 0; i < RUNS; i++) {
      await measure("new image", latency, newImage);
      await measure("rollback", latency, rollBack);
    }
  }
  // The engine stops here: the baselines' UpdateEnvironment would otherwise be adopted as
  // outside changes by its poller, and its calls would mix with theirs.
  await background.stop();
  rows.push(...(await runBaselines({ sandboxUrl: sandbox.url, control, application: app, environment: env })));
  report(rows);

  await sandbox.close();
  await db().$disconnect();
  // Stopping the embedded server ends connections a pool may still hold; their "terminated" errors are expected now.
  process.on("uncaughtException", () => {});
  await embedded.stop();
}

void main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error);
    process.on("uncaughtException", () => {});
    await stopDatabase?.();
    process.exit(1);
  },
);
