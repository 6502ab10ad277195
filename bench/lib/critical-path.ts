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
import type { sandboxControl } from "@/sandbox/client";
import { ACCOUNT_ID } from "@/sandbox/state";

// Issue 9's benchmark 1, shared by the in-process and the over-HTTP runs: its measure (from
// the request to the sandbox receiving UpdateEnvironment, read from the sandbox's recorded
// arrival on the same clock), the round-trip count, the two baseline scripts and the targets.

/** Runs per scenario and latency (BENCH_RUNS, default 5): the targets use their medians. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export type Call = { service: string; operation: string; at: string; durationMs: number; status?: number };
export type Control = ReturnType<typeof sandboxControl>;
/** scenario, latency per call, round trips, request -> UpdateEnvironment received, -> answered, path. */
export type Row = [string, string, string, string, string, string];

export const HEADER: Row = [
  "scenario",
  "latency/call ms",
  "sequential AWS round trips",
  "request -> sandbox receives UpdateEnvironment ms",
  "request -> UpdateEnvironment answered ms (dpl: its RequestId stored)",
  "critical path",
];

/** Calls that overlap in time are one round trip (they were sent in parallel). */
export function roundTrips(calls: Call[]): { count: number; path: string } {
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

/** The calls up to UpdateEnvironment, as a row: `startedAt` is Date.now() when the request left. */
export function rowOf(scenario: string, latencyMs: number, calls: Call[], startedAt: number, answeredMs: number): Row {
  const upTo = calls.slice(0, calls.findIndex((c) => c.operation === "UpdateEnvironment") + 1);
  if (process.env.BENCH_VERBOSE) {
    // Each call's arrival and answer, in ms after the request: the gaps between are dpl's own time.
    const offset = (c: Call) => Date.parse(c.at) - startedAt;
    console.log(`${scenario} at ${latencyMs} ms: ${upTo.map((c) => `${c.operation} +${offset(c)}..+${offset(c) + c.durationMs}`).join(", ")}`);
  }
  const update = upTo[upTo.length - 1];
  const received = update?.operation === "UpdateEnvironment" ? Date.parse(update.at) - startedAt : NaN;
  const trips = roundTrips(upTo);
  return [scenario, String(latencyMs), String(trips.count), received.toFixed(0), answeredMs.toFixed(0), trips.path];
}

/**
 * The baselines, side by side against the same sandbox and latency: `eb deploy`'s documented
 * sequence (aws-reference.md; ListObjectsV2 for the "key exists?" check), and the article's
 * tool: verify the image, verify the environment, then eb deploy. Every call waits for the
 * previous one, as in the scripts. A new label each run.
 */
export async function runBaselines(target: { sandboxUrl: string; control: Control; application: string; environment: string }): Promise<Row[]> {
  const { control, application: app, environment: env } = target;
  process.env.AWS_ACCESS_KEY_ID ??= "bench"; // the sandbox takes any credentials
  process.env.AWS_SECRET_ACCESS_KEY ??= "bench";
  const aws = createAwsClients({ region: "us-east-1", endpoint: target.sandboxUrl, connectTimeoutMs: 5_000, requestTimeoutMs: 60_000, maxAttempts: 1 });
  const waitReady = async () => {
    for (;;) {
      const out = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [env] }));
      if (out.Environments?.[0]?.Status === "Ready") return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const rows: Row[] = [];
  let counter = 0;
  const baseline = async (scenario: string, latencyMs: number, article: boolean) => {
    const tag = `git_bb${(counter++).toString(16).padStart(5, "0")}`;
    const label = `baseline-${tag}-${Date.now().toString(36)}`;
    await control.latency(0);
    await control.pushImage({ repository: app, tag });
    await waitReady();
    await control.latency(latencyMs);
    await control.clearCalls();
    const startedAt = Date.now();
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
    const answered = performance.now() - started;
    rows.push(rowOf(scenario, latencyMs, (await control.calls()).calls as Call[], startedAt, answered));
    await control.latency(0);
  };
  for (const latency of [0, 50]) {
    for (let i = 0; i < RUNS; i++) {
      await baseline("baseline: eb deploy", latency, false);
      await baseline("baseline: article's tool (verify + eb deploy)", latency, true);
    }
  }
  await waitReady();
  return rows;
}

/** The table, then the targets at L = 50 ms from the medians of the three runs of issue 9's measure. */
export function report(rows: Row[]): void {
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(HEADER));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));

  const at50 = (scenario: string) => rows.filter((r) => r[0] === scenario && r[1] === "50");
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const ms = (scenario: string) => median(at50(scenario).map((r) => Number(r[3])));
  const trips = (scenario: string) => Math.max(...at50(scenario).map((r) => Number(r[2])));
  const dplNew = ms("new image");
  const eb = ms("baseline: eb deploy");
  const article = ms("baseline: article's tool (verify + eb deploy)");
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(
    `\nTargets at 50 ms per AWS call (request -> sandbox receives UpdateEnvironment, medians of ${RUNS}; round trips: the most seen in the ${RUNS} runs):`,
  );
  console.log(`| target | measured | met |\n|---|---|---|`);
  console.log(`| (a) new image: <= 4 sequential round trips | ${trips("new image")} | ${verdict(trips("new image") <= 4)} |`);
  console.log(
    `| (a) new image: <= 0.55x the article's sequence | ${dplNew.toFixed(0)} / ${article.toFixed(0)} ms = ${(dplNew / article).toFixed(2)}x | ${verdict(dplNew / article <= 0.55)} |`,
  );
  console.log(
    `| (a) new image: <= 0.7x eb deploy alone | ${dplNew.toFixed(0)} / ${eb.toFixed(0)} ms = ${(dplNew / eb).toFixed(2)}x | ${verdict(dplNew / eb <= 0.7)} |`,
  );
  console.log(`| (b) redeploy/rollback: <= 2 sequential round trips | ${trips("rollback")} | ${verdict(trips("rollback") <= 2)} |`);
  console.log(`machine: ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
}
