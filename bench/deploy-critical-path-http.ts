import path from "node:path";
import { seedDemo } from "../lib/auth/demo-seed";
import { createPrismaClient } from "../lib/db/client";
import { sandboxControl } from "../sandbox/client";
import type { Stack } from "../scripts/stack";
import { benchStack } from "./lib/stack";
import { RUNS, report, rowOf, runBaselines, type Call, type Row } from "./lib/critical-path";

// Issue 9's benchmark 1 as the issue words it: from POST /api/v1/deploys (and POST
// /api/v1/environments/{name}/rollback) on the built app, bearer token and all, to the sandbox
// receiving UpdateEnvironment, with L = 0 and 50 ms injected into every AWS call; the baseline
// scripts side by side against the same sandbox. The app runs as `npm start` runs it (the
// standalone server with its worker), the sandbox in this process. The pollers are set to an
// hour so that only the deploy's calls are counted. Never fails on timing.
//   npm run bench -- deploy-critical-path      (runs this and the in-process deploy-critical-path.ts)

const APP = "takumi-server";
const ENV = "takumi-srv-dev";
const HOUR = String(3_600_000);

type DeployBody = { id?: string; status?: string; error?: { code?: string; message?: string } };

async function api(stack: Stack, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: DeployBody }> {
  const response = await fetch(`${stack.appUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as DeployBody };
}

async function main(): Promise<void> {
  const { stack, dataDir } = await benchStack("critical-http", {
    deployDurationMs: 200,
    env: { DPL_TRACK_INTERVAL_MS: "50", DPL_ENVIRONMENT_POLL_MS: HOUR, DPL_IMAGE_POLL_MS: HOUR, DPL_RECONCILE_INTERVAL_MS: HOUR, LOG_LEVEL: "warn" },
  });
  try {
    const client = createPrismaClient(stack.database.appUrl);
    const { deployerToken: token } = await seedDemo({ client, tokenFile: path.join(dataDir, "demo-token"), waitForEnvironmentMs: 60_000 }).finally(() =>
      client.$disconnect(),
    );
    const control = sandboxControl(stack.sandboxUrl);
    const rows: Row[] = [];
    let counter = 0;

    const waitFor = async (id: string, done: (status: string) => boolean) => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        const { body } = await api(stack, token, "GET", `/api/v1/deploys/${id}`);
        if (body.status && done(body.status)) return body.status;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`deploy ${id} did not finish within 60 s`);
    };
    const measure = async (scenario: string, latencyMs: number, prepare: () => Promise<{ route: string; body: unknown }>) => {
      const { route, body } = await prepare();
      await control.latency(latencyMs);
      await control.clearCalls();
      const startedAt = Date.now();
      const accepted = await api(stack, token, "POST", route, body);
      if (accepted.status !== 202 || !accepted.body.id) throw new Error(`${scenario}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
      // The sandbox's own record says when UpdateEnvironment arrived and when it was answered.
      let calls: Call[] = [];
      for (const deadline = Date.now() + 30_000; ;) {
        calls = (await control.calls()).calls as Call[];
        if (calls.some((c) => c.operation === "UpdateEnvironment" && (c.status ?? 0) > 0)) break;
        if (Date.now() > deadline) throw new Error(`${scenario}: no UpdateEnvironment within 30 s; calls: ${calls.map((c) => c.operation).join(", ")}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const update = calls.find((c) => c.operation === "UpdateEnvironment") as Call;
      rows.push(rowOf(scenario, latencyMs, calls, startedAt, Date.parse(update.at) + update.durationMs - startedAt));
      await control.latency(0);
      const status = await waitFor(accepted.body.id, (s) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(s));
      if (status !== "SUCCEEDED") throw new Error(`${scenario}: the deploy ended ${status}`);
    };
    const newImage = async () => {
      const tag = `git_be${(counter++).toString(16).padStart(5, "0")}`;
      await control.pushImage({ repository: APP, tag });
      return { route: "/api/v1/deploys", body: { application: APP, environment: ENV, tag, reason: "bench" } };
    };
    const rollBack = async () => ({ route: `/api/v1/environments/${ENV}/rollback`, body: { reason: "bench", lock: false } });

    await measure("new image (first deploy of the server)", 50, newImage);
    for (const latency of [0, 50]) {
      for (let i = 0; i < RUNS; i++) {
        await measure("new image", latency, newImage);
        await measure("rollback", latency, rollBack);
      }
    }
    rows.push(...(await runBaselines({ sandboxUrl: stack.sandboxUrl, control, application: APP, environment: ENV })));
    console.log("Over HTTP (POST /api/v1/deploys on the built app; dpl's 'answered' column here is the sandbox answering UpdateEnvironment):");
    report(rows);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

void main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
