import { Prisma } from "@/lib/db/generated/client";
import type { DoraSummary, PeriodRange } from "@/lib/core/insights/period";
import type { PrismaClient } from "@/lib/db/client";

// DORA metrics as SQL over Deploy (definitions in lib/core/insights/period.ts). One pass over
// the successful deploys since the period's start, with the next successful deploy of the same
// environment found by a window function: whether it is a ROLLBACK says whether this change
// failed, and its finish is when service was restored. Deploys after the period's end are still
// read as "next", so a change from the period's last day rolled back the day after counts.
//
// Fast at a million deploys: the partial index "Deploy_dora_idx" on (environmentName, status,
// finishedAt, id) INCLUDE (kind, imagePushedAt, markedFaultyAt) WHERE status IN (SUCCEEDED,
// FAILED) holds every column these queries read. The environments are found by skipping
// through that index (a recursive CTE, one probe per environment), and each environment's
// deploys are read by an index-only range scan already in the window's order, so the window
// function sorts nothing. What remains, the medians and the per-day grouping, sorts in memory:
// each query runs in a transaction with work_mem raised for it, and without JIT, whose
// compilation cost more than the query on the inflated row estimates of the lateral join.

type Client = Pick<PrismaClient, "$transaction">;
type Tx = Pick<PrismaClient, "$queryRaw">;
export type DoraQuery = Pick<PeriodRange, "from" | "to"> & { environment?: string };

async function inSortMemory<T>(client: Client, run: (tx: Tx) => Promise<T>): Promise<T> {
  return client.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`;
    return run(tx);
  });
}

/**
 * The environments to read: the one asked for, or every environment with a finished deploy, in
 * name order, one index probe each (a loose index scan of "Deploy_dora_idx").
 */
function environments(env: string | null): Prisma.Sql {
  if (env !== null) return Prisma.sql`envs AS (SELECT ${env}::text AS environment)`;
  return Prisma.sql`envs AS (
        (SELECT "environmentName" AS environment FROM "Deploy"
         WHERE status IN ('SUCCEEDED', 'FAILED') ORDER BY "environmentName" LIMIT 1)
        UNION ALL
        SELECT (SELECT "environmentName" FROM "Deploy"
                WHERE status IN ('SUCCEEDED', 'FAILED') AND "environmentName" > envs.environment
                ORDER BY "environmentName" LIMIT 1)
        FROM envs WHERE envs.environment IS NOT NULL
      )`;
}

type SummaryRow = {
  environment: string | null;
  grouped: number;
  deploys: bigint;
  changes: bigint;
  change_failures: bigint;
  unrestored: bigint;
  lead_median: number | null;
  restore_median: number | null;
};

export async function doraSummaries(client: Client, query: DoraQuery): Promise<DoraSummary[]> {
  const env = query.environment ?? null;
  const [rows, failed] = await inSortMemory(client, async (tx) => {
    const summaryRows = await tx.$queryRaw<SummaryRow[]>`
      WITH RECURSIVE ${environments(env)}, live AS (
        SELECT envs.environment, d.* FROM envs CROSS JOIN LATERAL (
          SELECT kind, "finishedAt" AS finished, "imagePushedAt" AS pushed, "markedFaultyAt" AS faulty,
                 lead(kind) OVER w AS next_kind, lead("finishedAt") OVER w AS next_finished
          FROM "Deploy"
          WHERE "environmentName" = envs.environment AND status = 'SUCCEEDED' AND kind IN ('DEPLOY', 'ROLLBACK') AND "finishedAt" >= ${query.from}
          WINDOW w AS (ORDER BY "finishedAt", id)
        ) d
      ), judged AS (
        SELECT *, kind = 'DEPLOY' AND (faulty IS NOT NULL OR next_kind = 'ROLLBACK') AS failure
        FROM live WHERE finished < ${query.to}
      )
      SELECT environment, grouping(environment)::int AS grouped,
             count(*) AS deploys,
             count(*) FILTER (WHERE kind = 'DEPLOY') AS changes,
             count(*) FILTER (WHERE failure) AS change_failures,
             count(*) FILTER (WHERE failure AND next_finished IS NULL) AS unrestored,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished - pushed))
               FILTER (WHERE kind = 'DEPLOY' AND pushed IS NOT NULL) AS lead_median,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM next_finished - finished))
               FILTER (WHERE failure AND next_finished IS NOT NULL) AS restore_median
      FROM judged GROUP BY GROUPING SETS ((environment), ())`;
    const failedRows = await tx.$queryRaw<{ environment: string | null; grouped: number; n: bigint }[]>`
      WITH RECURSIVE ${environments(env)}
      SELECT environment, grouping(environment)::int AS grouped, count(*) AS n
      FROM envs CROSS JOIN LATERAL (
        SELECT 1 FROM "Deploy"
        WHERE "environmentName" = envs.environment AND status = 'FAILED' AND "finishedAt" >= ${query.from} AND "finishedAt" < ${query.to}
      ) d
      GROUP BY GROUPING SETS ((environment), ())`;
    return [summaryRows, failedRows] as const;
  });
  const key = (r: { environment: string | null; grouped: number }) => (r.grouped ? null : r.environment);
  const failedBy = new Map(failed.map((r) => [key(r), Number(r.n)]));
  const summaries = new Map<string | null, DoraSummary>();
  for (const r of rows) {
    summaries.set(key(r), {
      environment: key(r),
      deploys: Number(r.deploys),
      changes: Number(r.changes),
      changeFailures: Number(r.change_failures),
      failedDeploys: failedBy.get(key(r)) ?? 0,
      leadTimeMedianSeconds: r.lead_median === null ? null : Number(r.lead_median),
      restoreMedianSeconds: r.restore_median === null ? null : Number(r.restore_median),
      unrestored: Number(r.unrestored),
    });
  }
  // Environments with only failed deploys in the period still get a row.
  for (const [environment, n] of failedBy) {
    if (!summaries.has(environment))
      summaries.set(environment, {
        environment,
        deploys: 0,
        changes: 0,
        changeFailures: 0,
        failedDeploys: n,
        leadTimeMedianSeconds: null,
        restoreMedianSeconds: null,
        unrestored: 0,
      });
  }
  summaries.set(
    null,
    summaries.get(null) ?? {
      environment: null,
      deploys: 0,
      changes: 0,
      changeFailures: 0,
      failedDeploys: 0,
      leadTimeMedianSeconds: null,
      restoreMedianSeconds: null,
      unrestored: 0,
    },
  );
  return [...summaries.values()].sort((a, b) => (a.environment === null ? -1 : b.environment === null ? 1 : a.environment.localeCompare(b.environment)));
}

export type DoraDay = { day: string; deploys: number; changeFailures: number; failedDeploys: number; leadTimeMedianHours: number | null };

/** Per-day series for the charts (UTC days), for one environment or all. */
export async function doraDaily(client: Client, query: DoraQuery): Promise<DoraDay[]> {
  const env = query.environment ?? null;
  const rows = await inSortMemory(
    client,
    (tx) =>
      tx.$queryRaw<{ day: Date; deploys: bigint; change_failures: bigint; failed: bigint; lead_median: number | null }[]>`
    WITH RECURSIVE ${environments(env)}, live AS (
      SELECT d.* FROM envs CROSS JOIN LATERAL (
        SELECT status, kind, "finishedAt" AS finished, "imagePushedAt" AS pushed, "markedFaultyAt" AS faulty, lead(kind) OVER w AS next_kind
        FROM "Deploy"
        WHERE "environmentName" = envs.environment AND status = 'SUCCEEDED' AND kind IN ('DEPLOY', 'ROLLBACK') AND "finishedAt" >= ${query.from}
        WINDOW w AS (ORDER BY "finishedAt", id)
      ) d
      UNION ALL
      SELECT f.* FROM envs CROSS JOIN LATERAL (
        SELECT status, kind, "finishedAt", "imagePushedAt", "markedFaultyAt", NULL::"DeployKind"
        FROM "Deploy"
        WHERE "environmentName" = envs.environment AND status = 'FAILED' AND kind IN ('DEPLOY', 'ROLLBACK') AND "finishedAt" >= ${query.from}
      ) f
    )
    SELECT date_trunc('day', finished) AS day, -- finishedAt is stored in UTC: a UTC day whatever the session's TimeZone
           count(*) FILTER (WHERE status = 'SUCCEEDED') AS deploys,
           count(*) FILTER (WHERE status = 'SUCCEEDED' AND kind = 'DEPLOY' AND (faulty IS NOT NULL OR next_kind = 'ROLLBACK')) AS change_failures,
           count(*) FILTER (WHERE status = 'FAILED') AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished - pushed))
             FILTER (WHERE status = 'SUCCEEDED' AND kind = 'DEPLOY' AND pushed IS NOT NULL) AS lead_median
    FROM live WHERE finished < ${query.to}
    GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({
    day: r.day.toISOString().slice(0, 10),
    deploys: Number(r.deploys),
    changeFailures: Number(r.change_failures),
    failedDeploys: Number(r.failed),
    leadTimeMedianHours: r.lead_median === null ? null : Math.round((Number(r.lead_median) / 3600) * 10) / 10,
  }));
}
