import Link from "next/link";
import { DeployStatusBadge, EnvironmentStatusBadge, HealthBadge, LockBadge, ProtectedBadge } from "@/app/_components/badges";
import { RelativeTime } from "@/app/_components/relative-time";
import type { EnvironmentSummary } from "@/lib/db/queries/environments";
import { shortSha } from "@/lib/format/digest";

const healthBorder: Record<string, string> = {
  Green: "border-l-green-600",
  Yellow: "border-l-amber-500",
  Red: "border-l-red-600",
};

const stepPercent = { PENDING: 10, REGISTERING: 35, UPDATING: 70 } as const;

export function EnvironmentCard({ environment }: { environment: EnvironmentSummary }) {
  const { running, active, lock } = environment;
  return (
    <article
      data-testid={`environment-${environment.name}`}
      className={`h-full rounded-lg border border-l-4 border-slate-200 bg-white p-4 shadow-sm ${healthBorder[environment.health ?? ""] ?? "border-l-slate-300"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="mr-auto min-w-0 truncate font-mono text-sm font-semibold">
          <Link href={`/environments/${encodeURIComponent(environment.name)}`} className="hover:underline">
            {environment.name}
          </Link>
        </h3>
        {environment.protected ? <ProtectedBadge /> : null}
        {lock ? <LockBadge authorName={lock.authorName} reason={lock.reason} /> : null}
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <HealthBadge health={environment.health} healthStatus={environment.healthStatus} />
        <EnvironmentStatusBadge status={environment.status} />
      </div>
      <div className="mt-3 text-sm">
        {running ? (
          <>
            <p className="truncate">
              <span className="font-mono font-semibold">{running.imageTag ?? running.versionLabel ?? "unknown image"}</span>
              {running.commitSha ? <span className="ml-2 font-mono text-xs text-slate-500">{shortSha(running.commitSha)}</span> : null}
            </p>
            <p className="mt-0.5 text-xs text-slate-600">
              {running.kind === "EXTERNAL" ? "Found running, deployed outside dpl" : `by ${running.actorName}`} ·{" "}
              <RelativeTime date={running.finishedAt ?? running.createdAt} />
            </p>
          </>
        ) : (
          <p className="text-xs text-slate-600">
            Version <span className="font-mono">{environment.versionLabel ?? "unknown"}</span>, no dpl deploy yet
          </p>
        )}
      </div>
      {lock ? (
        <p className="mt-2 truncate text-xs text-amber-900">
          Locked by {lock.authorName}: {lock.reason}
        </p>
      ) : null}
      {active ? (
        <Link
          href={`/deploys/${active.id}`}
          className="mt-3 block rounded-md bg-sky-50 p-2 text-xs text-sky-950 ring-1 ring-inset ring-sky-200 hover:bg-sky-100"
        >
          <span className="flex items-center justify-between gap-2">
            <span className="truncate">
              Deploying <span className="font-mono font-semibold">{active.imageTag ?? "?"}</span>
            </span>
            <DeployStatusBadge status={active.status} />
          </span>
          <span
            role="progressbar"
            aria-label={`Deploy progress on ${environment.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={stepPercent[active.status]}
            className="mt-2 block h-1.5 overflow-hidden rounded-full bg-sky-100"
          >
            <span className="block h-full rounded-full bg-sky-600 transition-all" style={{ width: `${stepPercent[active.status]}%` }} />
          </span>
        </Link>
      ) : null}
    </article>
  );
}
