import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { listMigrations, migrate } from "../lib/db/migrate";
import { prepareDatabase } from "../lib/db/roles";
import { assertLocalDatabase, serverUrlFromEnv } from "./database-server";

// One PostgreSQL server for the run (DATABASE_URL's server when set, else an embedded one),
// and one migrated template database; each test file that needs a database clones it
// (CREATE DATABASE ... TEMPLATE is a file copy: tens of milliseconds).

let embedded: EmbeddedDatabase | undefined;

export default async function setup(project: TestProject) {
  const started = Date.now();
  let adminUrl = serverUrlFromEnv();
  if (adminUrl) {
    assertLocalDatabase(adminUrl);
  } else {
    // One server per run (its own data directory), so two runs never share a postmaster.
    embedded = await startEmbeddedPostgres(path.join(process.cwd(), ".data", "test-postgres", String(process.pid)), 0, { persistent: false });
    adminUrl = embedded.adminUrl("postgres");
  }
  const migrationsDir = path.join(process.cwd(), "prisma", "migrations");
  const hash = createHash("sha256");
  for (const name of listMigrations(migrationsDir)) hash.update(name).update(readFileSync(path.join(migrationsDir, name, "migration.sql")));
  const template = `dpl_template_${hash.digest("hex").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])).rowCount;
  await admin.end();
  if (!exists) {
    const building = `${template}_building_${process.pid}`;
    const urls = await prepareDatabase(adminUrl, building);
    await migrate({ ...urls, migrationsDir });
    const rename = new pg.Client({ connectionString: adminUrl });
    await rename.connect();
    await rename.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`).catch(async () => {
      await rename.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    });
    await rename.end();
  }
  process.env.DPL_TEST_ADMIN_URL = adminUrl;
  process.env.DPL_TEST_TEMPLATE = template;
  project.provide("adminUrl", adminUrl);
  project.provide("template", template);
  console.log(`test database server ready in ${Date.now() - started} ms (${embedded ? "embedded PostgreSQL" : "DATABASE_URL's server"})`);
  return async () => {
    await embedded?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    template: string;
  }
}
