import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { Umzug, type UmzugStorage } from "umzug";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";

// Applies prisma/migrations/<timestamp>_<name>/migration.sql with umzug, keeping the ledger
// in Prisma's own _prisma_migrations table so `prisma migrate deploy` (for teams whose
// machines can download Prisma's schema engine) sees the same history. Prisma 7's CLI
// cannot run migrations offline; see README "Migrations".

/** Prisma Migrate's own advisory-lock key, so dpl and `prisma migrate deploy` exclude each other. */
const MIGRATION_LOCK_KEY = 72707369;

export type MigrateOptions = {
  /** Owner connection (DATABASE_MIGRATION_URL), or the app's own when there is no split. */
  migrationUrl: string;
  /** The app's connection (DATABASE_URL). When its role differs, it gets only what it needs. */
  appUrl: string;
  migrationsDir?: string;
  log?: (line: string) => void;
};

export type MigrateResult = { applied: string[] };

const defaultDir = path.join(process.cwd(), "prisma", "migrations");

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const dir = options.migrationsDir ?? defaultDir;
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: options.migrationUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await ensureLedger(client);
    const umzug = new Umzug<pg.Client>({
      context: client,
      logger: undefined,
      storage: prismaLedger(client),
      migrations: listMigrations(dir).map((name) => ({
        name,
        up: async () => applyMigration(client, name, readFileSync(path.join(dir, name, "migration.sql"), "utf8")),
      })),
    });
    const applied = (await umzug.up()).map((m) => m.name);
    for (const name of applied) log(`applied migration ${name}`);
    await runWorkerMigrations({ connectionString: options.migrationUrl, logger: silentWorkerLogger() });
    const appRole = roleOf(options.appUrl);
    if (appRole && appRole !== roleOf(options.migrationUrl)) await grantAppRole(client, appRole);
    return { applied };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

export function listMigrations(dir: string = defaultDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

async function ensureLedger(client: pg.Client): Promise<void> {
  // The exact shape Prisma Migrate creates.
  await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
}

function prismaLedger(client: pg.Client): UmzugStorage<pg.Client> {
  return {
    async executed() {
      const { rows } = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      );
      return rows.map((row) => row.migration_name);
    },
    // The ledger row is written inside each migration's own transaction (applyMigration).
    async logMigration() {},
    async unlogMigration({ name }) {
      await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [name]);
    },
  };
}

async function applyMigration(client: pg.Client, name: string, sql: string): Promise<void> {
  const checksum = createHash("sha256").update(sql).digest("hex");
  await client.query("BEGIN");
  try {
    await client.query(sql);
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`, [
      randomUUID(),
      checksum,
      name,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new Error(`migration ${name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}

async function grantAppRole(client: pg.Client, role: string): Promise<void> {
  const r = quoteIdent(role);
  await client.query(`
    GRANT USAGE ON SCHEMA public TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
    REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM ${r};
    REVOKE ALL ON "_prisma_migrations" FROM ${r};
    GRANT USAGE ON SCHEMA graphile_worker TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${r};
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${r};
  `);
  // graphile-worker enables row-level security on its private tables (so an exposed API
  // cannot read them); only their owner bypasses it. The app role enqueues jobs inside its
  // own transactions and runs the worker, so it gets a permissive policy on each of them.
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity`,
  );
  for (const { name } of rows) {
    const table = `graphile_worker.${quoteIdent(name)}`;
    await client.query(`DROP POLICY IF EXISTS dpl_app_all ON ${table}`);
    await client.query(`CREATE POLICY dpl_app_all ON ${table} TO ${r} USING (true) WITH CHECK (true)`);
  }
}

function roleOf(url: string): string | undefined {
  const user = new URL(url).username;
  return user ? decodeURIComponent(user) : undefined;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function silentWorkerLogger(): Logger {
  return new Logger(() => () => {});
}
