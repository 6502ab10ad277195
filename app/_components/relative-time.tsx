"use client";

import { useEffect, useState } from "react";
import { formatExact, formatRelative } from "@/lib/format/time";

// A leaf: the server renders the relative text (time-zone independent) and an exact UTC
// title; once in the browser the title switches to the viewer's own time zone and the
// relative text keeps itself current.
export function RelativeTime({ date, className }: { date: Date | string; className?: string }) {
  const instant = typeof date === "string" ? new Date(date) : date;
  const iso = instant.toISOString();
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={iso} title={now ? formatExact(instant) : formatExact(instant, "UTC")} className={className} suppressHydrationWarning>
      {formatRelative(instant, now ?? undefined)}
    </time>
  );
}
