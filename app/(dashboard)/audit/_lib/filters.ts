import { auditOutcomes, type AuditFilters, type AuditOutcome } from "@/lib/db/queries/audit";

// The audit filters live in the URL (shareable, and the CSV export takes the same query).
// Dates are whole UTC days: `to` includes the day it names.

export type AuditSearch = { actor: string; environment: string; action: string; outcome: string; from: string; to: string };

const day = /^\d{4}-\d{2}-\d{2}$/;

export function readAuditSearch(get: (key: string) => string | null | undefined): AuditSearch {
  const text = (key: string) => (get(key) ?? "").trim().slice(0, 200);
  return { actor: text("actor"), environment: text("environment"), action: text("action"), outcome: text("outcome"), from: text("from"), to: text("to") };
}

export function toAuditFilters(search: AuditSearch): AuditFilters {
  const outcome = (auditOutcomes as readonly string[]).includes(search.outcome) ? (search.outcome as AuditOutcome) : null;
  const from = day.test(search.from) ? new Date(`${search.from}T00:00:00Z`) : null;
  const to = day.test(search.to) ? new Date(new Date(`${search.to}T00:00:00Z`).getTime() + 86_400_000) : null;
  return {
    actor: search.actor || null,
    environment: search.environment || null,
    action: search.action || null,
    outcome,
    from: from && !Number.isNaN(from.getTime()) ? from : null,
    to: to && !Number.isNaN(to.getTime()) ? to : null,
  };
}

export function toQueryString(search: AuditSearch, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...search, ...extra })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}
