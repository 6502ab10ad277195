import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, encodeCursor, parseDate, type Page } from "./cursor";

// The audit log, newest first. Each filter has an index leading with its column and ending
// in (at DESC, id DESC), so a keyset page is an index range scan however many rows exist.

export const auditOutcomes = ["SUCCESS", "REFUSED", "DENIED", "FAILURE"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export type AuditFilters = {
  actor?: string | null;
  environment?: string | null;
  action?: string | null;
  outcome?: AuditOutcome | null;
  from?: Date | null;
  to?: Date | null;
};

export type AuditRow = {
  id: string;
  at: Date;
  actorType: "USER" | "TOKEN" | "SYSTEM";
  actorName: string;
  source: "WEB" | "API" | "CLI" | "SYSTEM" | null;
  action: string;
  targetType: string;
  target: string;
  applicationName: string | null;
  environmentName: string | null;
  deployId: string | null;
  outcome: AuditOutcome;
  code: string | null;
  message: string | null;
  details: unknown;
};

const cursorKeys = ["at", "id"] as const;

function whereFor(filters: AuditFilters): Prisma.AuditEventWhereInput {
  return {
    actorName: filters.actor || undefined,
    environmentName: filters.environment || undefined,
    action: filters.action || undefined,
    outcome: filters.outcome || undefined,
    at: filters.from || filters.to ? { gte: filters.from ?? undefined, lt: filters.to ?? undefined } : undefined,
  };
}

export async function listAuditEvents(filters: AuditFilters, options: { cursor?: string | null; limit?: number } = {}): Promise<Page<AuditRow>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
  const cursor = decodeCursor(options.cursor, cursorKeys);
  const at = parseDate(cursor?.at);
  const keyset: Prisma.AuditEventWhereInput =
    cursor && at && /^\d{1,19}$/.test(cursor.id) ? { OR: [{ at: { lt: at } }, { at, id: { lt: BigInt(cursor.id) } }] } : {};
  const rows = await db().auditEvent.findMany({
    where: { AND: [whereFor(filters), keyset] },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      at: true,
      actorType: true,
      actorName: true,
      source: true,
      action: true,
      targetType: true,
      target: true,
      applicationName: true,
      environmentName: true,
      deployId: true,
      outcome: true,
      code: true,
      message: true,
      details: true,
    },
  });
  const items = rows.slice(0, limit).map((row) => ({ ...row, id: row.id.toString() }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.at.toISOString(), id: last.id }) : null };
}

/** Every matching row in pages of `batch`, for the CSV export: memory stays flat at a million rows. */
export async function* iterateAuditEvents(filters: AuditFilters, batch = 1000): AsyncGenerator<AuditRow> {
  let cursor: string | null = null;
  do {
    const page: Page<AuditRow> = await listAuditEvents(filters, { cursor, limit: batch });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/** Values for the filter menus: distinct actions and actors seen (small sets, read from their indexes). */
export async function listAuditFacets(): Promise<{ actions: string[]; environments: string[] }> {
  const [actions, environments] = await Promise.all([
    db().$queryRaw<{ action: string }[]>`SELECT DISTINCT "action" FROM "AuditEvent" ORDER BY "action" LIMIT 200`,
    db().environment.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
  ]);
  return { actions: actions.map((row) => row.action), environments: environments.map((row) => row.name) };
}
