import path from "node:path";
import { pathToFileURL } from "node:url";
import { config, ConfigError } from "../lib/config";
import { migrate } from "../lib/db/migrate";

// The production entry point inside the standalone build (bundled by scripts/postbuild.mjs to
// .next/standalone/dpl-start.mjs; no tsx, no dev dependencies): apply migrations under the
// advisory lock, so replicas may start together, then run the Next.js server in-process.

async function main() {
  const c = config();
  if (!c.DATABASE_URL) throw new ConfigError("Invalid configuration: DATABASE_URL must be set to a postgres:// URL (it is missing).");
  const here = import.meta.dirname;
  const result = await migrate({
    appUrl: c.DATABASE_URL,
    migrationUrl: c.DATABASE_MIGRATION_URL ?? c.DATABASE_URL,
    migrationsDir: path.join(here, "prisma", "migrations"),
  });
  console.log(result.applied.length ? `applied ${result.applied.length} migration(s): ${result.applied.join(", ")}` : "database schema is up to date");
  await import(pathToFileURL(path.join(here, "server.js")).href);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `dpl failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
