import "server-only";
import { db } from "@/lib/db/client";
import { decodeCursor, encodeCursor, parseDate, type Page } from "@/lib/db/queries/cursor";

// API-only reads. An environment's accepted deploys newest first (the dashboard's history
// also merges refusals from the audit log; the API lists deploys only), keyset-paged on
// (createdAt, id).

export type ApiDeployRow = {
  id: string;
  kind: "DEPLOY" | "ROLLBACK" | "EXTERNAL";
  status: "PENDING" | "REGISTERING" | "UPDATING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
  applicationName: string;
  environmentName: string;
  imageTag: string | null;
  imageDigest: string | null;
  commitSha: string | null;
  versionLabel: string | null;
  actorName: string;
  source: string;
  reason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  rollbackOfId: string | null;
};

const cursorKeys = ["createdAt", "id"] as const;

export async function environmentExists(name: string): Promise<boolean> {
  const row = await db().environment.findUnique({ where: { name }, select: { goneAt: true } });
  return row !== null && row.goneAt === null;
}

export async function listEnvironmentDeploys(environmentName: string, options: { cursor?: string | null; limit?: number } = {}): Promise<Page<ApiDeployRow>> {
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 100);
  const cursor = decodeCursor(options.cursor, cursorKeys);
  const at = parseDate(cursor?.createdAt);
  const after = cursor && at && /^[0-9a-f-]{36}$/i.test(cursor.id) ? { at, id: cursor.id } : null;
  const rows = await db().deploy.findMany({
    where: {
      environmentName,
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      kind: true,
      status: true,
      applicationName: true,
      environmentName: true,
      imageTag: true,
      imageDigest: true,
      commitSha: true,
      versionLabel: true,
      actorName: true,
      source: true,
      reason: true,
      errorCode: true,
      errorMessage: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      rollbackOfId: true,
    },
  });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null };
}
