import "server-only";
import type { DoraSummary, PeriodRange } from "@/lib/core/insights/period";
import { db } from "@/lib/db/client";
import { doraDaily, doraSummaries, type DoraDay } from "./dora";

export type Insights = { summaries: DoraSummary[]; days: DoraDay[]; environments: string[] };

/** Every day of the period, zeros included, so the charts' x axis is time, not "days with deploys". */
export function fillDays(days: DoraDay[], range: Pick<PeriodRange, "from" | "to">): DoraDay[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out: DoraDay[] = [];
  const start = Date.UTC(range.from.getUTCFullYear(), range.from.getUTCMonth(), range.from.getUTCDate());
  for (let t = start; t < range.to.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, deploys: 0, changeFailures: 0, failedDeploys: 0, leadTimeMedianHours: null });
  }
  return out;
}

export async function loadInsights(range: PeriodRange, environment?: string): Promise<Insights> {
  const [all, days, environments] = await Promise.all([
    doraSummaries(db(), range),
    doraDaily(db(), { ...range, environment }),
    db().environment.findMany({ where: { goneAt: null }, select: { name: true }, orderBy: { name: "asc" } }),
  ]);
  return { summaries: all, days: fillDays(days, range), environments: environments.map((e) => e.name) };
}
