import type { ReactNode } from "react";

// Status is always colour AND a word (and for health, a shape): never colour alone.

type Tone = "ok" | "warn" | "bad" | "idle" | "info";

const toneClass: Record<Tone, string> = {
  ok: "bg-green-50 text-green-800 ring-green-600/25",
  warn: "bg-amber-50 text-amber-900 ring-amber-600/30",
  bad: "bg-red-50 text-red-800 ring-red-600/25",
  idle: "bg-slate-100 text-slate-700 ring-slate-500/25",
  info: "bg-sky-50 text-sky-800 ring-sky-600/25",
};

const dotClass: Record<Tone, string> = {
  ok: "bg-green-600",
  warn: "bg-amber-500",
  bad: "bg-red-600",
  idle: "bg-slate-400",
  info: "bg-sky-500 animate-pulse",
};

export function Pill({ tone, children, dot = true, title }: { tone: Tone; children: ReactNode; dot?: boolean; title?: string }) {
  return (
    <span
      title={title}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${toneClass[tone]}`}
    >
      {dot ? <span aria-hidden className={`inline-block h-1.5 w-1.5 rounded-full ${dotClass[tone]}`} /> : null}
      {children}
    </span>
  );
}

export function healthTone(health: string | null | undefined): Tone {
  switch (health) {
    case "Green":
      return "ok";
    case "Yellow":
      return "warn";
    case "Red":
      return "bad";
    default:
      return "idle";
  }
}

/** EB health: Green/Yellow/Red/Grey, with the enhanced-health word (Ok, Warning, Degraded, Severe...) when known. */
export function HealthBadge({ health, healthStatus }: { health: string | null; healthStatus?: string | null }) {
  const word = health ?? "Unknown";
  const detail = healthStatus && healthStatus !== health ? ` · ${healthStatus}` : "";
  return (
    <Pill tone={healthTone(health)} title={`Health: ${word}${detail}`}>
      <span className="sr-only">Health: </span>
      {word}
      {detail}
    </Pill>
  );
}

export function EnvironmentStatusBadge({ status }: { status: string | null }) {
  const tone: Tone = status === "Ready" ? "idle" : status === "Terminated" || status === "Terminating" ? "bad" : status ? "info" : "idle";
  return (
    <Pill tone={tone} dot={tone === "info"} title="Elastic Beanstalk status">
      <span className="sr-only">Status: </span>
      {status ?? "Unknown"}
    </Pill>
  );
}

export type DeployStatusValue = "PENDING" | "REGISTERING" | "UPDATING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

const statusWord: Record<DeployStatusValue, string> = {
  PENDING: "Queued",
  REGISTERING: "Registering",
  UPDATING: "Updating",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

export function deployStatusWord(status: DeployStatusValue): string {
  return statusWord[status];
}

export function DeployStatusBadge({ status }: { status: DeployStatusValue }) {
  const tone: Tone = status === "SUCCEEDED" ? "ok" : status === "FAILED" ? "bad" : status === "CANCELLED" ? "idle" : "info";
  return <Pill tone={tone}>{statusWord[status]}</Pill>;
}

export function KindBadge({ kind }: { kind: "DEPLOY" | "ROLLBACK" | "EXTERNAL" }) {
  if (kind === "DEPLOY") return null;
  return (
    <Pill tone={kind === "ROLLBACK" ? "warn" : "idle"} dot={false} title={kind === "EXTERNAL" ? "A change dpl found but did not make" : "Rolled back"}>
      {kind === "ROLLBACK" ? "Rollback" : "External"}
    </Pill>
  );
}

export function LockBadge({ authorName, reason }: { authorName: string; reason: string }) {
  return (
    <span
      title={`Locked by ${authorName}: ${reason}`}
      className="inline-flex items-center gap-1 whitespace-nowrap rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-inset ring-amber-600/40"
    >
      <LockIcon />
      Locked
    </span>
  );
}

export function ProtectedBadge() {
  return (
    <span
      title="Deploys need the environment's name typed to confirm"
      className="inline-flex items-center gap-1 whitespace-nowrap rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-800 ring-1 ring-inset ring-violet-600/30"
    >
      <ShieldIcon />
      Protected
    </span>
  );
}

export function LockIcon({ className = "h-3 w-3" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" fill="currentColor" className={className}>
      <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5V4.5a2 2 0 1 0-4 0V6h4Z" />
    </svg>
  );
}

function ShieldIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" fill="currentColor" className="h-3 w-3">
      <path d="M8 1 2.5 3v4.2c0 3.4 2.3 6.3 5.5 7.3 3.2-1 5.5-3.9 5.5-7.3V3L8 1Z" />
    </svg>
  );
}
