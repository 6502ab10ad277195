import type { Metadata } from "next";
import Link from "next/link";
import { Pill } from "@/app/_components/badges";
import { buttonClass, inputClass, labelClass } from "@/app/_components/button-class";
import { EmptyState } from "@/app/_components/empty-state";
import { RelativeTime } from "@/app/_components/relative-time";
import { requireUser } from "@/lib/auth/session";
import { auditOutcomes, listAuditEvents, listAuditFacets, type AuditOutcome } from "@/lib/db/queries/audit";
import { readAuditSearch, toAuditFilters, toQueryString } from "./_lib/filters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const outcomeTone: Record<AuditOutcome, "ok" | "warn" | "bad" | "idle"> = { SUCCESS: "ok", REFUSED: "warn", DENIED: "bad", FAILURE: "bad" };
const outcomeWord: Record<AuditOutcome, string> = { SUCCESS: "Success", REFUSED: "Refused", DENIED: "Denied", FAILURE: "Failure" };

export default async function AuditPage({ searchParams }: Props) {
  const [raw] = await Promise.all([searchParams, requireUser()]);
  const get = (key: string) => {
    const value = raw[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const search = readAuditSearch(get);
  const cursor = get("cursor") ?? null;
  const [page, facets] = await Promise.all([listAuditEvents(toAuditFilters(search), { cursor, limit: 50 }), listAuditFacets()]);
  const filtered = Object.values(search).some(Boolean);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600">Every action dpl took or refused, newest first. Append-only.</p>
        </div>
        <a href={`/audit/export${toQueryString(search)}`} className={buttonClass("secondary")} download>
          Export CSV
        </a>
      </div>

      <form
        action="/audit"
        method="get"
        aria-label="Filter the audit log"
        className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-7"
      >
        <div>
          <label htmlFor="f-actor" className={labelClass}>
            Actor
          </label>
          <input id="f-actor" name="actor" defaultValue={search.actor} placeholder="Exact name" className={`mt-1 ${inputClass}`} />
        </div>
        <div>
          <label htmlFor="f-environment" className={labelClass}>
            Environment
          </label>
          <select id="f-environment" name="environment" defaultValue={search.environment} className={`mt-1 ${inputClass}`}>
            <option value="">Any</option>
            {facets.environments.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-action" className={labelClass}>
            Action
          </label>
          <select id="f-action" name="action" defaultValue={search.action} className={`mt-1 ${inputClass}`}>
            <option value="">Any</option>
            {facets.actions.map((action) => (
              <option key={action}>{action}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-outcome" className={labelClass}>
            Outcome
          </label>
          <select id="f-outcome" name="outcome" defaultValue={search.outcome} className={`mt-1 ${inputClass}`}>
            <option value="">Any</option>
            {auditOutcomes.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcomeWord[outcome]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-from" className={labelClass}>
            From (UTC day)
          </label>
          <input id="f-from" name="from" type="date" defaultValue={search.from} className={`mt-1 ${inputClass}`} />
        </div>
        <div>
          <label htmlFor="f-to" className={labelClass}>
            To (UTC day)
          </label>
          <input id="f-to" name="to" type="date" defaultValue={search.to} className={`mt-1 ${inputClass}`} />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          {filtered ? (
            <Link href="/audit" className={buttonClass("ghost")}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {page.items.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "No audit events yet"}>
          {filtered ? "Widen the time range or clear a filter." : "Deploys, rollbacks, locks, refusals and settings changes are recorded here."}
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[56rem] text-left text-sm">
            <caption className="sr-only">Audit events, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Actor
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Action
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Target
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Outcome
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Message
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="audit-rows">
              {page.items.map((event) => (
                <tr key={event.id} className="align-top">
                  <td className="whitespace-nowrap px-4 py-2 text-xs">
                    <RelativeTime date={event.at} />
                  </td>
                  <td className="px-4 py-2 text-xs">
                    {event.actorName}
                    <span className="block text-slate-500">
                      {event.actorType.toLowerCase()}
                      {event.source ? ` · ${event.source.toLowerCase()}` : ""}
                    </span>
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{event.action}</td>
                  <td className="px-4 py-2 text-xs">
                    {event.deployId ? (
                      <Link href={`/deploys/${event.deployId}`} className="text-sky-700 underline underline-offset-2">
                        {event.target}
                      </Link>
                    ) : event.environmentName && event.targetType.toLowerCase() === "environment" ? (
                      <Link href={`/environments/${encodeURIComponent(event.environmentName)}`} className="text-sky-700 underline underline-offset-2">
                        {event.target}
                      </Link>
                    ) : (
                      event.target
                    )}
                    <span className="block text-slate-500">
                      {event.environmentName && event.environmentName !== event.target ? event.environmentName : event.targetType}
                    </span>
                  </td>
                  <td className="px-4 py-2">
                    <Pill tone={outcomeTone[event.outcome]} title={event.code ?? undefined}>
                      {outcomeWord[event.outcome]}
                    </Pill>
                    {event.code ? <span className="mt-1 block font-mono text-[11px] text-slate-500">{event.code}</span> : null}
                  </td>
                  <td className="max-w-md px-4 py-2 text-xs text-slate-700">{event.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Audit pages" className="flex justify-between text-sm">
        {cursor ? (
          <Link href={`/audit${toQueryString(search)}`} className="text-sky-700 underline underline-offset-2">
            Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link href={`/audit${toQueryString(search, { cursor: page.nextCursor })}`} className="text-sky-700 underline underline-offset-2">
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
