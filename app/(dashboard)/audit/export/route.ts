import { getActor } from "@/lib/auth/session";
import { iterateAuditEvents, type AuditRow } from "@/lib/db/queries/audit";
import { readAuditSearch, toAuditFilters } from "../_lib/filters";

// The audit log as CSV, with the page's filters. Streamed in keyset batches, so a million
// rows never sit in memory at once.

export const dynamic = "force-dynamic";

const columns = [
  "id",
  "at",
  "actorType",
  "actorName",
  "source",
  "action",
  "targetType",
  "target",
  "applicationName",
  "environmentName",
  "deployId",
  "outcome",
  "code",
  "message",
  "details",
] as const;

/** RFC 4180 quoting, and a leading quote for values a spreadsheet would run as a formula. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function line(row: AuditRow): string {
  return `${columns.map((column) => cell(row[column])).join(",")}\r\n`;
}

export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in to export the audit log." } }, { status: 401 });
  const url = new URL(request.url);
  const filters = toAuditFilters(readAuditSearch((key) => url.searchParams.get(key)));
  const encoder = new TextEncoder();
  const rows = iterateAuditEvents(filters);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${columns.join(",")}\r\n`));
    },
    async pull(controller) {
      const chunk: string[] = [];
      while (chunk.length < 500) {
        const next = await rows.next();
        if (next.done) {
          if (chunk.length) controller.enqueue(encoder.encode(chunk.join("")));
          controller.close();
          return;
        }
        chunk.push(line(next.value));
      }
      controller.enqueue(encoder.encode(chunk.join("")));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="dpl-audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
