import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, dropTestDatabase, type TestDatabase } from "@/test/db";
import { prepareDatabase } from "./roles";
import { migrate } from "./migrate";

const root = process.cwd();
const created: TestDatabase[] = [];
afterAll(async () => {
  for (const database of created) await dropTestDatabase(database);
});

async function emptyDatabase(): Promise<TestDatabase> {
  const base = await createTestDatabase();
  created.push(base);
  const name = `${base.name}_empty`;
  const urls = await prepareDatabase(base.adminUrl, name);
  const empty = { ...urls, name, adminUrl: base.adminUrl };
  created.push(empty);
  return empty;
}

describe("migrate", () => {
  it("is idempotent and safe when five processes start at once", async () => {
    const database = await emptyDatabase();
    const runs = await Promise.all(Array.from({ length: 5 }, () => migrate(database)));
    const appliedCounts = runs.map((r) => r.applied.length).sort();
    expect(appliedCounts.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(appliedCounts[4]).toBeGreaterThanOrEqual(2);
    expect((await migrate(database)).applied).toEqual([]);
  });

  it("rolls a failing migration back whole", async () => {
    const database = await emptyDatabase();
    const dir = path.join(root, "test", "fixtures", "failing-migrations");
    await expect(migrate({ ...database, migrationsDir: dir })).rejects.toThrow(/20990101000001_broken failed and was rolled back/);
    const client = new pg.Client({ connectionString: database.migrationUrl });
    await client.connect();
    const { rows } = await client.query(`SELECT to_regclass('public.half_done') AS t, (SELECT count(*) FROM "_prisma_migrations")::int AS n`);
    await client.end();
    expect(rows[0]).toEqual({ t: null, n: 1 });
  });
});

// Partial (and covering) indexes schema.prisma cannot express: written by hand in migrations,
// compared by the drift test only in that the migrated database has them.
const handWrittenIndexes = [
  "Deploy_one_active_per_environment",
  "Lock_one_open_per_environment",
  "AuditEvent_refusals_environmentName_at_id_idx",
  "Deploy_dora_idx",
];

type Catalog = { columns: string[]; indexes: string[]; enums: string[]; constraints: string[] };

async function catalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const list = async (sql: string) => (await client.query<{ x: string }>(sql)).rows.map((r) => r.x).sort();
  const result = {
    columns: await list(`SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS x
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
    indexes: await list(`SELECT indexdef AS x FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
      AND indexname NOT IN (${handWrittenIndexes.map((name) => `'${name}'`).join(", ")})`),
    enums: await list(
      `SELECT t.typname || ':' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS x FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    ),
    constraints: await list(
      `SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) AS x FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
    ),
  };
  await client.end();
  return result;
}

describe("schema drift", () => {
  it("the migrated database matches schema.prisma", async () => {
    const migrated = await createTestDatabase();
    created.push(migrated);
    const fresh = await emptyDatabase();
    // What schema.prisma says the database should be, from Prisma's own engine (WASM, offline).
    const sql = execFileSync(process.execPath, [path.join(root, "scripts", "migration-diff.mjs"), "--from-empty"], {
      env: { ...process.env, DATABASE_URL: fresh.migrationUrl },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const client = new pg.Client({ connectionString: fresh.migrationUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
    const [expected, actual] = await Promise.all([catalog(fresh.migrationUrl), catalog(migrated.migrationUrl)]);
    expect(actual).toEqual(expected);
    const check = new pg.Client({ connectionString: migrated.migrationUrl });
    await check.connect();
    const { rows } = await check.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE indexname = ANY($1)`, [handWrittenIndexes]);
    await check.end();
    expect(rows.map((r) => r.indexname).sort()).toEqual([...handWrittenIndexes].sort());
    // Prisma's WASM engine takes seconds to start, far more on a loaded 2-core machine.
  }, 180_000);
});
