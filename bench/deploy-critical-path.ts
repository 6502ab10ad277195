import os from "node:os";
import { DescribeImagesCommand } from "@aws-sdk/client-ecr";
import {
  CreateApplicationVersionCommand,
  CreateStorageLocationCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentsCommand,
  UpdateEnvironmentCommand,
} from "@aws-sdk/client-elastic-beanstalk";
import { ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { createAwsClients } from "@/lib/aws/clients";
import { resetConfigForTests } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { prepareDatabase } from "@/lib/db/roles";
import { benchPostgres } from "./lib/postgres";
import { startBackground } from "@/lib/jobs";
import { resetServicesForTests, services } from "@/lib/services";
import { sandboxControl } from "@/sandbox/client";
import { startSandbox } from "@/sandbox/server";
import { ACCOUNT_ID } from "@/sandbox/state";

// Issue 4's "Done when": the sequential AWS round trips from the deploy request to
// UpdateEnvironment, for a new image and for a rollback, and the milliseconds it takes with
// 0 and with 50 ms of latency injected into every AWS call. Runs the real request path and
// the real worker (queue pickup included) against the sandbox and a real PostgreSQL. Issue 9's
// benchmark 1 adds the baselines (eb deploy's sequence, the article's tool) against the same
// sandbox and latency, and the targets: (a) <= 4 round trips, <= 0.55x the article, <= 0.7x
// eb deploy; (b) <= 2 round trips.
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
  // The engine stops here: the baselines' UpdateEnvironment would otherwise be adopted as
  // outside changes by its poller, and its calls would mix with theirs.
  await background.stop();

  // Baselines (issue 9, benchmark 1), side by side against the same sandbox and latency:
  // `eb deploy`'s documented sequence (aws-reference.md; ListObjectsV2 for the "key exists?"
  // check), and the article's tool: verify the image, verify the environment, then eb deploy.
  // Every call waits for the previous one, as in the scripts. A new label each run.
  const aws = createAwsClients({ region: "us-east-1", endpoint: sandbox.url, connectTimeoutMs: 5_000, requestTimeoutMs: 60_000, maxAttempts: 1 });
  const waitReady = async () => {
    for (;;) {
      const out = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [env] }));
      if (out.Environments?.[0]?.Status === "Ready") return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const baseline = async (scenario: string, latencyMs: number, article: boolean) => {
    const tag = `git_bb${(counter++).toString(16).padStart(5, "0")}`;
    const label = `baseline-${tag}`;
    await control.latency(0);
    await control.pushImage({ repository: app, tag });
    await waitReady();
    await control.latency(latencyMs);
    await control.clearCalls();
    const started = performance.now();
    if (article) {
      await aws.ecr.send(new DescribeImagesCommand({ repositoryName: app, imageIds: [{ imageTag: tag }] }));
      await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [env] }));
    }
    await aws.eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: app, VersionLabels: [label] }));
    const { S3Bucket: bucket } = await aws.eb.send(new CreateStorageLocationCommand({}));
    const key = `${app}/${label}.json`;
    await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
    const dockerrun = {
      AWSEBDockerrunVersion: "1",
      Image: { Name: `${ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/${app}:${tag}`, Update: "true" },
      Ports: [{ ContainerPort: "8080" }],
    };
    await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(dockerrun), ContentType: "application/json" }));
    await aws.eb.send(
      new CreateApplicationVersionCommand({ ApplicationName: app, VersionLabel: label, SourceBundle: { S3Bucket: bucket, S3Key: key }, Process: false }),
    );
    await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: env, VersionLabel: label }));
    const elapsed = performance.now() - started;
    const calls = (await control.calls()).calls as Call[];
    const trips = roundTrips(calls);
    const awsMs = calls.length ? Date.parse(calls[calls.length - 1].at) + calls[calls.length - 1].durationMs - Date.parse(calls[0].at) : 0;
    rows.push([scenario, String(latencyMs), String(trips.count), elapsed.toFixed(0), awsMs.toFixed(0), trips.path]);
    await control.latency(0);
  };
  for (const latency of [0, 50]) {
    for (let i = 0; i < 3; i++) {
      await baseline("baseline: eb deploy", latency, false);
      await baseline("baseline: article's tool (verify + eb deploy)", latency, true);
    }
  }
  await waitReady();

  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));

  // Targets at L = 50 ms, medians of the three runs (request -> UpdateEnvironment for dpl,
  // first call -> UpdateEnvironment answered for the scripts, which have nothing before it).
  const at50 = (scenario: string) => rows.filter((r) => r[0] === scenario && r[1] === "50");
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const ms = (scenario: string) => median(at50(scenario).map((r) => Number(r[3])));
  const trips = (scenario: string) => Math.max(...at50(scenario).map((r) => Number(r[2])));
  const dplNew = ms("new image");
  const eb = ms("baseline: eb deploy");
  const articleMs = ms("baseline: article's tool (verify + eb deploy)");
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(`\nTargets at ${50} ms per AWS call (medians of 3; round trips: the most seen in the 3 runs):`);
  console.log(`| target | measured | met |\n|---|---|---|`);
  console.log(`| (a) new image: <= 4 sequential round trips | ${trips("new image")} | ${verdict(trips("new image") <= 4)} |`);
  console.log(
    `| (a) new image: <= 0.55x the article's sequence | ${dplNew.toFixed(0)} / ${articleMs.toFixed(0)} ms = ${(dplNew / articleMs).toFixed(2)}x | ${verdict(dplNew / articleMs <= 0.55)} |`,
  );
  console.log(
    `| (a) new image: <= 0.7x eb deploy alone | ${dplNew.toFixed(0)} / ${eb.toFixed(0)} ms = ${(dplNew / eb).toFixed(2)}x | ${verdict(dplNew / eb <= 0.7)} |`,
  );
  console.log(`| (b) redeploy/rollback: <= 2 sequential round trips | ${trips("rollback")} | ${verdict(trips("rollback") <= 2)} |`);
  console.log(`machine: ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);

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
