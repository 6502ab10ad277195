import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { services } from "@/lib/services";
import { deployer, useEngine, waitForDeploy, waitUntil } from "@/test/engine-harness";
import { startWorkerProcess, type WorkerProcess } from "@/test/engine-worker-process";

// SIGKILL of a real worker process at each lifecycle step, then a fresh process: the next
// reconcile pass resolves the deploy. And two processes on one database, one killed midway:
// every deploy finishes, with one tracker per RequestId.

// A HANG holds the killed worker inside its step (the SDK would otherwise retry past it quickly).
const engine = useEngine({ worker: false, env: { DPL_AWS_REQUEST_TIMEOUT_MS: "5000" } });
const app = "takumi-server";
const workers: WorkerProcess[] = [];
afterAll(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
});

const start = async () => {
  const worker = await startWorkerProcess(engine.env());
  workers.push(worker);
  return worker;
};
/** The process started last and still alive: each case's replacement serves the next case. */
const running = async () => workers.filter((w) => w.child.exitCode === null && !w.child.killed).at(-1) ?? start();

let counter = 0;
async function newImage(): Promise<string> {
  const tag = `git_c0${(counter++).toString(16).padStart(5, "0")}`;
  await engine.control().pushImage({ repository: app, tag });
  return tag;
}

const row = (id: string) => db().deploy.findUnique({ where: { id } });

describe("SIGKILL at each step, then a new process", { timeout: 120_000 }, () => {
  it("PENDING: accepted while no worker runs; the next process carries it through", async () => {
    const { deploy } = await services().startDeploy(deployer, { application: app, environment: "takumi-srv-dev", tag: await newImage(), source: "API" });
    await start();
    expect((await waitForDeploy(deploy.id)).status).toBe("SUCCEEDED");
  });

  it.each([
    ["REGISTERING (CreateApplicationVersion in flight)", "CreateApplicationVersion", (d: { status: string }) => d.status === "REGISTERING"],
    [
      "UPDATING, intent recorded, no RequestId (UpdateEnvironment in flight)",
      "UpdateEnvironment",
      (d: { updateIntentAt: Date | null; ebRequestId: string | null }) => Boolean(d.updateIntentAt) && !d.ebRequestId,
    ],
    ["UPDATING, tracking (DescribeEvents in flight)", "DescribeEvents", (d: { ebRequestId: string | null }) => Boolean(d.ebRequestId)],
  ])("%s", async (_name, operation, reached) => {
    const worker = await running();
    await engine.control().clearCalls();
    await engine.control().fault({ service: "elasticbeanstalk", operation, code: "HANG", count: 1 });
    const { deploy } = await services().startDeploy(deployer, { application: app, environment: "takumi-srv-staging", tag: await newImage(), source: "API" });
    await waitUntil(async () => {
      const d = await row(deploy.id);
      return d && reached(d as never);
    }, `the deploy to reach the step of ${operation}`);
    await waitUntil(
      async () => ((await engine.control().calls()).calls as { operation: string }[]).some((c) => c.operation === operation),
      `${operation} to be called`,
    );
    await worker.kill();
    await start();
    const done = await waitForDeploy(deploy.id);
    expect(done.status, `${done.errorCode}: ${done.errorMessage}`).toBe("SUCCEEDED");
    expect(await db().applicationVersion.count({ where: { versionLabel: done.versionLabel ?? "" } })).toBe(1);
  });
});

describe("two processes on one database", { timeout: 180_000 }, () => {
  it("ten deploys across environments, one process killed midway: all finish, one tracker per RequestId", async () => {
    await engine.control().clearCalls();
    const first = await running();
    await start();
    const environments = ["takumi-srv-dev", "takumi-srv-staging", "takumi-srv-prod", "takumi-web-prod"];
    const ids: string[] = [];
    const deployTo = async (environment: string) => {
      const application = environment.startsWith("takumi-web") ? "takumi-web" : app;
      const tag = `git_d0${(counter++).toString(16).padStart(5, "0")}`;
      await engine.control().pushImage({ repository: application, tag });
      const { deploy } = await services().startDeploy(deployer, { application, environment, tag, source: "API" });
      ids.push(deploy.id);
      return waitForDeploy(deploy.id, undefined, 90_000);
    };
    const rounds = [3, 3, 2, 2];
    let killed = false;
    await Promise.all(
      environments.map(async (environment, index) => {
        for (let i = 0; i < rounds[index]; i++) {
          const done = await deployTo(environment);
          expect(done.status).toBe("SUCCEEDED");
          if (!killed && ids.length >= 4) {
            killed = true;
            await first.kill();
          }
        }
      }),
    );
    expect(ids).toHaveLength(10);
    type Call = { operation: string; at: string; durationMs: number; params: Record<string, unknown> };
    const calls = ((await engine.control().calls()).calls as Call[]).filter((c) => c.operation === "DescribeEvents" && c.params.RequestId);
    const byRequest = new Map<string, Call[]>();
    for (const c of calls) byRequest.set(String(c.params.RequestId), [...(byRequest.get(String(c.params.RequestId)) ?? []), c]);
    expect(byRequest.size).toBeGreaterThanOrEqual(10);
    for (const list of byRequest.values()) {
      // One tracker: its polls never overlap in time.
      for (let i = 1; i < list.length; i++) expect(Date.parse(list[i].at)).toBeGreaterThanOrEqual(Date.parse(list[i - 1].at) + list[i - 1].durationMs - 5);
    }
  });
});
