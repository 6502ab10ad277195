import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sandboxControl, type SandboxCall } from "../sandbox/client";
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
    // Exactly IMAGES images in the repository: the demo seed already has a few, so top it up.
    const seeded = (await sandbox.state()).repositories[APP]?.images.length ?? 0;
    await sandbox.clearCalls();
    const syncStart = performance.now();
    if (IMAGES > seeded) await sandbox.generateImages(APP, IMAGES - seeded);
    const total = (await sandbox.state()).repositories[APP]?.images.length ?? 0;
    // The poller picks the new images up on its own schedule (DPL_IMAGE_POLL_MS); wait until
    // the database holds exactly the repository.
    const deadline = Date.now() + 180_000;
    let synced = 0;
    let syncedAt = 0;
    while (Date.now() < deadline) {
      synced = await count();
      if (synced === total) {
        syncedAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const syncMs = performance.now() - syncStart;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const describeImages = (calls: SandboxCall[]) => calls.filter((c) => c.operation === "DescribeImages");
    const syncCalls = describeImages((await sandbox.calls()).calls);
    // Per repository, split into listings (a listing starts with a call without nextToken;
    // a lookup by imageIds is not a listing). The poller lists every application's repository.
    const byRepository = new Map<string, { calls: number; listings: SandboxCall[][]; lookups: number; maxResults: Set<string> }>();
    for (const call of syncCalls) {
      const repository = String(call.params.repositoryName ?? "?");
      const entry = byRepository.get(repository) ?? { calls: 0, listings: [], lookups: 0, maxResults: new Set<string>() };
      byRepository.set(repository, entry);
      entry.calls++;
      entry.maxResults.add(String(call.params.maxResults ?? "default (100)"));
      if (call.params.imageIds) entry.lookups++;
      else if (!call.params.nextToken || entry.listings.length === 0) entry.listings.push([call]);
      else entry.listings[entry.listings.length - 1].push(call);
    }
    console.log(
      `repository ${APP}: ${total.toLocaleString("en")} images in the sandbox (${seeded} seeded + ${Math.max(0, IMAGES - seeded).toLocaleString("en")} generated), ${synced.toLocaleString("en")} in dpl's database after ${(syncMs / 1000).toFixed(1)} s (including the wait for the next poll)`,
    );
    console.log(
      `\nDescribeImages calls from the generation until the database held all ${total.toLocaleString("en")} (sandbox calls(), by params.repositoryName):`,
    );
    console.log(`| repository | calls | listings (pages each) | lookups by imageIds | maxResults |`);
    console.log(`|---|---:|---|---:|---|`);
    for (const [repository, entry] of [...byRepository].sort()) {
      console.log(
        `| ${repository} | ${entry.calls} | ${entry.listings.length} (${entry.listings.map((l) => l.length).join(", ")}) | ${entry.lookups} | ${[...entry.maxResults].join(", ")} |`,
      );
    }
    // The cold sync of the big repository is its longest listing (an earlier poll may have
    // listed the few seeded images just before the generation).
    const own = byRepository.get(APP);
    const full = own?.listings.reduce((a, b) => (b.length > a.length ? b : a), [] as SandboxCall[]) ?? [];
    const coldCalls = full.length;
    const listedInMs = full.length ? syncedAt - Date.parse(full[0].at) : NaN;
    console.log(
      `\ncold sync of ${APP}: ${coldCalls} DescribeImages calls (maxResults ${[...new Set(full.map((c) => String(c.params.maxResults)))].join(", ") || "?"}), first call -> ${total.toLocaleString("en")} rows in the database ${(listedInMs / 1000).toFixed(1)} s`,
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
      const coldAws = c.name.includes("first page") ? "n/a (in sync)" : String(describeImages((await sandbox.calls()).calls).length);
      await sandbox.clearCalls();
      const warm: number[] = [];
      let last = cold;
      for (let i = 0; i < RUNS; i++) {
        last = await timed(c.url, c.headers);
        warm.push(last.ms);
      }
      const warmCalls = describeImages((await sandbox.calls()).calls).length;
      rows.push(
        `| ${c.name} | ${last.status} | ${cold.ms.toFixed(0)} | ${median(warm).toFixed(1)} | ${coldAws} | ${warmCalls} | ${(last.bytes / 1024).toFixed(1)} |`,
      );
    }
    await db.end();
    console.log(`\n| request | status | cold ms | warm median ms (${RUNS} runs) | DescribeImages cold | DescribeImages warm | response KiB |`);
    console.log(`|---|---:|---:|---:|---:|---:|---:|`);
    for (const row of rows) console.log(row);
    console.log(
      `\nAWS calls for a cold load of ${total.toLocaleString("en")} images (the poller's sync of ${APP}): ${coldCalls} DescribeImages (target <= 10: ${coldCalls <= 10 ? "met" : "MISSED"})`,
    );
    console.log(`machine: ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
