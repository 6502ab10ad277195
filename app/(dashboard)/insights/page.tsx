import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/card";
import { requireUser } from "@/lib/auth/session";
import { changeFailureRate, deploysPerDay, formatDuration, PERIOD_DAYS, periodRange, PeriodSchema, type DoraSummary } from "@/lib/core/insights/period";
import { loadInsights } from "@/lib/insights/queries";
import { DeploysChart, LeadTimeChart } from "./dora-charts";
import { DailyTable, SummaryTable } from "./summary-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function Stat({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      <p className="mt-0.5 text-xs text-slate-500">{hint}</p>
    </div>
  );
}

export default async function InsightsPage({ searchParams }: Props) {
  const [raw] = await Promise.all([searchParams, requireUser()]);
  const range = periodRange(first(raw.period), new Date());
  const requested = first(raw.environment);
  const { summaries, days, environments } = await loadInsights(range, requested || undefined);
  const environment = requested && environments.includes(requested) ? requested : undefined;
  const empty: DoraSummary = {
    environment: environment ?? null,
    deploys: 0,
    changes: 0,
    changeFailures: 0,
    failedDeploys: 0,
    leadTimeMedianSeconds: null,
    restoreMedianSeconds: null,
    unrestored: 0,
  };
  const focus = summaries.find((s) => s.environment === (environment ?? null)) ?? empty;
  const rate = changeFailureRate(focus);
  const link = (params: { period?: string; environment?: string }) => {
    const q = new URLSearchParams({ period: params.period ?? range.period });
    const env = "environment" in params ? params.environment : environment;
    if (env) q.set("environment", env);
    return `/insights?${q.toString()}`;
  };
  const scope = environment ?? "all environments";

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Insights</h1>
          <p className="mt-1 text-sm text-slate-600">
            DORA metrics for {scope}, last {range.days} days, from dpl&apos;s deploy history.
          </p>
        </div>
        <nav aria-label="Period" className="flex gap-1 rounded-md bg-slate-100 p-1 text-sm">
          {PeriodSchema.options.map((p) => (
            <Link
              key={p}
              href={link({ period: p })}
              aria-current={p === range.period ? "page" : undefined}
              className={`rounded px-2.5 py-1 ${p === range.period ? "bg-white font-semibold shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
            >
              {PERIOD_DAYS[p]} days
            </Link>
          ))}
        </nav>
      </div>
      <nav aria-label="Environment" className="flex flex-wrap gap-1.5 text-sm">
        {[undefined, ...environments].map((name) => (
          <Link
            key={name ?? "all"}
            href={link({ environment: name })}
            aria-current={name === environment ? "page" : undefined}
            className={`rounded-full px-3 py-1 ring-1 ring-inset ${name === environment ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
          >
            {name ?? "All environments"}
          </Link>
        ))}
      </nav>

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat
          label="Deployment frequency"
          value={`${deploysPerDay(focus, range.days).toFixed(2)} / day`}
          hint={`${focus.deploys} successful deploys and rollbacks`}
        />
        <Stat label="Lead time for changes" value={formatDuration(focus.leadTimeMedianSeconds)} hint="median, image push to live" />
        <Stat
          label="Change failure rate"
          value={rate === null ? "–" : `${Math.round(rate * 100)}%`}
          hint={`${focus.changeFailures} of ${focus.changes} changes rolled back or marked faulty`}
        />
        <Stat
          label="Time to restore"
          value={formatDuration(focus.restoreMedianSeconds)}
          hint={focus.unrestored > 0 ? `median; ${focus.unrestored} not restored yet` : "median, bad change to next good deploy"}
        />
      </div>

      <div className="grid gap-4 xl:grid-cols-2">
        <Card title={`Deploys per day — ${scope}`}>
          <div className="grid gap-4 md:grid-cols-[1fr_15rem]">
            <DeploysChart days={days} />
            <DailyTable
              columns={["Live", "Rolled back", "Failed"]}
              days={[...days].reverse().map((d) => ({ day: d.day, values: [d.deploys, d.changeFailures, d.failedDeploys] }))}
            />
          </div>
        </Card>
        <Card title={`Lead time for changes — ${scope}`}>
          <div className="grid gap-4 md:grid-cols-[1fr_15rem]">
            <LeadTimeChart days={days} />
            <DailyTable columns={["Median (h)"]} days={[...days].reverse().map((d) => ({ day: d.day, values: [d.leadTimeMedianHours ?? "–"] }))} />
          </div>
        </Card>
      </div>

      <Card title="Per environment" padded={false}>
        <SummaryTable rows={summaries} days={range.days} period={range.period} />
      </Card>
      <p className="text-xs text-slate-500">
        A change failure is a successful deploy that was later rolled back or marked faulty; a deploy that failed never went live and is counted under failed
        deploys. Time to restore runs from the bad change going live to the next successful deploy or rollback of that environment.
      </p>
    </div>
  );
}
