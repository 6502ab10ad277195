import "server-only";
import { db } from "@/lib/db/client";
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

export async function listEnvironmentHistory(environmentName: string, options: { cursor?: string | null; limit?: number } = {}): Promise<Page<HistoryRow>> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const cursor = decodeCursor(options.cursor, cursorKeys);
  const at = parseDate(cursor?.at);
  const after = cursor && at ? { at, source: cursor.source, id: cursor.id } : null;

  const deployWhere = after
    ? {
        OR: [{ createdAt: { lt: after.at } }, ...(after.source === "d" ? [{ createdAt: after.at, id: { lt: after.id } }] : [])],
      }
    : {};
  const auditWhere = after
    ? {
        OR: [{ at: { lt: after.at } }, after.source === "d" ? { at: after.at } : { at: after.at, id: { lt: BigInt(/^\d+$/.test(after.id) ? after.id : "0") } }],
      }
    : {};

  const [deploys, refusals] = await Promise.all([
    db().deploy.findMany({
      where: { environmentName, ...deployWhere },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: {
        id: true,
        createdAt: true,
        kind: true,
        status: true,
        imageTag: true,
        imageDigest: true,
        commitSha: true,
        versionLabel: true,
        actorName: true,
        source: true,
        reason: true,
        errorCode: true,
        errorMessage: true,
        startedAt: true,
        finishedAt: true,
      },
    }),
    db().auditEvent.findMany({
      where: { environmentName, outcome: { in: ["REFUSED", "DENIED"] }, ...auditWhere },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: { id: true, at: true, action: true, outcome: true, actorName: true, source: true, code: true, message: true, details: true },
    }),
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
