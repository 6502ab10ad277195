import Link from "next/link";
import { changeFailureRate, deploysPerDay, formatDuration, type DoraSummary, type Period } from "@/lib/core/insights/period";

const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

export function SummaryTable({ rows, days, period }: { rows: DoraSummary[]; days: number; period: Period }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">DORA metrics per environment for the period</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Environment
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Deploys / day
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Lead time (median)
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Change failure rate
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Time to restore (median)
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Failed deploys
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {rows.map((row) => (
            <tr key={row.environment ?? "all"} className={row.environment === null ? "bg-slate-50 font-semibold" : ""}>
              <th scope="row" className="px-4 py-2 text-left font-medium">
                {row.environment === null ? (
                  "All environments"
                ) : (
                  <Link href={`/insights?period=${period}&environment=${encodeURIComponent(row.environment)}`} className="text-blue-700 hover:underline">
                    {row.environment}
                  </Link>
                )}
              </th>
              <td className="px-3 py-2 text-right">
                {deploysPerDay(row, days).toFixed(2)} <span className="text-xs font-normal text-slate-500">({row.deploys})</span>
              </td>
              <td className="px-3 py-2 text-right">{formatDuration(row.leadTimeMedianSeconds)}</td>
              <td className="px-3 py-2 text-right">
                {percent(changeFailureRate(row))}{" "}
                <span className="text-xs font-normal text-slate-500">
                  ({row.changeFailures}/{row.changes})
                </span>
              </td>
              <td className="px-3 py-2 text-right">
                {formatDuration(row.restoreMedianSeconds)}
                {row.unrestored > 0 ? <span className="ml-1 text-xs font-normal text-amber-700">({row.unrestored} open)</span> : null}
              </td>
              <td className="px-3 py-2 text-right">{row.failedDeploys}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DailyTable({ days, columns }: { days: { day: string; values: (string | number)[] }[]; columns: string[] }) {
  return (
    <div className="max-h-64 overflow-y-auto">
      <table className="w-full text-left text-xs tabular-nums">
        <thead className="sticky top-0 bg-white text-slate-500">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">
              Day
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 text-right font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-normal text-slate-600">
                {d.day}
              </th>
              {d.values.map((v, i) => (
                <td key={columns[i]} className="px-2 py-1 text-right">
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
