import { expect } from "vitest";
import { createApiToken } from "@/lib/auth/tokens";
import { resetConfigForTests } from "@/lib/config";
import type { Actor, Role } from "@/lib/core/actor";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { freePort, startStack, type Stack } from "@/scripts/stack";
import { createTestDatabase, dropTestDatabase, type TestDatabase } from "@/test/db";
import os from "node:os";
import path from "node:path";
import { mkdtempSync } from "node:fs";

// The real built app, started once per test file on its own cloned database, with tokens
// minted straight into that database.

export type ApiStack = {
  stack: Stack;
  client: PrismaClient;
  admin: Actor;
  token: (role: Role, environments?: string[]) => Promise<{ token: string; id: string }>;
  call: (
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: any; headers: Headers }>;
  stop: () => Promise<void>;
};

export async function startApiStack(env: Record<string, string> = {}, deployDurationMs = 300): Promise<ApiStack> {
  const database: TestDatabase = await createTestDatabase();
  process.env.DATABASE_URL = database.appUrl;
  process.env.DATABASE_MIGRATION_URL = database.migrationUrl;
  resetConfigForTests();
  const stack = await startStack({
    dataDir: mkdtempSync(path.join(os.tmpdir(), "dpl-api-")),
    databaseName: database.name,
    port: await freePort(),
    sandboxPort: await freePort(),
    deployDurationMs,
    env: {
      DPL_TRACK_INTERVAL_MS: "100",
      DPL_ENVIRONMENT_POLL_MS: "500",
      DPL_HEALTH_SETTLE_MS: "0",
      DPL_IMAGE_POLL_MS: "1000",
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  const client = createPrismaClient(database.appUrl);
  const user = await client.user.create({ data: { email: `api-admin-${Date.now()}@acme.io`, name: "API Admin", role: "ADMIN" } });
  const admin: Actor = { type: "USER", userId: user.id, name: "API Admin", email: user.email, role: "ADMIN" };
  let n = 0;
  const token = (role: Role, environments: string[] = []) => createApiToken(admin, { name: `t${n++}-${role}`, role, environments }, client);
  const call: ApiStack["call"] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined && method !== "GET" && method !== "HEAD") {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${stack.appUrl}${url}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (HTML pages)
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  const stop = async () => {
    await client.$disconnect().catch(() => {});
    await stack.stop();
    await dropTestDatabase(database).catch(() => {});
  };
  return { stack, client, admin, token, call, stop };
}

/** An error response as DESIGN.md defines it: status, code, a message, no stack. */
export function expectError(response: { status: number; body: any }, status: number, code?: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(typeof response.body).toBe("object");
  expect(typeof response.body.error?.code).toBe("string");
  expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
  expect(typeof response.body.error.message).toBe("string");
  if (code) expect(response.body.error.code).toBe(code);
  expect(JSON.stringify(response.body)).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
