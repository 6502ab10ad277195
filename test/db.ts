import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { prepareDatabase, type DatabaseUrls } from "@/lib/db/roles";

export type TestDatabase = DatabaseUrls & { name: string; adminUrl: string };

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("adminUrl");
  const name = `dpl_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const urls = await prepareDatabase(adminUrl, name, { template: inject("template") });
  return { ...urls, name, adminUrl };
}

export async function dropTestDatabase(database: TestDatabase): Promise<void> {
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`);
  await admin.end();
}

/**
 * Registers hooks that give this test file its own database and point DATABASE_URL (the app
 * role) and DATABASE_MIGRATION_URL (the owner) at it. Returns a getter for its URLs.
 */
export function useTestDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.appUrl;
    process.env.DATABASE_MIGRATION_URL = database.migrationUrl;
    resetConfigForTests();
  });
  afterAll(async () => {
    const globalClient = (globalThis as { dplPrisma?: { $disconnect(): Promise<void> } }).dplPrisma;
    await globalClient?.$disconnect();
    delete (globalThis as { dplPrisma?: unknown }).dplPrisma;
    if (database) await dropTestDatabase(database);
  });
  return () => {
    if (!database) throw new Error("useTestDatabase(): the database exists only inside tests and hooks");
    return database;
  };
}
