import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { decodeCursor, encodeCursor, parseDate, type Page } from "./cursor";

// The audit log, newest first. Each filter has an index leading with its column and ending
// in (at DESC, id DESC), and the cursor is a row-value bound on (at, id), so a keyset page is
// an index range scan starting at the cursor however many rows exist.

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

const maxBigint = 2n ** 63n - 1n;

const auditColumns = Prisma.sql`"id", "at", "actorType", "actorName", "source", "action", "targetType", "target", "applicationName", "environmentName", "deployId", "outcome", "code", "message", "details"`;

function conditionsFor(filters: AuditFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.actor) conditions.push(Prisma.sql`"actorName" = ${filters.actor}`);
  if (filters.environment) conditions.push(Prisma.sql`"environmentName" = ${filters.environment}`);
  if (filters.action) conditions.push(Prisma.sql`"action" = ${filters.action}`);
  if (filters.outcome) conditions.push(Prisma.sql`"outcome" = ${filters.outcome}::"AuditOutcome"`);
  if (filters.from) conditions.push(Prisma.sql`"at" >= ${filters.from}`);
  if (filters.to) conditions.push(Prisma.sql`"at" < ${filters.to}`);
  return conditions;
}

export async function listAuditEvents(filters: AuditFilters, options: { cursor?: string | null; limit?: number } = {}): Promise<Page<AuditRow>> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
  const cursor = decodeCursor(options.cursor, cursorKeys);
  const at = parseDate(cursor?.at);
  const conditions = conditionsFor(filters);
  // A row-value comparison is an index bound: the scan starts at the cursor, so page 10,000
  // costs what page 1 does. (`at < $1 OR (at = $1 AND id < $2)` walks from the newest row.)
  if (cursor && at && /^\d{1,19}$/.test(cursor.id) && BigInt(cursor.id) <= maxBigint) conditions.push(Prisma.sql`("at", "id") < (${at}, ${BigInt(cursor.id)})`);
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const rows = await db().$queryRaw<(Omit<AuditRow, "id"> & { id: bigint })[]>`
    SELECT ${auditColumns}
    FROM "AuditEvent"
    ${where}
    ORDER BY "at" DESC, "id" DESC
    LIMIT ${limit + 1}`;
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
