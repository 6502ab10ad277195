import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "../lib/db/client";
import { seedDemoFor } from "../scripts/demo-announce";
import { benchStack } from "./lib/stack";
import { createEnvironments, unscopedDeployerToken } from "./lib/environments";

// Benchmarks 4 and 6 (issue 9): through the API of the built app on a started stack,
// (a) 50 concurrent deploys to 50 environments (created in the sandbox with CreateEnvironment,
// synced by the engine's poller), (b) 100 concurrent POST /api/v1/deploys to one environment:
// exactly one 202, 99 x 409 ENVIRONMENT_BUSY. Latency p50/p99 per request (all requests in
// flight at once: a bounded loader of 50 / 100 on loopback), error counts, and the server's
// VmRSS just started, idle, at its peak during each load (sampled every 20 ms) and after it,
// and VmHWM. First-load JS per route (the rest of benchmark 6) is bench/first-load-js.ts.
// Never fails on timing.
//   npm run bench -- throughput

const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 50);
const ONE_ENV_REQUESTS = 100;
const APP = "takumi-server";
const TAG = "git_cf7edb2";

function statusMiB(pid: number | undefined, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}
const rssMiB = (pid: number | undefined) => statusMiB(pid, "VmRSS");
const hwmMiB = (pid: number | undefined) => statusMiB(pid, "VmHWM");

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

type Result = { status: number; code?: string; ms: number };

async function post(appUrl: string, token: string, environment: string): Promise<Result> {
  const t0 = performance.now();
  try {
    const response = await fetch(`${appUrl}/api/v1/deploys`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ application: APP, environment, tag: TAG, reason: "bench", force: true }),
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string }; code?: string };
    return { status: response.status, code: body.error?.code ?? body.code, ms: performance.now() - t0 };
  } catch {
    return { status: 0, code: "NETWORK", ms: performance.now() - t0 };
  }
}

function summarize(label: string, results: Result[]): string {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const byStatus = new Map<string, number>();
  for (const r of results) byStatus.set(`${r.status}${r.code ? ` ${r.code}` : ""}`, (byStatus.get(`${r.status}${r.code ? ` ${r.code}` : ""}`) ?? 0) + 1);
  const statuses = [...byStatus].map(([k, v]) => `${v} x ${k}`).join(", ");
  const errors = results.filter((r) => r.status === 0 || r.status >= 500).length;
  return `| ${label} | ${results.length} | ${pct(ms, 0.5).toFixed(0)} | ${pct(ms, 0.99).toFixed(0)} | ${errors} | ${statuses} |`;
}

async function main(): Promise<void> {
  const { stack, dataDir } = await benchStack("throughput", { deployDurationMs: 5_000 });
  try {
    const started = rssMiB(stack.server.pid);
    const { deployerToken } = await seedDemoFor(stack, path.join(dataDir, "demo-token"));
    const names = Array.from({ length: ENVIRONMENTS }, (_, i) => `takumi-bench-${String(i).padStart(2, "0")}`);
    const client = createPrismaClient(stack.database.appUrl);
    let token = deployerToken;
    try {
      await createEnvironments(stack.sandboxUrl, client, APP, names);
      token = await unscopedDeployerToken(client, "bench throughput");
      console.log(`environments known to dpl: ${await client.environment.count({ where: { name: { in: names } } })}/${names.length}`);
    } finally {
      await client.$disconnect();
    }

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idle = rssMiB(stack.server.pid);
    // The peak during each load: VmRSS sampled every 20 ms while the requests are in flight.
    const during = async <T>(load: () => Promise<T>): Promise<{ result: T; peak: number }> => {
      let peak = rssMiB(stack.server.pid);
      const timer = setInterval(() => (peak = Math.max(peak, rssMiB(stack.server.pid))), 20);
      try {
        const result = await load();
        return { result, peak: Math.max(peak, rssMiB(stack.server.pid)) };
      } finally {
        clearInterval(timer);
      }
    };
    const { result: fanOut, peak: peakFanOut } = await during(() => Promise.all(names.map((name) => post(stack.appUrl, token, name))));
    const afterFanOut = rssMiB(stack.server.pid);
    const { result: oneEnv, peak: peakOneEnv } = await during(() =>
      Promise.all(Array.from({ length: ONE_ENV_REQUESTS }, () => post(stack.appUrl, deployerToken, "takumi-srv-dev"))),
    );
    const afterAll = rssMiB(stack.server.pid);
    const accepted = oneEnv.filter((r) => r.status === 202).length;
    const busy = oneEnv.filter((r) => r.status === 409 && r.code === "ENVIRONMENT_BUSY").length;

    console.log(`\n| load | requests | p50 ms | p99 ms | errors (5xx/network) | responses |`);
    console.log(`|---|---:|---:|---:|---:|---|`);
    console.log(summarize(`${ENVIRONMENTS} concurrent deploys, ${ENVIRONMENTS} environments`, fanOut));
    console.log(summarize(`${ONE_ENV_REQUESTS} concurrent deploys, one environment`, oneEnv));
    console.log(
      `\nexactly one accepted: ${accepted === 1 && busy === ONE_ENV_REQUESTS - 1 ? "yes" : "NO"} (${accepted} x 202, ${busy} x 409 ENVIRONMENT_BUSY)`,
    );
    console.log(`\n| server VmRSS | MiB |`);
    console.log(`|---|---:|`);
    console.log(`| just started (healthy, before the seed) | ${started.toFixed(0)} |`);
    console.log(`| idle (after start, seed, sync) | ${idle.toFixed(0)} |`);
    console.log(`| peak during ${ENVIRONMENTS} concurrent deploys (sampled every 20 ms) | ${peakFanOut.toFixed(0)} |`);
    console.log(`| after ${ENVIRONMENTS} concurrent deploys | ${afterFanOut.toFixed(0)} |`);
    console.log(`| peak during ${ONE_ENV_REQUESTS} concurrent deploys to one environment | ${peakOneEnv.toFixed(0)} |`);
    console.log(`| after ${ONE_ENV_REQUESTS} more to one environment | ${afterAll.toFixed(0)} |`);
    console.log(`| high-water mark since start (VmHWM) | ${hwmMiB(stack.server.pid).toFixed(0)} |`);
    console.log(`\nmachine: ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
