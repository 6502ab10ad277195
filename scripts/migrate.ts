import { config } from "../lib/config";
import { migrate } from "../lib/db/migrate";

// `npm run db:migrate`: apply pending migrations to DATABASE_URL (as DATABASE_MIGRATION_URL's
// role when set).
const c = config();
if (!c.DATABASE_URL) {
  console.error("Invalid configuration: DATABASE_URL must be set to a postgres:// URL (it is missing).");
  process.exit(1);
}
const result = await migrate({ appUrl: c.DATABASE_URL, migrationUrl: c.DATABASE_MIGRATION_URL ?? c.DATABASE_URL, log: console.log });
console.log(result.applied.length ? `applied ${result.applied.length} migration(s)` : "database is up to date");
