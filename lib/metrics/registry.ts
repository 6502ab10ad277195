import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { onAwsCall, type AwsCall } from "@/lib/aws/aws-calls";
import { db } from "@/lib/db/client";

// Prometheus metrics. Deploy counts, active deploys and queue depth are read from PostgreSQL
// at scrape time, so every replica reports the same truth however the work was spread; AWS
// calls and deploy durations are observed in the process that made them.

export type DplMetrics = {
  registry: Registry;
  awsCalls: Counter<"service" | "operation" | "outcome">;
  awsErrors: Counter<"service" | "operation" | "code">;
  awsDuration: Histogram<"service" | "operation">;
  deployDuration: Histogram<"environment" | "kind" | "status">;
  deliveries: Counter<"kind" | "outcome">;
};

function createMetrics(): DplMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "dpl_" });
  new Counter({
    name: "dpl_deploys_total",
    help: "Finished deploys by environment, kind and outcome (SUCCEEDED, FAILED, CANCELLED), from the database.",
    labelNames: ["application", "environment", "kind", "status"],
    registers: [registry],
    async collect() {
      const rows = await db().$queryRaw<{ application: string; environment: string; kind: string; status: string; n: bigint }[]>`
        SELECT "applicationName" AS application, "environmentName" AS environment, kind::text, status::text, count(*) AS n
        FROM "Deploy" WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') GROUP BY 1, 2, 3, 4`;
      this.reset();
      for (const r of rows) this.inc({ application: r.application, environment: r.environment, kind: r.kind, status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: "dpl_active_deploys",
    help: "Deploys not yet finished (PENDING, REGISTERING, UPDATING) by environment and status.",
    labelNames: ["environment", "status"],
    registers: [registry],
    async collect() {
      const rows = await db().$queryRaw<{ environment: string; status: string; n: bigint }[]>`
        SELECT "environmentName" AS environment, status::text, count(*) AS n
        FROM "Deploy" WHERE status IN ('PENDING', 'REGISTERING', 'UPDATING') GROUP BY 1, 2`;
      this.reset();
      for (const r of rows) this.set({ environment: r.environment, status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: "dpl_queue_jobs",
    help: "Jobs in the graphile-worker queue: ready (due now, waiting for a worker), scheduled (due later), running (locked by a worker), failed (out of attempts).",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const [row] = await db().$queryRaw<{ ready: bigint; scheduled: bigint; running: bigint; failed: bigint }[]>`
        SELECT count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts) AS ready,
               count(*) FILTER (WHERE locked_at IS NULL AND run_at > now() AND attempts < max_attempts) AS scheduled,
               count(*) FILTER (WHERE locked_at IS NOT NULL) AS running,
               count(*) FILTER (WHERE attempts >= max_attempts) AS failed
        FROM graphile_worker.jobs`;
      this.reset();
      for (const state of ["ready", "scheduled", "running", "failed"] as const) this.set({ state }, Number(row?.[state] ?? 0));
    },
  });
  return {
    registry,
    awsCalls: new Counter({
      name: "dpl_aws_calls_total",
      help: "AWS calls by service, operation and outcome (ok, error).",
      labelNames: ["service", "operation", "outcome"],
      registers: [registry],
    }),
    awsErrors: new Counter({
      name: "dpl_aws_call_errors_total",
      help: "Failed AWS calls by service, operation and AWS error code.",
      labelNames: ["service", "operation", "code"],
      registers: [registry],
    }),
    awsDuration: new Histogram({
      name: "dpl_aws_call_duration_seconds",
      help: "AWS call latency by service and operation, retries included.",
      labelNames: ["service", "operation"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    deployDuration: new Histogram({
      name: "dpl_deploy_duration_seconds",
      help: "Time from a deploy's start to its end, by environment, kind and outcome.",
      labelNames: ["environment", "kind", "status"],
      buckets: [10, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "dpl_notification_deliveries_total",
      help: "Notification delivery attempts by channel kind and outcome (delivered, retry, failed).",
      labelNames: ["kind", "outcome"],
      registers: [registry],
    }),
  };
}

const globalForMetrics = globalThis as unknown as { dplMetrics?: DplMetrics };
let listeningToAws = false;

export function recordAwsCall(metrics: DplMetrics, call: AwsCall): void {
  const labels = { service: call.service, operation: call.operation };
  metrics.awsCalls.inc({ ...labels, outcome: call.ok ? "ok" : "error" });
  if (!call.ok) metrics.awsErrors.inc({ ...labels, code: call.errorCode ?? "Unknown" });
  metrics.awsDuration.observe(labels, call.durationMs / 1000);
}

/** The process's metrics (one registry per process, shared by every bundle through globalThis). */
export function metrics(): DplMetrics {
  const m = (globalForMetrics.dplMetrics ??= createMetrics());
  // Per module copy: Next may bundle lib/aws more than once, and each copy reports its own calls.
  if (!listeningToAws) {
    listeningToAws = true;
    onAwsCall((call) => recordAwsCall(metrics(), call));
  }
  return m;
}
