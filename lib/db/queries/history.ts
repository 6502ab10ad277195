import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, encodeCursor, parseDate, type Page } from "./cursor";

// An environment's history: every accepted deploy (whatever its outcome, EXTERNAL changes
// included) merged with the requests dpl refused, which live only in the audit log. Both
// sources are read newest first by their (time, id) indexes and merged; the cursor names
// the last row shown as (time, source, id), with deploys ordered before refusals on a tie.

export type HistoryDeployRow = {
  type: "deploy";
  key: string;
  at: Date;
  id: string;
  kind: "DEPLOY" | "ROLLBACK" | "EXTERNAL";
  status: "PENDING" | "REGISTERING" | "UPDATING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
  imageTag: string | null;
  imageDigest: string | null;
  commitSha: string | null;
  versionLabel: string | null;
  actorName: string;
  source: "WEB" | "API" | "CLI" | "SYSTEM";
  reason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type HistoryRefusalRow = {
  type: "refusal";
  key: string;
  at: Date;
  id: string;
  action: string;
  outcome: "REFUSED" | "DENIED";
  actorName: string;
  source: "WEB" | "API" | "CLI" | "SYSTEM" | null;
  code: string | null;
  message: string | null;
  imageTag: string | null;
  reason: string | null;
};

export type HistoryRow = HistoryDeployRow | HistoryRefusalRow;

const cursorKeys = ["at", "source", "id"] as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listEnvironmentHistory(environmentName: string, options: { cursor?: string | null; limit?: number } = {}): Promise<Page<HistoryRow>> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const cursor = decodeCursor(options.cursor, cursorKeys);
  const at = parseDate(cursor?.at);
  const after = cursor && at ? { at, source: cursor.source, id: cursor.id } : null;

  // Row-value comparisons on (time, id) are index bounds, so a deep page starts its scans at
  // the cursor. Deploys sort before refusals on a tie: after a deploy, refusals of that same
  // instant are still to come; after a refusal, every deploy of that instant was shown.
  const deployAfter = !after
    ? Prisma.empty
    : after.source === "d" && uuidPattern.test(after.id)
      ? Prisma.sql`AND ("createdAt", "id") < (${after.at}, ${after.id}::uuid)`
      : after.source === "d"
        ? Prisma.sql`AND "createdAt" <= ${after.at}`
        : Prisma.sql`AND "createdAt" < ${after.at}`;
  const refusalAfter = !after
    ? Prisma.empty
    : after.source === "d"
      ? Prisma.sql`AND "at" <= ${after.at}`
      : Prisma.sql`AND ("at", "id") < (${after.at}, ${BigInt(/^\d{1,18}$/.test(after.id) ? after.id : "0")})`;

  const [deploys, refusals] = await Promise.all([
    db().$queryRaw<(Omit<HistoryDeployRow, "type" | "key" | "at"> & { createdAt: Date })[]>`
      SELECT "id", "createdAt", "kind", "status", "imageTag", "imageDigest", "commitSha", "versionLabel", "actorName", "source", "reason",
             "errorCode", "errorMessage", "startedAt", "finishedAt"
      FROM "Deploy"
      WHERE "environmentName" = ${environmentName} ${deployAfter}
      ORDER BY "createdAt" DESC, "id" DESC
      LIMIT ${limit + 1}`,
    // The outcomes are literals, not parameters, so the planner matches the partial index
    // "AuditEvent_refusals_environmentName_at_id_idx" (its WHERE clause names the same two).
    db().$queryRaw<
      {
        id: bigint;
        at: Date;
        action: string;
        outcome: string;
        actorName: string;
        source: HistoryRefusalRow["source"];
        code: string | null;
        message: string | null;
        details: unknown;
      }[]
    >`
      SELECT "id", "at", "action", "outcome", "actorName", "source", "code", "message", "details"
      FROM "AuditEvent"
      WHERE "environmentName" = ${environmentName} AND "outcome" IN ('REFUSED', 'DENIED') ${refusalAfter}
      ORDER BY "at" DESC, "id" DESC
      LIMIT ${limit + 1}`,
  ]);

  const rows: HistoryRow[] = [
    ...deploys.map(({ createdAt, ...deploy }): HistoryDeployRow => ({ type: "deploy", key: `d:${deploy.id}`, at: createdAt, ...deploy })),
    ...refusals.map((event): HistoryRefusalRow => ({
      type: "refusal",
      key: `a:${event.id}`,
      at: event.at,
      id: event.id.toString(),
      action: event.action,
      outcome: event.outcome as HistoryRefusalRow["outcome"],
      actorName: event.actorName,
      source: event.source,
      code: event.code,
      message: event.message,
      imageTag: detailString(event.details, "tag"),
      reason: detailString(event.details, "reason"),
    })),
  ];
  rows.sort(compareNewestFirst);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.at.toISOString(), source: last.type === "deploy" ? "d" : "a", id: last.id }) : null;
  return { items, nextCursor };
}

function compareNewestFirst(a: HistoryRow, b: HistoryRow): number {
  const byTime = b.at.getTime() - a.at.getTime();
  if (byTime !== 0) return byTime;
  if (a.type !== b.type) return a.type === "deploy" ? -1 : 1;
  if (a.type === "deploy") return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  return Number(BigInt(b.id) - BigInt(a.id));
}

function detailString(details: unknown, key: string): string | null {
  if (typeof details !== "object" || details === null || Array.isArray(details)) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
}
