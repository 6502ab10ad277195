"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useNow } from "@/app/_components/use-now";
import { formatDuration, formatExact } from "@/lib/format/time";
import type { ProgressMessage } from "./progress-message";
import { Stepper } from "./stepper";

const terminal = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

// The live part of the deploy page: stepper, progress bar and EB events, fed by the
// server-sent event stream while the deploy runs. When it ends, the server component page
// re-renders (router.refresh) to show the outcome and what to do next.
export function LiveProgress({
  deployId,
  createdAt,
  initial,
  cancelSlot,
}: {
  deployId: string;
  createdAt: string;
  initial: ProgressMessage;
  cancelSlot?: React.ReactNode;
}) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [connection, setConnection] = useState<"live" | "reconnecting" | "done">(terminal.has(initial.status) ? "done" : "live");
  // Null until hydrated: running timers and local clock times appear only in the browser.
  const now = useNow();
  const running = !terminal.has(progress.status);

  useEffect(() => {
    if (terminal.has(initial.status)) return;
    const lastId = initial.events.at(-1)?.id;
    const source = new EventSource(`/deploys/${deployId}/events${lastId ? `?after=${lastId}` : ""}`);
    source.onmessage = (message) => {
      const update = JSON.parse(message.data) as ProgressMessage;
      setConnection("live");
      setProgress((previous) => {
        const seen = new Set(previous.events.map((event) => event.id));
        return { ...update, events: [...previous.events, ...update.events.filter((event) => !seen.has(event.id))] };
      });
      if (terminal.has(update.status)) {
        source.close();
        setConnection("done");
        router.refresh();
      }
    };
    source.onerror = () => setConnection((current) => (current === "done" ? current : "reconnecting"));
    return () => source.close();
  }, [deployId, initial.status, initial.events, router]);

  const percent = progressPercent(progress);
  const barColour =
    progress.status === "FAILED"
      ? "bg-red-600"
      : progress.status === "SUCCEEDED"
        ? "bg-green-600"
        : progress.status === "CANCELLED"
          ? "bg-slate-400"
          : "bg-sky-600";
  const elapsed = progress.finishedAt ? new Date(progress.finishedAt).getTime() - new Date(createdAt).getTime() : null;

  return (
    <section aria-labelledby="progress-title" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <h2 id="progress-title" className="text-sm font-semibold">
          Progress
        </h2>
        <span className="flex items-center gap-3 text-xs text-slate-500">
          {running ? (
            <span role="status" className="flex items-center gap-1.5">
              <span aria-hidden className={`h-2 w-2 rounded-full ${connection === "live" ? "animate-pulse bg-green-600" : "bg-amber-500"}`} />
              {connection === "live" ? "Live" : "Reconnecting…"}
            </span>
          ) : elapsed !== null ? (
            <span>Took {formatDuration(elapsed)}</span>
          ) : null}
          {running && progress.status === "UPDATING" ? cancelSlot : null}
        </span>
      </header>
      <div className="space-y-4 p-4">
        <Stepper createdAt={createdAt} progress={progress} now={now} />
        <div
          role="progressbar"
          aria-label="Deploy progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%, ${progress.status.toLowerCase()}`}
          className="h-2 overflow-hidden rounded-full bg-slate-100"
        >
          <div className={`h-full rounded-full ${barColour} transition-all duration-500`} style={{ width: `${percent}%` }} />
        </div>
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Events</h3>
          {progress.events.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{running ? "Waiting for the first event…" : "No events were recorded."}</p>
          ) : (
            <ol
              aria-label="Deploy events"
              aria-live="polite"
              className="mt-2 max-h-[28rem] space-y-1 overflow-y-auto font-mono text-xs"
              data-testid="deploy-events"
            >
              {progress.events.map((event) => (
                <li key={event.id} className="grid grid-cols-[4.5rem_3.5rem_1fr] gap-2 rounded px-1 py-0.5 odd:bg-slate-50">
                  <ClockTime iso={event.at} local={now !== null} />
                  <span
                    className={
                      event.severity === "ERROR" || event.severity === "FATAL"
                        ? "font-semibold text-red-700"
                        : event.severity === "WARN"
                          ? "text-amber-800"
                          : "text-slate-500"
                    }
                  >
                    {event.severity}
                  </span>
                  <span className="break-words text-slate-900">{event.message}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}

function progressPercent(progress: ProgressMessage): number {
  switch (progress.status) {
    case "PENDING":
      return 5;
    case "REGISTERING":
      return 25;
    case "UPDATING":
      return Math.min(90, 45 + progress.events.length * 5);
    case "SUCCEEDED":
    case "FAILED":
    case "CANCELLED":
      return 100;
    default: {
      const unreachable: never = progress.status;
      return unreachable;
    }
  }
}

/** Wall-clock time of an event (UTC on the server, the viewer's zone once mounted); the full instant on hover. */
function ClockTime({ iso, local }: { iso: string; local: boolean }) {
  const date = new Date(iso);
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: local ? undefined : "UTC" }).format(date);
  return (
    <time dateTime={iso} title={formatExact(date, local ? undefined : "UTC")} className="text-slate-500" suppressHydrationWarning>
      {clock}
    </time>
  );
}
