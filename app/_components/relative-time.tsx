"use client";

import { formatExact, formatRelative } from "@/lib/format/time";
import { useNow } from "./use-now";

// A leaf: the server renders the relative text (time-zone independent) and an exact UTC
// title; once in the browser the title switches to the viewer's own time zone and the
// relative text keeps itself current.
export function RelativeTime({ date, className }: { date: Date | string; className?: string }) {
  const instant = typeof date === "string" ? new Date(date) : date;
  const now = useNow();
  return (
    <time dateTime={instant.toISOString()} title={now ? formatExact(instant) : formatExact(instant, "UTC")} className={className} suppressHydrationWarning>
      {formatRelative(instant, now ? new Date(now) : undefined)}
    </time>
  );
}
