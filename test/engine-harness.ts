import { afterAll, beforeAll } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { startBackground } from "@/lib/jobs";
import { resetServicesForTests, services } from "@/lib/services";
import { startSandbox } from "@/sandbox/server";
import { sandboxControl } from "@/sandbox/client";
import { useTestDatabase } from "@/test/db";

// Integration harness for the engine: a real PostgreSQL (useTestDatabase), the sandbox over
// HTTP through the real SDK clients, and optionally the graphile-worker runner in-process,
// with every interval tiny so the suite stays fast.

export const engineEnv = {
  DPL_TRACK_INTERVAL_MS: "50",
  DPL_RECONCILE_INTERVAL_MS: "300",
  DPL_STALE_AFTER_MS: "1500",
  DPL_ENVIRONMENT_POLL_MS: "600000",
  DPL_IMAGE_POLL_MS: "600000",
  DPL_AWS_CONNECT_TIMEOUT_MS: "500",
  // Long enough for a legitimate call on a loaded CI machine; the fault matrix shortens it.
  DPL_AWS_REQUEST_TIMEOUT_MS: "3000",
  DPL_AWS_MAX_ATTEMPTS: "3",
  DPL_WORKER_CONCURRENCY: "8",
  DPL_HEALTH_SETTLE_MS: "0",
  LOG_LEVEL: "silent",
};

export const deployer: Actor = { type: "USER", userId: "0b6c1d2e-0000-4000-8000-000000000001", name: "Dana Deployer", role: "DEPLOYER" };
export const admin: Actor = { type: "USER", userId: "0b6c1d2e-0000-4000-8000-000000000002", name: "Ada Admin", role: "ADMIN" };
export const viewer: Actor = { type: "USER", userId: "0b6c1d2e-0000-4000-8000-000000000003", name: "Vic Viewer", role: "VIEWER" };

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export function useEngine(options: { worker?: boolean; seed?: "demo" | "empty"; deployDurationMs?: number; env?: Record<string, string> } = {}) {
  const database = useTestDatabase();
  let sandbox: Sandbox | undefined;
  let background: { stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: options.seed ?? "demo", deployDurationMs: options.deployDurationMs ?? 200 });
    Object.assign(process.env, engineEnv, { AWS_ENDPOINT_URL: sandbox.url }, options.env ?? {});
    resetConfigForTests();
    resetServicesForTests();
    await services().jobs.pollEnvironments();
    await services().jobs.pollImages();
    if (options.worker !== false) {
      background = await startBackground();
      // The worker polls the inventory once on start; let that finish so tests count only their own AWS calls.
      await waitUntil(
        async () => {
          const [{ pending }] = await db().$queryRaw<
            { pending: number }[]
          >`SELECT count(*)::int AS pending FROM graphile_worker.jobs WHERE task_identifier = 'poll-inventory' AND attempts < max_attempts`;
          return pending === 0;
        },
        "the first inventory poll",
        90_000,
      );
    }
  });
  afterAll(async () => {
    await background?.stop();
    resetServicesForTests();
    await sandbox?.close();
  });
  const current = () => {
    if (!sandbox) throw new Error("the sandbox runs only inside tests");
    return sandbox;
  };
  return {
    database,
    sandbox: current,
    control: () => sandboxControl(current().url),
    env: (): Record<string, string> => ({
      ...engineEnv,
      AWS_ENDPOINT_URL: current().url,
      DATABASE_URL: database().appUrl,
      DATABASE_MIGRATION_URL: database().migrationUrl,
      ...(options.env ?? {}),
    }),
  };
}

const terminal = ["SUCCEEDED", "FAILED", "CANCELLED"];

/** Waits until the deploy reaches one of `statuses` (default: any terminal one), reading the database like a page would. */
export async function waitForDeploy(id: string, statuses: string[] = terminal, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const deploy = await db().deploy.findUnique({ where: { id } });
    if (deploy && statuses.includes(deploy.status)) return deploy;
    if (Date.now() - started > timeoutMs)
      throw new Error(`deploy ${id} is ${deploy?.status ?? "missing"} after ${timeoutMs} ms, expected ${statuses.join("|")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function auditOf(filter: { deployId?: string; environmentName?: string; action?: string }) {
  return db().auditEvent.findMany({ where: filter, orderBy: { id: "asc" } });
}
