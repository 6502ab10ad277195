import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startDatabase } from "../scripts/stack";

// Benchmark 3 (issue 9): history and audit at scale. Seeds 1,000,000 deploys and 5,000,000
// audit events across 200 environments (x BENCH_SCALE) with INSERT ... SELECT generate_series
// into an isolated, migrated database (embedded PostgreSQL, or a fresh database on
// DATABASE_URL's server when that is set), then times ~50 runs of the SQL the dashboard's
// queries issue (lib/db/queries/history.ts: two keyset reads merged; lib/db/queries/audit.ts:
// one keyset read per filter; both bound a deep page by a row-value comparison on (time, id)),
// first page and a deep keyset page, and prints EXPLAIN (ANALYZE,
// BUFFERS) summaries. Never fails on timing. Targets: p95 <= 20 ms history, <= 50 ms audit.
//   npm run bench -- history-audit-scale        BENCH_SCALE=0.1 for a quick run

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const DEPLOYS = Math.round(1_000_000 * SCALE);
const AUDITS = Math.round(5_000_000 * SCALE);
const ENVIRONMENTS = 200;

const deployCols = `"id","createdAt","kind","status","imageTag","imageDigest","commitSha","versionLabel","actorName","source","reason","errorCode","errorMessage","startedAt","finishedAt"`;
const auditCols = `"id","at","actorType","actorName","source","action","targetType","target","applicationName","environmentName","deployId","outcome","code","message","details"`;

type Q = { name: string; target: number; sql: (i: number, cursor?: { at: Date; id: string }) => [string, unknown[]] };

function env(i: number): string {
  return `env-${(i * 37) % ENVIRONMENTS}`;
}

const queries: Q[] = [
  {
    name: "history: deploys page 1 (env, createdAt desc, id desc)",
    target: 20,
    sql: (i) => [`SELECT ${deployCols} FROM "Deploy" WHERE "environmentName" = $1 ORDER BY "createdAt" DESC, "id" DESC LIMIT 21`, [env(i)]],
  },
  {
    name: "history: refusals page 1 (env, REFUSED|DENIED)",
    target: 20,
    sql: (i) => [
      `SELECT ${auditCols} FROM "AuditEvent" WHERE "environmentName" = $1 AND "outcome" IN ('REFUSED','DENIED') ORDER BY "at" DESC, "id" DESC LIMIT 21`,
      [env(i)],
    ],
  },
  {
    name: "history: deploys deep keyset page",
    target: 20,
    sql: (i, c) => [
      `SELECT ${deployCols} FROM "Deploy" WHERE "environmentName" = $1 AND ("createdAt", "id") < ($2, $3::uuid) ORDER BY "createdAt" DESC, "id" DESC LIMIT 21`,
      [env(0), c!.at, c!.id],
    ],
  },
  { name: "audit: no filter", target: 50, sql: () => [`SELECT ${auditCols} FROM "AuditEvent" ORDER BY "at" DESC, "id" DESC LIMIT 51`, []] },
  {
    name: "audit: environment",
    target: 50,
    sql: (i) => [`SELECT ${auditCols} FROM "AuditEvent" WHERE "environmentName" = $1 ORDER BY "at" DESC, "id" DESC LIMIT 51`, [env(i)]],
  },
  {
    name: "audit: actor",
    target: 50,
    sql: (i) => [`SELECT ${auditCols} FROM "AuditEvent" WHERE "actorName" = $1 ORDER BY "at" DESC, "id" DESC LIMIT 51`, [`user-${i % 50}`]],
  },
  {
    name: "audit: action",
    target: 50,
    sql: (i) => [`SELECT ${auditCols} FROM "AuditEvent" WHERE "action" = $1 ORDER BY "at" DESC, "id" DESC LIMIT 51`, [actions[i % actions.length]]],
  },
  {
    name: "audit: outcome (DENIED, rare)",
    target: 50,
    sql: () => [`SELECT ${auditCols} FROM "AuditEvent" WHERE "outcome" = 'DENIED' ORDER BY "at" DESC, "id" DESC LIMIT 51`, []],
  },
  {
    name: "audit: date range (one hour in the middle of the data)",
    target: 50,
    sql: (i) => [
      `SELECT ${auditCols} FROM "AuditEvent" WHERE "at" >= $1 AND "at" < $2 ORDER BY "at" DESC, "id" DESC LIMIT 51`,
      [new Date(Date.now() - AUDITS * 300 - (i % 5) * 3_600_000), new Date(Date.now() - AUDITS * 300 - (i % 5) * 3_600_000 + 3_600_000)],
    ],
  },
  {
    name: "audit: env + actor + action",
    target: 50,
    sql: (i) => [
      `SELECT ${auditCols} FROM "AuditEvent" WHERE "environmentName" = $1 AND "actorName" = $2 AND "action" = $3 ORDER BY "at" DESC, "id" DESC LIMIT 51`,
      [env(i), `user-${i % 50}`, "deploy.create"],
    ],
  },
  {
    name: "audit: no filter, deep keyset page",
    target: 50,
    sql: (i, c) => [`SELECT ${auditCols} FROM "AuditEvent" WHERE ("at", "id") < ($1, $2) ORDER BY "at" DESC, "id" DESC LIMIT 51`, [c!.at, c!.id]],
  },
];
const actions = ["deploy.create", "deploy.succeeded", "deploy.failed", "lock.create", "lock.release", "token.create", "environment.settings", "deploy.cancel"];

async function seed(client: pg.Client): Promise<void> {
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  const t0 = performance.now();
  // Deploys: one every 3 s going back from now, spread over 200 environments (20 applications).
  await client.query(
    `INSERT INTO "Deploy" ("kind","status","applicationName","environmentName","imageTag","imageDigest","commitSha","versionLabel","actorName","source","createdAt","startedAt","finishedAt","updatedAt")
     SELECT (CASE WHEN i % 20 = 0 THEN 'ROLLBACK' WHEN i % 50 = 1 THEN 'EXTERNAL' ELSE 'DEPLOY' END)::"DeployKind",
            (CASE WHEN i % 10 = 0 THEN 'FAILED' WHEN i % 97 = 0 THEN 'CANCELLED' ELSE 'SUCCEEDED' END)::"DeployStatus",
            'app-' || ((i * 37) % ${ENVIRONMENTS}) / 10, 'env-' || ((i * 37) % ${ENVIRONMENTS}),
            'v' || i, 'sha256:' || md5(i::text), substr(md5('c' || i), 1, 12), 'dpl-' || i, 'user-' || (i % 50),
            (CASE WHEN i % 3 = 0 THEN 'WEB' WHEN i % 3 = 1 THEN 'API' ELSE 'CLI' END)::"DeploySource",
            now() - make_interval(secs => i * 3), now() - make_interval(secs => i * 3), now() - make_interval(secs => i * 3 - 90), now()
     FROM generate_series(1, $1::int) AS i`,
    [DEPLOYS],
  );
  const t1 = performance.now();
  // Audit events: one every 0.6 s; 2% REFUSED, 0.2% DENIED, 1% FAILURE.
  const chunk = 1_000_000;
  for (let start = 1; start <= AUDITS; start += chunk) {
    await client.query(
      `INSERT INTO "AuditEvent" ("at","actorType","actorName","source","action","targetType","target","applicationName","environmentName","outcome","code","message")
       SELECT now() - make_interval(secs => i * 0.6), (CASE WHEN i % 4 = 0 THEN 'TOKEN' ELSE 'USER' END)::"ActorType", 'user-' || (i % 50),
              'API'::"DeploySource", (ARRAY['deploy.create','deploy.succeeded','deploy.failed','lock.create','lock.release','token.create','environment.settings','deploy.cancel'])[1 + i % 8],
              'environment', 'env-' || ((i * 37) % ${ENVIRONMENTS}), 'app-' || ((i * 37) % ${ENVIRONMENTS}) / 10, 'env-' || ((i * 37) % ${ENVIRONMENTS}),
              (CASE WHEN i % 50 = 7 THEN 'REFUSED' WHEN i % 500 = 11 THEN 'DENIED' WHEN i % 100 = 13 THEN 'FAILURE' ELSE 'SUCCESS' END)::"AuditOutcome",
              CASE WHEN i % 50 = 7 THEN 'ENVIRONMENT_BUSY' END, CASE WHEN i % 50 = 7 THEN 'another deploy is in progress' END
       FROM generate_series($1::int, $2::int) AS i`,
      [start, Math.min(AUDITS, start + chunk - 1)],
    );
  }
  const t2 = performance.now();
  await client.query(`VACUUM ANALYZE "Deploy"`);
  await client.query(`VACUUM ANALYZE "AuditEvent"`);
  const t3 = performance.now();
  console.log(
    `seeded ${DEPLOYS.toLocaleString()} deploys in ${((t1 - t0) / 1000).toFixed(1)} s, ${AUDITS.toLocaleString()} audit events in ${((t2 - t1) / 1000).toFixed(1)} s, VACUUM ANALYZE ${((t3 - t2) / 1000).toFixed(1)} s`,
  );
}

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dpl-bench-history-"));
  chmodSync(dataDir, 0o777); // the embedded server runs as a postgres user when we are root
  const name = `dpl_bench_hist_${process.pid}`;
  if (process.env.DATABASE_URL) {
    // A fresh database on the same server, so the seeded rows never touch anyone's data.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    process.env.DATABASE_MIGRATION_URL = url.toString();
  }
  const database = await startDatabase(dataDir, name);
  const client = new pg.Client({ connectionString: database.urls.migrationUrl });
  await client.connect();
  try {
    console.log(
      `BENCH_SCALE=${SCALE}: ${DEPLOYS.toLocaleString()} deploys, ${AUDITS.toLocaleString()} audit events, ${ENVIRONMENTS} environments, ${RUNS} runs per query`,
    );
    await seed(client);
    const deepDeploy = (
      await client.query(`SELECT "createdAt" AS at, id FROM "Deploy" WHERE "environmentName" = $1 ORDER BY "createdAt" DESC, id DESC OFFSET $2 LIMIT 1`, [
        env(0),
        Math.floor(DEPLOYS / ENVIRONMENTS / 2),
      ])
    ).rows[0] as { at: Date; id: string };
    const deepAudit = (await client.query(`SELECT at, id::text FROM "AuditEvent" ORDER BY at DESC, id DESC OFFSET $1 LIMIT 1`, [Math.floor(AUDITS / 2)]))
      .rows[0] as {
      at: Date;
      id: string;
    };
    const rows: string[] = [];
    const plans: string[] = [];
    for (const q of queries) {
      const cursor = q.name.startsWith("history: deploys deep") ? deepDeploy : deepAudit;
      const times: number[] = [];
      let returned = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        const [sql, params] = q.sql(i, cursor);
        const t0 = performance.now();
        const result = await client.query(sql, params);
        const ms = performance.now() - t0;
        if (i >= 3) times.push(ms); // three warm-up runs
        returned = result.rowCount ?? 0;
      }
      times.sort((a, b) => a - b);
      const p95 = pct(times, 0.95);
      rows.push(`| ${q.name} | ${returned} | ${pct(times, 0.5).toFixed(2)} | ${p95.toFixed(2)} | ${q.target} | ${p95 <= q.target ? "yes" : "NO"} |`);
      const [sql, params] = q.sql(1, cursor);
      const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params)).rows.map((r: Record<string, string>) => r["QUERY PLAN"]);
      const scans = plan.filter((line) => /Scan|Sort|Limit/.test(line)).map((line) => line.trim().replace(/\s+\(cost=[^)]*\)/, ""));
      const buffers = plan.find((line) => line.includes("Buffers:"))?.trim() ?? "";
      const exec = plan.find((line) => line.startsWith("Execution Time"))?.trim() ?? "";
      plans.push(`- ${q.name}: ${scans.slice(0, 3).join(" / ")}; ${buffers}; ${exec}`);
    }
    console.log(`\n| query | rows | p50 ms | p95 ms | target p95 ms | met |`);
    console.log(`|---|---:|---:|---:|---:|---|`);
    for (const row of rows) console.log(row);
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS), one run each:`);
    for (const plan of plans) console.log(plan);
    console.log(`\nmachine: ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg()[0].toFixed(1)}`);
  } finally {
    await client.end();
    await database.stop();
    if (process.env.DATABASE_URL?.includes(name)) {
      // leave the fresh database for inspection only if dropping fails
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = "/postgres";
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin
        .connect()
        .then(() => admin.query(`DROP DATABASE IF EXISTS ${name}`))
        .catch(() => {})
        .finally(() => admin.end());
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
