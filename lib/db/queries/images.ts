import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { decodeCursor, encodeCursor, parseDate, type Page } from "./cursor";

// An application's ECR images as the poller stored them, newest first. Pages walk the
// (repositoryName, pushedAt DESC, digest) index with a keyset cursor, so page 500 of a
// 10,000-image repository costs what page 1 does. A search matches any tag or the digest by
// substring: one repository's rows are scanned at most, which stays in milliseconds at 10,000.

export type ImageRow = {
  digest: string;
  tags: string[];
  sizeBytes: number;
  pushedAt: Date;
};

const cursorKeys = ["pushedAt", "digest"] as const;

export async function listImages(repositoryName: string, options: { q?: string | null; cursor?: string | null; limit?: number } = {}): Promise<Page<ImageRow>> {
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 200);
  const cursor = decodeCursor(options.cursor, cursorKeys);
  const cursorAt = parseDate(cursor?.pushedAt);
  const q = options.q?.trim().toLowerCase().slice(0, 128) ?? "";
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

  const conditions = [Prisma.sql`"repositoryName" = ${repositoryName}`];
  if (cursor && cursorAt) conditions.push(Prisma.sql`("pushedAt", "digest") < (${cursorAt}, ${cursor.digest})`);
  if (q) {
    conditions.push(Prisma.sql`(lower("digest") LIKE ${pattern} OR EXISTS (SELECT 1 FROM unnest("tags") AS t(tag) WHERE lower(t.tag) LIKE ${pattern}))`);
  }
  const rows = await db().$queryRaw<{ digest: string; tags: string[]; sizeBytes: bigint; pushedAt: Date }[]>`
    SELECT "digest", "tags", "sizeBytes", "pushedAt"
    FROM "Image"
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY "pushedAt" DESC, "digest" DESC
    LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit).map((row) => ({ ...row, sizeBytes: Number(row.sizeBytes) }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ pushedAt: last.pushedAt.toISOString(), digest: last.digest }) : null };
}

export type RepositorySyncInfo = { syncedAt: Date; imageCount: number; error: string | null };

export async function getRepositorySync(repositoryName: string): Promise<RepositorySyncInfo | null> {
  return db().repositorySync.findUnique({ where: { repositoryName }, select: { syncedAt: true, imageCount: true, error: true } });
}
