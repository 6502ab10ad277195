import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuilt, freePort, startStack, type Stack } from "../../scripts/stack";

/**
 * The built app as `npm start` runs it, with its own embedded PostgreSQL (in a fresh temporary
 * directory) and a demo sandbox in this process: what the benchmarks over HTTP measure.
 */
export async function benchStack(
  name: string,
  options: { deployDurationMs: number; env?: Record<string, string> },
): Promise<{ stack: Stack; dataDir: string }> {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `dpl-bench-${name}-`));
  // The embedded PostgreSQL runs as its own user when we are root: it must reach its directory.
  chmodSync(dataDir, 0o777);
  const stack = await startStack({
    dataDir,
    databaseName: `dpl_bench_${name.replaceAll("-", "_")}`,
    port: await freePort(),
    sandboxPort: 0,
    deployDurationMs: options.deployDurationMs,
    env: options.env,
  });
  return { stack, dataDir };
}
