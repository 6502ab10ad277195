import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, freePort, type EmbeddedDatabase } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { prepareDatabase, type DatabaseUrls } from "../lib/db/roles";
import { startSandbox } from "../sandbox/server";

// The whole local dpl: PostgreSQL (DATABASE_URL or embedded), migrations, the AWS sandbox and
// the built dashboard. Used by `npm run demo`, the Playwright web server and the CLI tests,
// so all three run exactly the same thing.

export type StackOptions = {
  dataDir: string;
  /** Database name on the embedded server (or on DATABASE_URL's server with `freshDatabase`). */
  databaseName: string;
  port: number;
  sandboxPort: number;
  sandboxStateFile?: string;
  deployDurationMs?: number;
  env?: Record<string, string>;
  log?: (line: string) => void;
};

export type Stack = {
  appUrl: string;
  sandboxUrl: string;
  database: DatabaseUrls;
  server: ChildProcess;
  env: Record<string, string>;
  stop: () => Promise<void>;
};

export const root = path.resolve(import.meta.dirname, "..");

export async function startDatabase(dataDir: string, databaseName: string): Promise<{ urls: DatabaseUrls; stop: () => Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const urls = { appUrl: external, migrationUrl: process.env.DATABASE_MIGRATION_URL ?? external };
    await migrate(urls);
    return { urls, stop: async () => {} };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(path.join(dataDir, "postgres"), 54320);
  const urls = await prepareDatabase(embedded.adminUrl("postgres"), databaseName);
  await migrate(urls);
  return { urls, stop: () => embedded.stop().catch(() => {}) };
}

export function persistentSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(33).toString("base64");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const database = await startDatabase(options.dataDir, options.databaseName);
  log("database ready, migrations applied");
  const sandbox = await startSandbox({
    port: options.sandboxPort,
    stateFile: options.sandboxStateFile,
    seed: "demo",
    deployDurationMs: options.deployDurationMs,
  });
  log(`AWS sandbox on ${sandbox.url}`);
  const appUrl = `http://127.0.0.1:${options.port}`;
  const env: Record<string, string> = {
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    DATABASE_URL: database.urls.appUrl,
    DATABASE_MIGRATION_URL: database.urls.migrationUrl,
    AWS_ENDPOINT_URL: sandbox.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    AUTH_SECRET: persistentSecret(options.dataDir, "auth-secret"),
    AUTH_URL: appUrl,
    AUTH_TRUST_HOST: "true",
    DPL_PUBLIC_URL: appUrl,
    DPL_DEMO: "1",
    PORT: String(options.port),
    HOSTNAME: "127.0.0.1",
    ...options.env,
  };
  const server = spawn(process.execPath, [path.join(root, ".next", "standalone", "server.js")], {
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      const timer = setTimeout(() => server.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await sandbox.close();
    await database.stop();
  };
  try {
    await waitForHealthy(appUrl, server);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`dashboard on ${appUrl}`);
  return { appUrl, sandboxUrl: sandbox.url, database: database.urls, server, env, stop };
}

export async function waitForHealthy(appUrl: string, server: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the dashboard exited with code ${server.exitCode} during start-up`);
    try {
      const response = await fetch(`${appUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the dashboard did not become healthy within ${timeoutMs} ms`);
}

export function ensureBuilt(): void {
  if (!existsSync(path.join(root, ".next", "standalone", "server.js"))) {
    throw new Error("dpl is not built: run `npm run build` first.");
  }
}

export { freePort };
