import Link from "next/link";
import { Card } from "@/app/_components/card";
import { DeployStatusBadge, KindBadge } from "@/app/_components/badges";
import { ImageRef } from "@/app/_components/image-ref";
import { RelativeTime } from "@/app/_components/relative-time";
import type { EnvironmentDetail } from "@/lib/db/queries/environments";

export function RunningCard({ environment }: { environment: EnvironmentDetail }) {
  const { running, active, application } = environment;
  return (
    <Card id="running" title="Running now">
      {running ? (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <ImageRef
              tag={running.imageTag ?? running.versionLabel}
              digest={running.imageDigest}
              commitSha={running.commitSha}
              tagPattern={application.tagPattern}
              commitUrlTemplate={application.commitUrlTemplate}
            />
            <KindBadge kind={running.kind} />
          </div>
          <p className="text-sm text-slate-600">
            Deployed by <span className="font-medium text-slate-900">{running.actorName}</span> <RelativeTime date={running.finishedAt ?? running.createdAt} />{" "}
            ·{" "}
            <Link href={`/deploys/${running.id}`} className="text-sky-700 underline underline-offset-2">
              deploy details
            </Link>
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-600">dpl has not recorded a deploy here yet; the poller adopts what runs within a minute.</p>
      )}
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 border-t border-slate-100 pt-3 text-xs sm:grid-cols-2">
        <div className="flex gap-2">
          <dt className="text-slate-500">Version label</dt>
          <dd className="truncate font-mono text-slate-800">{environment.versionLabel ?? "—"}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-500">Platform</dt>
          <dd className="truncate text-slate-800">{environment.solutionStack ?? "—"}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-500">CNAME</dt>
          <dd className="truncate font-mono text-slate-800">{environment.cname ?? "—"}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-500">Polled</dt>
          <dd className="text-slate-800">{environment.polledAt ? <RelativeTime date={environment.polledAt} /> : "not yet"}</dd>
        </div>
      </dl>
      {active ? (
        <Link
          href={`/deploys/${active.id}`}
          className="mt-3 flex items-center justify-between gap-3 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900 ring-1 ring-inset ring-sky-200 hover:bg-sky-100"
        >
          <span>
            <span className="font-mono font-semibold">{active.imageTag ?? "?"}</span> is being deployed by {active.actorName}
          </span>
          <DeployStatusBadge status={active.status} />
        </Link>
      ) : null}
    </Card>
  );
}
