import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { DescribeImagesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { NodeHttpHandler } from "@smithy/node-http-handler";

// Issue 3's "Done when": the sandbox answers at least 1,000 DescribeImages calls per second,
// pages of 100 from a 1,000-image repository, under a bounded loader with 16 connections on
// loopback. The sandbox runs as `npm run sandbox` runs it (its own process), so the loaders
// never share its event loop. Two loaders: autocannon replaying the ten pages' raw requests
// (the server's capacity), and the real ECR client walking the pages with 16 workers over 16
// sockets (what dpl's own calls can get). On a busy machine wall-clock rates say more about
// the neighbours than about the sandbox, so the table also shows the sandbox process's own CPU
// time per call (from /proc) and the calls one CPU-second serves. Never fails on timing.
//   npm run bench -- sandbox-describe-images      (or: npx tsx bench/sandbox-describe-images.ts)

const CONNECTIONS = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REPOSITORY = "bench-images";
const TARGET = 1_000;
const root = path.resolve(import.meta.dirname, "..");

type Row = { loader: string; requests: number; seconds: number; perSecond: number; p50: number; p99: number; failures: number; cpuMs?: number };
type CannonResult = {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
};
type CannonRequest = { method: string; path: string; headers: Record<string, string>; body: string };
type Cannon = (options: { url: string; connections: number; duration: number; requests: CannonRequest[] }) => Promise<CannonResult>;

// autocannon ships no types; this is the slice of its API used here.
const autocannon = createRequire(import.meta.url)("autocannon") as Cannon;

const headers = {
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": "AmazonEC2ContainerRegistry_V20150921.DescribeImages",
  authorization: "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=0",
};

async function startSandboxProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "sandbox", "main.ts")], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: "0", SANDBOX_SEED: "empty", SANDBOX_STATE_FILE: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^\s)]+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited (${code}) before listening: ${out}`)));
  });
  return { url, child };
}

/** CPU milliseconds (user + system) the process has used so far; undefined off Linux. */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return undefined;
  }
}

async function measured(pid: number | undefined, run: () => Promise<Row>): Promise<Row> {
  const before = cpuMsOf(pid);
  const row = await run();
  const after = cpuMsOf(pid);
  return { ...row, cpuMs: before === undefined || after === undefined ? undefined : after - before };
}

/** The ten pages' request bodies, each with the nextToken the previous page returned. */
async function pageBodies(url: string): Promise<string[]> {
  const bodies: string[] = [];
  let nextToken: string | undefined;
  do {
    const body = JSON.stringify({ repositoryName: REPOSITORY, maxResults: 100, ...(nextToken ? { nextToken } : {}) });
    const response = await fetch(url, { method: "POST", headers, body });
    const page = (await response.json()) as { imageDetails: unknown[]; nextToken?: string };
    if (!response.ok || page.imageDetails.length !== 100) throw new Error(`unexpected page: ${response.status} ${JSON.stringify(page).slice(0, 200)}`);
    bodies.push(body);
    nextToken = page.nextToken;
  } while (nextToken);
  return bodies;
}

async function withAutocannon(url: string, bodies: string[]): Promise<Row> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: bodies.map((body) => ({ method: "POST", path: "/", headers, body })),
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  return {
    loader: "autocannon (raw wire)",
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures,
  };
}

async function withSdk(url: string): Promise<Row> {
  const ecr = new ECRClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: CONNECTIONS }, requestTimeout: 10_000 }),
  });
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  // 16 workers, each walking the repository page by page: at most 16 calls in flight.
  const worker = async () => {
    let nextToken: string | undefined;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const page = await ecr.send(new DescribeImagesCommand({ repositoryName: REPOSITORY, maxResults: 100, nextToken }));
        if (page.imageDetails?.length !== 100) failures++;
        nextToken = page.nextToken;
      } catch {
        failures++;
        nextToken = undefined;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  ecr.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    loader: "@aws-sdk/client-ecr (16 workers)",
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    failures,
  };
}

function printTable(rows: Row[]): void {
  console.log(`DescribeImages, maxResults 100, ${REPOSITORY} (1,000 images), ${CONNECTIONS} connections, ${SECONDS} s each, loopback`);
  console.log("| loader | calls | seconds | calls/s | p50 ms | p99 ms | failures | sandbox CPU ms/call | calls per sandbox CPU-s | >= 1,000/s |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const r of rows) {
    const verdict = r.failures === 0 && r.perSecond >= TARGET ? "yes" : "NO";
    const perCall = r.cpuMs === undefined ? "n/a" : (r.cpuMs / r.requests).toFixed(3);
    const perCpuSecond = r.cpuMs ? Math.round((r.requests * 1000) / r.cpuMs) : "n/a";
    console.log(
      `| ${r.loader} | ${r.requests} | ${r.seconds.toFixed(1)} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failures} | ${perCall} | ${perCpuSecond} | ${verdict} |`,
    );
  }
  console.log(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

async function main(): Promise<void> {
  const { url, child } = await startSandboxProcess();
  try {
    const generated = await fetch(`${url}/_sandbox/generate`, { method: "POST", body: JSON.stringify({ repository: REPOSITORY, count: 1_000 }) });
    if (!generated.ok) throw new Error(`generate failed: ${generated.status} ${await generated.text()}`);
    const bodies = await pageBodies(url);
    const rows = [await measured(child.pid, () => withAutocannon(url, bodies)), await measured(child.pid, () => withSdk(url))];
    printTable(rows);
  } finally {
    child.kill("SIGTERM");
  }
}

await main();
