import { once } from "node:events";
import { createWriteStream, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { periodRange } from "@/lib/core/insights/period";
import { createPrismaClient } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { prepareDatabase } from "@/lib/db/roles";
import { benchPostgres } from "./lib/postgres";
import { doraDaily, doraSummaries } from "@/lib/insights/dora";

// DORA queries (lib/insights/dora.ts) at 1,000,000 deploys: 2 years across 20 environments,
// loaded with COPY from a CSV file (the server reads it: the embedded PostgreSQL is local),
// then each query timed as /insights runs it. BENCH_DEPLOYS changes the row count.

const ROWS = Number(process.env.BENCH_DEPLOYS ?? 1_000_000);
const ENVIRONMENTS = 20;
const NOW = Date.parse("2026-11-28T00:00:00Z");
const SPAN = 730 * 86_400_000;

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let i = 0; i < ROWS; i++) {
    const finished = NOW - SPAN + Math.floor((i / ROWS) * SPAN);
    const r = rand();
    const kind = r < 0.05 ? "ROLLBACK" : "DEPLOY";
    const status = r > 0.95 ? "FAILED" : "SUCCEEDED";
    const pushed = kind === "DEPLOY" ? new Date(finished - Math.floor(rand() * 48 * 3_600_000)).toISOString() : "";
    const faulty = kind === "DEPLOY" && rand() < 0.01 ? new Date(finished + 3_600_000).toISOString() : "";
    const at = new Date(finished).toISOString();
    const line = `${kind},${status},app-${i % 5},env-${i % ENVIRONMENTS},${pushed},bench,API,${at},${at},${at},${faulty}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function time<T>(label: string, run: () => Promise<T>, rows: string[][], repeat = 3): Promise<T> {
  let result: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    result = await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  rows.push([label, ms[0]!.toFixed(0), ms[Math.floor(ms.length / 2)]!.toFixed(0)]);
  return result as T;
}

async function main(): Promise<void> {
  const embedded = await benchPostgres("insights");
  const adminUrl = embedded.adminUrl;
  const name = `dpl_bench_insights_${process.pid}`;
  const urls = await prepareDatabase(adminUrl, name);
  await migrate({ ...urls });
  const file = path.join(process.cwd(), ".data", `bench-deploys-${process.pid}.csv`);
  const admin = new pg.Client({ connectionString: adminUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`) });
  const client = createPrismaClient(urls.appUrl);
  try {
    let started = performance.now();
    await writeCsv(file);
    const csvMs = performance.now() - started;
    await admin.connect();
    started = performance.now();
    await admin.query(
      `COPY "Deploy" (kind, status, "applicationName", "environmentName", "imagePushedAt", "actorName", source, "createdAt", "startedAt", "finishedAt", "markedFaultyAt") FROM '${file}' WITH (FORMAT csv)`,
    );
    // VACUUM as autovacuum would after a bulk insert: it sets the visibility map, without which
    // every index-only scan reads the heap as well, which no long-lived database does.
    await admin.query(`VACUUM ANALYZE "Deploy"`);
    console.log(
      `seeded ${ROWS.toLocaleString("en")} deploys: CSV ${(csvMs / 1000).toFixed(1)} s, COPY + VACUUM ANALYZE ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const rows: string[][] = [];
    const now = new Date(NOW);
    for (const period of ["7d", "30d", "90d", "365d"] as const) {
      const range = periodRange(period, now);
      await time(`summaries, all environments, ${period}`, () => doraSummaries(client, range), rows);
      await time(`summaries, one environment, ${period}`, () => doraSummaries(client, { ...range, environment: "env-3" }), rows);
      await time(`daily series, all environments, ${period}`, () => doraDaily(client, range), rows);
    }
    const width = Math.max(...rows.map((r) => r[0]!.length));
    console.log(`\n| ${"query".padEnd(width)} | best ms | median ms |\n|${"-".repeat(width + 2)}|---------|-----------|`);
    for (const [label, best, median] of rows) console.log(`| ${label!.padEnd(width)} | ${best!.padStart(7)} | ${median!.padStart(9)} |`);
  } finally {
    rmSync(file, { force: true });
    await client.$disconnect();
    await admin.end().catch(() => {});
    const drop = new pg.Client({ connectionString: adminUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await drop.end();
    await embedded.stop();
  }
}

await main();
