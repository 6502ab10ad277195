import { z } from "zod";

// The periods the insights page offers, and the DORA definitions dpl uses (shown on the page
// and tested in test/insights-*.test.ts):
// - deployment frequency: successful deploys and rollbacks that finished in the period, per day;
// - lead time for changes: from the image's push to ECR (Deploy.imagePushedAt) to the deploy's success;
// - change failure rate: successful deploys (changes that went live) later rolled back (the next
//   successful deploy of that environment is a ROLLBACK) or marked faulty by a person, over all
//   successful deploys. A FAILED deploy never went live: it counts as a failed deploy, not a change failure;
// - time to restore: from a failed change going live to the next successful deploy or rollback there.

export const PeriodSchema = z.enum(["7d", "30d", "90d", "365d"]);
export type Period = z.infer<typeof PeriodSchema>;

export const PERIOD_DAYS: Record<Period, number> = { "7d": 7, "30d": 30, "90d": 90, "365d": 365 };

export type PeriodRange = { period: Period; from: Date; to: Date; days: number };

/** The period ending now (exclusive upper bound), defaulting to 30 days for anything unknown. */
export function periodRange(value: unknown, now: Date): PeriodRange {
  const parsed = PeriodSchema.safeParse(value);
  const period = parsed.success ? parsed.data : "30d";
  const days = PERIOD_DAYS[period];
  return { period, from: new Date(now.getTime() - days * 86_400_000), to: now, days };
}

export type DoraSummary = {
  environment: string | null; // null: all environments
  deploys: number; // successful deploys and rollbacks
  changes: number; // successful deploys (kind DEPLOY)
  changeFailures: number;
  failedDeploys: number;
  leadTimeMedianSeconds: number | null;
  restoreMedianSeconds: number | null;
  unrestored: number;
};

export const deploysPerDay = (summary: Pick<DoraSummary, "deploys">, days: number): number => summary.deploys / days;

export const changeFailureRate = (summary: Pick<DoraSummary, "changes" | "changeFailures">): number | null =>
  summary.changes === 0 ? null : summary.changeFailures / summary.changes;

/** "3.2 h", "45 min", "2.1 d": durations as a person reads them. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
