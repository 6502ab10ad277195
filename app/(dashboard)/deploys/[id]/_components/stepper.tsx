import { formatDuration } from "@/lib/format/time";
import type { ProgressMessage } from "./progress-message";

type StepState = "done" | "current" | "failed" | "todo";

const order = ["PENDING", "REGISTERING", "UPDATING"] as const;

// The lifecycle as four steps with how long each took: queued, registering the bundle,
// updating the environment, and the outcome (success needs health observed Green).
export function Stepper({ createdAt, progress, now }: { createdAt: string; progress: ProgressMessage; now: number | null }) {
  const at = (value: string | null) => (value ? new Date(value).getTime() : null);
  const created = new Date(createdAt).getTime();
  const started = at(progress.startedAt);
  const intent = at(progress.updateIntentAt);
  const finished = at(progress.finishedAt);
  const ended = progress.status === "SUCCEEDED" || progress.status === "FAILED" || progress.status === "CANCELLED";
  const reached = ended ? order.length : order.indexOf(progress.status as (typeof order)[number]);
  const failedAt = progress.status === "FAILED" ? (intent ? 2 : started ? 1 : 0) : -1;

  const state = (index: number): StepState => {
    if (index === failedAt) return "failed";
    if (index < reached) return index > failedAt && failedAt >= 0 ? "todo" : "done";
    return index === reached && !ended ? "current" : "todo";
  };
  // A step still running shows its live duration only once `now` is known (after hydration).
  const span = (from: number | null, to: number | null) => {
    if (!from) return null;
    const end = to ?? (ended ? null : now);
    return end ? formatDuration(Math.max(0, end - from)) : null;
  };

  const outcomeWord =
    progress.status === "SUCCEEDED" ? "Succeeded" : progress.status === "FAILED" ? "Failed" : progress.status === "CANCELLED" ? "Cancelled" : "Healthy";
  const steps = [
    { label: "Queued", detail: span(created, started ?? finished), state: state(0) },
    { label: "Registering", detail: span(started, intent ?? (progress.status === "REGISTERING" ? null : finished)), state: state(1) },
    { label: "Updating", detail: span(intent, finished), state: state(2) },
    {
      label: outcomeWord,
      detail: null,
      state: (progress.status === "SUCCEEDED" ? "done" : progress.status === "FAILED" || progress.status === "CANCELLED" ? "failed" : "todo") as StepState,
    },
  ];
  return (
    <ol className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Deploy steps">
      {steps.map((step, index) => (
        <li
          key={step.label}
          aria-current={step.state === "current" ? "step" : undefined}
          className={`rounded-md border-t-4 bg-slate-50 px-3 py-2 ${borderFor(step.state)}`}
        >
          <span className="flex items-center gap-1.5 text-sm font-medium">
            <StepIcon state={step.state} />
            {step.label}
          </span>
          <span className="block text-xs text-slate-500">
            {wordFor(step.state, index === 3)}
            {step.detail ? ` · ${step.detail}` : ""}
          </span>
        </li>
      ))}
    </ol>
  );
}

function borderFor(state: StepState): string {
  switch (state) {
    case "done":
      return "border-green-600";
    case "current":
      return "border-sky-500";
    case "failed":
      return "border-red-600";
    case "todo":
      return "border-slate-200";
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function wordFor(state: StepState, last: boolean): string {
  if (state === "done") return last ? "" : "done";
  if (state === "current") return "in progress";
  if (state === "failed") return last ? "" : "failed here";
  return "waiting";
}

function StepIcon({ state }: { state: StepState }) {
  if (state === "done")
    return (
      <span aria-hidden className="text-green-700">
        ✓
      </span>
    );
  if (state === "failed")
    return (
      <span aria-hidden className="text-red-700">
        ✕
      </span>
    );
  if (state === "current") return <span aria-hidden className="inline-block h-2.5 w-2.5 animate-pulse rounded-full bg-sky-500" />;
  return <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full border border-slate-300" />;
}
