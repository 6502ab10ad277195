import { spawn } from "node:child_process";
import path from "node:path";
import { config, ConfigError } from "../lib/config";
import { migrate } from "../lib/db/migrate";

// `npm start`: dpl for real use. Configuration from the environment only; never starts the
// sandbox or an embedded database. Migrations run first, under the advisory lock, so several
// replicas may start at once.

async function main() {
  const c = config();
  if (!c.DATABASE_URL) throw new ConfigError("Invalid configuration: DATABASE_URL must be set to a postgres:// URL (it is missing).");
  const applied = await migrate({ appUrl: c.DATABASE_URL, migrationUrl: c.DATABASE_MIGRATION_URL ?? c.DATABASE_URL });
  for (const name of applied.applied) console.log(`applied migration ${name}`);
  const server = spawn(process.execPath, [path.join(import.meta.dirname, "..", ".next", "standalone", "server.js")], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: process.env.PORT ?? "3000", HOSTNAME: process.env.HOSTNAME ?? "0.0.0.0" },
    stdio: "inherit",
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `dpl failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
