import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "../lib/db/client";
import { sandboxControl, type SandboxFault } from "../sandbox/client";
import { seedDemoFor } from "../scripts/demo-announce";
import { freePort } from "../scripts/stack";
import { benchStack } from "./lib/stack";
import { createEnvironments, unscopedDeployerToken } from "./lib/environments";

// Soak (issue 9, reliability suite): BENCH_SOAK_DEPLOYS (default 1,000) sequential deploys
// through the API, round-robin over BENCH_SOAK_ENVIRONMENTS (default 10) sandbox environments,
// with a random AWS fault injected before about a third of them (throttling, 5xx, 4xx, a reset
// connection, a hung call, or a deploy that ends Red). Reports the outcome of every request and
// deploy, that no accepted deploy is stuck or lost (each one ends terminal; the database holds
// exactly the accepted ones), and the server's VmRSS before and after. Never fails on timing.
//   npm run bench -- soak          BENCH_SOAK_DEPLOYS=100 npm run bench -- soak

const DEPLOYS = Number(process.env.BENCH_SOAK_DEPLOYS ?? 1_000);
const ENVIRONMENTS = Number(process.env.BENCH_SOAK_ENVIRONMENTS ?? 10);
const FAULT_RATE = Number(process.env.BENCH_SOAK_FAULT_RATE ?? 0.35);
// A short simulated rollout so a thousand deploys fit in minutes.
const DEPLOY_MS = Number(process.env.BENCH_SOAK_DEPLOY_MS ?? 200);
const DEPLOY_TIMEOUT_MS = 120_000;
const APP = "takumi-server";
const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

// A small deterministic PRNG (mulberry32), so a run can be repeated with BENCH_SOAK_SEED.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ApiBody = { id?: string; status?: string; error?: { code?: string } | null };

type Injected = { label: string; fault?: SandboxFault; red?: true };

// The operations on the deploy path (verification reads, registering, update, tracking) and
// the ways each can fail; "count: 1" fails only the next call, so the SDK's retry or the next
// tracking poll may absorb it, and the pollers may consume it first.
const operations: [string, string][] = [
  ["ecr", "DescribeImages"],
  ["elasticbeanstalk", "DescribeEnvironments"],
  ["s3", "PutObject"],
  ["elasticbeanstalk", "CreateApplicationVersion"],
  ["elasticbeanstalk", "UpdateEnvironment"],
  ["elasticbeanstalk", "DescribeEvents"],
];
const failures: Omit<SandboxFault, "service" | "operation">[] = [
  { code: "Throttling", message: "Rate exceeded", httpStatus: 400, count: 1 },
  { code: "InternalFailure", message: "We encountered an internal error.", httpStatus: 500, count: 3 },
  { code: "InvalidParameterValue", message: "soak: a permanent 4xx", httpStatus: 400, count: 1 },
  { code: "RESET", count: 1 },
  { code: "HANG", count: 1 },
];

function pickInjection(next: () => number): Injected | null {
  if (next() >= FAULT_RATE) return null;
  if (next() < 0.1) return { label: "health Red", red: true };
  const [service, operation] = operations[Math.floor(next() * operations.length)];
  const failure = failures[Math.floor(next() * failures.length)];
  return { label: `${operation} ${failure.code}`, fault: { service, operation, ...failure } };
}

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

// Memory over time: BENCH_SOAK_SAMPLE_EVERY (default 100) deploys, VmRSS; with
// BENCH_SOAK_INSPECT=1 the server runs with --inspect and each sample also forces a full GC
// (HeapProfiler.collectGarbage) and reads heapUsed, so live heap growth is told from garbage
// not yet collected. The inspector client needs a WebSocket: Node 20 only has it with
// --experimental-websocket (NODE_OPTIONS=--experimental-websocket npm run bench -- soak).
const SAMPLE_EVERY = Number(process.env.BENCH_SOAK_SAMPLE_EVERY ?? 100);
const INSPECT = process.env.BENCH_SOAK_INSPECT === "1";

async function gcHeapMiB(inspectPort: number): Promise<{ heapUsed: number; external: number; arrayBuffers: number } | null> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url || typeof WebSocket === "undefined") return null;
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let nextId = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: string } } }>((resolve) => {
      const id = ++nextId;
      socket.addEventListener("message", function onMessage(event) {
        const message = JSON.parse(String(event.data)) as { id?: number };
        if (message.id !== id) return;
        socket.removeEventListener("message", onMessage);
        resolve(message as { result?: { result?: { value?: string } } });
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call("HeapProfiler.collectGarbage");
    await call("HeapProfiler.collectGarbage");
    const got = await call("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true });
    const usage = JSON.parse(got.result?.result?.value ?? "{}") as { heapUsed: number; external: number; arrayBuffers: number };
    const mib = (n: number) => n / 2 ** 20;
    return { heapUsed: mib(usage.heapUsed), external: mib(usage.external), arrayBuffers: mib(usage.arrayBuffers) };
  } finally {
    socket.close();
  }
}

async function main(): Promise<void> {
  const inspectPort = INSPECT ? await freePort() : 0;
  const { stack, dataDir } = await benchStack("soak", {
    deployDurationMs: DEPLOY_MS,
    env: {
      DPL_TRACK_INTERVAL_MS: "100",
      DPL_HEALTH_SETTLE_MS: "0",
      DPL_ENVIRONMENT_POLL_MS: "2000",
      DPL_IMAGE_POLL_MS: "10000",
      DPL_RECONCILE_INTERVAL_MS: "5000",
      DPL_STALE_AFTER_MS: "10000",
      DPL_AWS_REQUEST_TIMEOUT_MS: "1000",
      DPL_RATE_LIMIT_PER_MINUTE: "100000",
      LOG_LEVEL: "silent",
      ...(INSPECT ? { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` } : {}),
    },
  });
  const client = createPrismaClient(stack.database.appUrl);
  try {
    await seedDemoFor(stack, path.join(dataDir, "demo-token"));
    const control = sandboxControl(stack.sandboxUrl);
    const names = Array.from({ length: ENVIRONMENTS }, (_, i) => `takumi-soak-${String(i).padStart(2, "0")}`);
    await createEnvironments(stack.sandboxUrl, client, APP, names);
    const token = await unscopedDeployerToken(client, "bench soak");
    let tags: string[] = [];
    for (const until = Date.now() + 60_000; tags.length < 2 && Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 500)))
      tags = (await client.image.findMany({ where: { repositoryName: APP }, select: { tags: true } })).flatMap((i) => i.tags).filter((t) => /^git_/.test(t));
    if (tags.length < 2) throw new Error("the poller recorded no tagged images of the demo repository");

    const api = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${stack.appUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json().catch(() => ({}))) as ApiBody };
    };

    // A fault the deploy never reached (a reused version skips CreateApplicationVersion) is
    // dropped after it, so each row of the fault table is one deploy's own fault.
    const unconsumed = async (injected: Injected): Promise<string> => {
      const pending = (await control.faults()).faults[0];
      if (!pending || !injected.fault) return "";
      await control.clearFaults();
      return pending.count === injected.fault.count ? " (not reached)" : " (partly absorbed)";
    };
    const next = random(Number(process.env.BENCH_SOAK_SEED ?? 20261129));
    const requests = new Map<string, number>();
    const outcomes = new Map<string, number>();
    const byInjection = new Map<string, number>();
    const accepted: string[] = [];
    const unfinished: string[] = [];
    const durations: number[] = [];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rssBefore = rssMiB(stack.server.pid);
    const started = Date.now();
    const samples: string[] = [];
    const sample = async (done: number) => {
      const rssNoGc = rssMiB(stack.server.pid);
      const heap = INSPECT ? await gcHeapMiB(inspectPort) : null;
      const rss = rssMiB(stack.server.pid);
      const row = `| ${done} | ${rssNoGc.toFixed(0)} | ${heap ? rss.toFixed(0) : "-"} | ${heap ? `${heap.heapUsed.toFixed(1)} | ${heap.external.toFixed(1)} | ${heap.arrayBuffers.toFixed(1)}` : "- | - | -"} |`;
      samples.push(row);
      console.log(`sample ${row}`);
    };
    await sample(0);
    for (let i = 0; i < DEPLOYS; i++) {
      const environment = names[i % names.length];
      const injected = pickInjection(next);
      if (injected?.fault) await control.fault(injected.fault);
      if (injected?.red) await control.outcome({ environment, health: "Red" });
      const t0 = performance.now();
      const tag = tags[Math.floor(next() * tags.length)];
      const response = await api("POST", "/api/v1/deploys", { application: APP, environment, tag, reason: `soak ${i}`, force: true });
      const code = response.body.error?.code as string | undefined;
      count(requests, `${response.status}${code ? ` ${code}` : ""}`);
      if (response.status !== 202) {
        if (injected) injected.label += await unconsumed(injected);
        if (injected) count(byInjection, `${injected.label} -> refused ${response.status}${code ? ` ${code}` : ""}`);
        continue;
      }
      const id = String(response.body.id);
      accepted.push(id);
      let status = "";
      let errorCode = "";
      const until = Date.now() + DEPLOY_TIMEOUT_MS;
      while (Date.now() < until) {
        const got = await api("GET", `/api/v1/deploys/${id}`);
        status = got.body.status ?? `HTTP ${got.status}`;
        errorCode = got.body.error?.code ?? "";
        if (TERMINAL.has(status)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (injected) injected.label += await unconsumed(injected);
      if (!TERMINAL.has(status)) unfinished.push(id);
      else durations.push(performance.now() - t0);
      const outcome = `${status}${errorCode ? ` ${errorCode}` : ""}`;
      count(outcomes, outcome);
      if (injected) count(byInjection, `${injected.label} -> ${outcome}`);
      if ((i + 1) % SAMPLE_EVERY === 0) await sample(i + 1);
      if ((i + 1) % 100 === 0) console.log(`${i + 1}/${DEPLOYS} requests, ${accepted.length} accepted, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    const elapsedS = (Date.now() - started) / 1000;
    await control.clearFaults();
    const rssAfter = rssMiB(stack.server.pid);

    // Stuck or lost, from the database: every accepted id has exactly one row, and it is terminal.
    const rows = await client.deploy.findMany({ where: { environmentName: { in: names }, kind: "DEPLOY" }, select: { id: true, status: true } });
    const acceptedSet = new Set(accepted);
    const lost = accepted.filter((id) => !rows.some((r) => r.id === id)).length;
    const stuck = rows.filter((r) => !TERMINAL.has(r.status)).length;
    const unexpected = rows.filter((r) => !acceptedSet.has(r.id)).length;
    const sorted = [...durations].sort((a, b) => a - b);
    const p = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000;

    const table = (title: string, map: Map<string, number>) => {
      console.log(`\n| ${title} | count |`);
      console.log(`|---|---:|`);
      for (const [key, value] of [...map].sort((a, b) => b[1] - a[1])) console.log(`| ${key} | ${value} |`);
    };
    console.log(
      `\n${DEPLOYS} sequential deploy requests over ${ENVIRONMENTS} environments in ${elapsedS.toFixed(0)} s (sandbox rollout ${DEPLOY_MS} ms, fault rate ${FAULT_RATE})`,
    );
    table("POST /api/v1/deploys response", requests);
    table("accepted deploy outcome", outcomes);
    table("injected fault -> result", byInjection);
    console.log(`\n| check | value |`);
    console.log(`|---|---:|`);
    console.log(`| accepted (202) | ${accepted.length} |`);
    console.log(`| deploy rows in the database | ${rows.length} |`);
    console.log(`| rows == accepted | ${rows.length === accepted.length && lost === 0 && unexpected === 0 ? "yes" : "NO"} |`);
    console.log(`| lost (accepted, no row) | ${lost} |`);
    console.log(`| stuck (non-terminal at the end) | ${stuck} |`);
    console.log(`| not terminal within ${DEPLOY_TIMEOUT_MS / 1000} s | ${unfinished.length} |`);
    console.log(`| request to terminal, p50 / p95 / max s | ${p(0.5).toFixed(2)} / ${p(0.95).toFixed(2)} / ${p(1).toFixed(2)} |`);
    console.log(`| server VmRSS before, MiB | ${rssBefore.toFixed(0)} |`);
    console.log(`| server VmRSS after, MiB | ${rssAfter.toFixed(0)} |`);
    console.log(`\n| deploys done | VmRSS MiB | VmRSS after full GC MiB | heapUsed after full GC MiB | external MiB | arrayBuffers MiB |`);
    console.log(`|---:|---:|---:|---:|---:|---:|`);
    for (const row of samples) console.log(row);
    console.log(
      `\nmachine: ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await client.$disconnect();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
