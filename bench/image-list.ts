import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sandboxControl } from "../sandbox/client";
import { seedDemoFor } from "../scripts/demo-announce";
import { ensureBuilt, freePort, startStack } from "../scripts/stack";
import { signInAs } from "./lib/session";

// Benchmark 2 (issue 9): a 10,000-image repository. dpl serves images from its database,
// kept in sync by the engine's poller, so a page load makes no AWS call; the AWS cost is the
// sync (DescribeImages pages), counted from the sandbox's calls(). Times HTTP GETs of the
// image picker's API (/api/v1/applications/<app>/images, first page, a search, a deep
// cursor page) cold (first request after the sync) and warm (median of RUNS), and the
// application page's HTML (signed in through the demo provider). Never fails on timing.
//   npm run bench -- image-list

const IMAGES = Number(process.env.BENCH_IMAGES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const APP = "takumi-server";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(url: string, headers: Record<string, string>): Promise<{ ms: number; bytes: number; status: number; body: string }> {
  const t0 = performance.now();
  const response = await fetch(url, { headers });
  const body = await response.text();
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(body), status: response.status, body };
}

async function main(): Promise<void> {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dpl-bench-images-"));
  chmodSync(dataDir, 0o777);
  const stack = await startStack({ dataDir, databaseName: "dpl_bench_images", port: await freePort(), sandboxPort: 0 });
  try {
    const { deployerToken } = await seedDemoFor(stack, path.join(dataDir, "demo-token"));
    const sandbox = sandboxControl(stack.sandboxUrl);
    const db = new pg.Client({ connectionString: stack.database.appUrl });
    await db.connect();
    const count = async () => Number((await db.query(`SELECT count(*) FROM "Image" WHERE "repositoryName" = $1`, [APP])).rows[0].count);
    const before = await count();
    await sandbox.clearCalls();
    const syncStart = performance.now();
    await sandbox.generateImages(APP, IMAGES);
    // The poller picks the new images up on its own schedule; wait until all are in the database.
    const deadline = Date.now() + 180_000;
    let synced = before;
    while (Date.now() < deadline) {
      synced = await count();
      if (synced >= before + IMAGES) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const syncMs = performance.now() - syncStart;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const describeImages = (calls: { operation?: string }[]) => calls.filter((c) => c.operation === "DescribeImages").length;
    const syncCalls = describeImages((await sandbox.calls()).calls);
    console.log(
      `repository ${APP}: ${synced.toLocaleString()} images in dpl's database (${IMAGES.toLocaleString()} generated), synced in ${(syncMs / 1000).toFixed(1)} s with ${syncCalls} DescribeImages calls`,
    );

    const api = `${stack.appUrl}/api/v1/applications/${APP}/images`;
    const auth = { authorization: `Bearer ${deployerToken}` };
    const first = await timed(api, auth);
    const cursor = (JSON.parse(first.body) as { nextCursor?: string }).nextCursor;
    // A deep page: follow 20 cursors (1,000 images in).
    let deep = cursor;
    for (let i = 0; i < 19 && deep; i++)
      deep = (JSON.parse((await timed(`${api}?cursor=${encodeURIComponent(deep)}`, auth)).body) as { nextCursor?: string }).nextCursor;
    const cases: { name: string; url: string; headers: Record<string, string> }[] = [
      { name: "image picker API: first page (50)", url: api, headers: auth },
      { name: "image picker API: search q=git_a", url: `${api}?q=git_a`, headers: auth },
      { name: "image picker API: page 21 (keyset cursor)", url: `${api}?cursor=${encodeURIComponent(deep ?? "")}`, headers: auth },
    ];
    let cookie: string | null = null;
    try {
      cookie = await signInAs(stack.appUrl, "deployer@demo.dpl");
      cases.push({ name: `application page /applications/${APP} (HTML)`, url: `${stack.appUrl}/applications/${APP}`, headers: { cookie } });
    } catch (error) {
      console.log(`(page HTML not measured: ${(error as Error).message})`);
    }

    const rows: string[] = [];
    for (const c of cases) {
      await sandbox.clearCalls();
      const cold = c.name.includes("first page") ? first : await timed(c.url, c.headers);
      const coldCalls = c.name.includes("first page") ? "n/a (in sync)" : String(describeImages((await sandbox.calls()).calls));
      await sandbox.clearCalls();
      const warm: number[] = [];
      let last = cold;
      for (let i = 0; i < RUNS; i++) {
        last = await timed(c.url, c.headers);
        warm.push(last.ms);
      }
      const warmCalls = describeImages((await sandbox.calls()).calls);
      rows.push(
        `| ${c.name} | ${last.status} | ${cold.ms.toFixed(0)} | ${median(warm).toFixed(1)} | ${coldCalls} | ${warmCalls} | ${(last.bytes / 1024).toFixed(1)} |`,
      );
    }
    await db.end();
    console.log(`\n| request | status | cold ms | warm median ms (${RUNS} runs) | DescribeImages cold | DescribeImages warm | response KiB |`);
    console.log(`|---|---:|---:|---:|---:|---:|---:|`);
    for (const row of rows) console.log(row);
    console.log(
      `\nAWS calls for a cold load of ${IMAGES.toLocaleString()} images (the poller's sync): ${syncCalls} DescribeImages (target <= 10: ${syncCalls <= 10 ? "met" : "MISSED"})`,
    );
    console.log(`machine: ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
