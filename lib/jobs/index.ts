import { Logger, run, type Runner, type TaskList } from "graphile-worker";
import { log } from "@/lib/log";
import { config } from "@/lib/config";
import type { BundleHint } from "@/lib/core/deploys/register-deploy";
import type { JobName } from "@/lib/core/ports";
import { databaseUrl } from "@/lib/db/client";
import { notificationTasks } from "@/lib/notifications/tasks";
import { services } from "@/lib/services";

// The worker: graphile-worker (jobs added in the same transaction as their row, picked up
// through LISTEN/NOTIFY). Every job is short: tracking polls once and reschedules itself
// with runAt, so a killed process's deploy is picked up by any replica's next pass.

const deployIdOf = (payload: unknown): string => {
  const id = (payload as { deployId?: unknown } | null)?.deployId;
  if (typeof id !== "string") throw new Error("job payload has no deployId");
  return id;
};

/** startDeploy's register job also names the bundle (application and hash); older jobs do not. */
const bundleHintOf = (payload: unknown): BundleHint | undefined => {
  const { application, bundleHash } = (payload ?? {}) as { application?: unknown; bundleHash?: unknown };
  return typeof application === "string" && typeof bundleHash === "string" ? { application, bundleHash } : undefined;
};

function taskList(): TaskList {
  const s = () => services().jobs;
  return {
    register: async (payload) => s().register(deployIdOf(payload), bundleHintOf(payload)),
    update: async (payload) => s().update(deployIdOf(payload)),
    track: async (payload) => s().track(deployIdOf(payload)),
    // Recurring jobs log a failure and end: the next interval is the retry, and a failed row
    // kept by the queue would only pile up.
    reconcile: async () => recurring("reconcile", () => s().reconcile()),
    "poll-inventory": async (payload) => {
      const what = (payload as { what?: string } | null)?.what;
      if (what !== "images") await recurring("poll-inventory:environments", () => s().pollEnvironments());
      if (what !== "environments") await recurring("poll-inventory:images", () => s().pollImages());
    },
    hygiene: async () => recurring("hygiene", () => s().hygiene()),
    ...notificationTasks, // issue 8: notification deliveries (lib/notifications/tasks.ts)
  };
}

async function recurring(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    services().deps.log.warn("recurring job failed; it runs again next interval", { job: name, error: (error as Error).message });
  }
}

/**
 * graphile-worker's log lines through dpl's logger (JSON, redacted). A finished job is routine
 * (the pollers finish one every few seconds), so it is debug; the job is summarised, not dumped.
 */
function workerLogger(): Logger {
  const logger = log().child({ scope: "worker" });
  return new Logger((scope) => (level, message, meta) => {
    const job = (meta as { job?: { id?: unknown; task_identifier?: unknown; attempts?: unknown; max_attempts?: unknown } } | undefined)?.job;
    const fields = {
      scope: scope.label,
      ...(job ? { job: { id: job.id, task: job.task_identifier, attempt: job.attempts, maxAttempts: job.max_attempts } } : {}),
    };
    const routine = level === "info" && /^Completed task/.test(message);
    const method = routine || level === "debug" ? "debug" : level === "warning" ? "warn" : level === "error" ? "error" : "info";
    logger[method](fields, message);
  });
}

type Recurring = { task: JobName; everyMs: number; payload?: Record<string, unknown>; key: string };

/**
 * The queue's runner, restarted when it ends by itself. A job that ends while PostgreSQL is
 * down cannot be released: unbatched, graphile-worker leaves that failed release as an
 * unhandled rejection (which ends the standalone worker); batched (delay 0: no added latency),
 * it shuts the runner down instead, and a new runner starts once the database answers. The
 * job left locked is the stale deploy that reconcile re-drives.
 */
function superviseRunner(): { started: Promise<void>; stop(): Promise<void> } {
  const c = config();
  let runner: Runner | undefined;
  let stopping = false;
  const start = () =>
    run({
      connectionString: databaseUrl(),
      concurrency: c.DPL_WORKER_CONCURRENCY,
      noHandleSignals: true,
      // Future runAt jobs (tracking polls) are found by polling; keep it at the track interval.
      pollInterval: Math.min(2_000, c.DPL_TRACK_INTERVAL_MS),
      taskList: taskList(),
      logger: workerLogger(),
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
  const watch = (current: Runner) => {
    const ended = (error?: unknown) => {
      if (stopping || runner !== current) return;
      runner = undefined;
      services().deps.log.error("the job worker stopped by itself; starting a new one", { error: error instanceof Error ? error.message : undefined });
      void restart();
    };
    current.promise.then(() => ended(), ended);
  };
  const restart = async () => {
    for (let delayMs = 1_000; !stopping; delayMs = Math.min(delayMs * 2, 30_000)) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (stopping) return;
      try {
        runner = await start();
        watch(runner);
        return;
      } catch (error) {
        services().deps.log.warn("could not start the job worker; retrying", { error: (error as Error).message });
      }
    }
  };
  const started = start().then((first) => {
    runner = first;
    watch(first);
  });
  return {
    started,
    async stop() {
      stopping = true;
      await runner?.stop();
    },
  };
}

export async function startBackground(): Promise<{ stop(): Promise<void> }> {
  const c = config();
  const runner = superviseRunner();
  await runner.started;
  const queue = services().deps.queue;
  const recurring: Recurring[] = [
    { task: "reconcile", everyMs: c.DPL_RECONCILE_INTERVAL_MS, key: "reconcile" },
    { task: "poll-inventory", everyMs: c.DPL_ENVIRONMENT_POLL_MS, payload: { what: "environments" }, key: "poll-inventory:environments" },
    { task: "poll-inventory", everyMs: c.DPL_IMAGE_POLL_MS, payload: { what: "images" }, key: "poll-inventory:images" },
    { task: "hygiene", everyMs: 3_600_000, key: "hygiene" },
  ];
  // Each replica's timer only enqueues, keyed and preserving a waiting job's time, so N
  // replicas still run each recurring job about once per interval, and none is lost when
  // the replica that ran it last is killed.
  const enqueue = (r: Recurring) =>
    queue.add({ task: r.task, payload: r.payload ?? {}, jobKey: r.key, jobKeyMode: "preserve_run_at", maxAttempts: 1 }).catch((error: unknown) => {
      services().deps.log.warn("could not enqueue a recurring job", { task: r.task, error: (error as Error).message });
    });
  await Promise.all(recurring.filter((r) => r.task !== "hygiene").map(enqueue));
  const timers = recurring.map((r) => setInterval(() => void enqueue(r), r.everyMs));
  for (const timer of timers) timer.unref();
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await runner.stop();
    },
  };
}
