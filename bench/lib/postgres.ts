import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

/**
 * A PostgreSQL server for one benchmark run: BENCH_DATABASE_ADMIN_URL's when set, otherwise an
 * embedded one in a fresh temporary directory on a free port, removed on stop. Never a shared
 * data directory: two benchmarks (or two engineers) starting PostgreSQL on the same one made
 * the second fail ("lock file postmaster.pid already exists"), which `npm run bench` showed as
 * a bare `undefined`.
 */
export async function benchPostgres(name: string): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  const external = process.env.BENCH_DATABASE_ADMIN_URL;
  if (external) return { adminUrl: external, stop: async () => {} };
  const dir = mkdtempSync(path.join(os.tmpdir(), `dpl-bench-${name}-`));
  chmodSync(dir, 0o777); // the embedded server runs as a postgres user when we are root
  try {
    const embedded = await startEmbeddedPostgres(path.join(dir, "postgres"), 0, { persistent: false });
    return {
      adminUrl: embedded.adminUrl("postgres"),
      stop: async () => {
        await embedded.stop().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
