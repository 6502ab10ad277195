import Link from "next/link";
import { DeployStatusBadge, KindBadge, Pill } from "@/app/_components/badges";
import { Card } from "@/app/_components/card";
import { DeployDialog } from "@/app/_components/deploy-dialog";
import { EmptyState } from "@/app/_components/empty-state";
import { RelativeTime } from "@/app/_components/relative-time";
import { listEnvironmentHistory, type HistoryDeployRow, type HistoryRow } from "@/lib/db/queries/history";
import { shortSha } from "@/lib/format/digest";
import { formatDuration } from "@/lib/format/time";
import { rollbackAction } from "../actions";

export async function HistoryTable({
  environment,
  isProtected,
  cursor,
  runningDeployId,
  runningDigest,
  runningLabel,
  canRollback,
}: {
  environment: string;
  isProtected: boolean;
  cursor: string | null;
  runningDeployId: string | null;
  runningDigest: string | null;
  runningLabel: string | null;
  canRollback: boolean;
}) {
  const page = await listEnvironmentHistory(environment, { cursor, limit: 20 });
  const base = `/environments/${encodeURIComponent(environment)}`;
  return (
    <Card id="history" title="History" padded={false} actions={<span className="text-xs text-slate-500">newest first</span>}>
      {page.items.length === 0 ? (
        <div className="p-4">
          <EmptyState title="No history yet">Deploys, rollbacks, external changes and refused requests appear here.</EmptyState>
        </div>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[48rem] text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Image
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Outcome
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Who
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Reason
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Duration
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.items.map((row) => (
                <HistoryRowView
                  key={row.key}
                  row={row}
                  environment={environment}
                  isProtected={isProtected}
                  running={row.type === "deploy" && row.id === runningDeployId}
                  runsSameImage={row.type === "deploy" && Boolean(row.imageDigest) && row.imageDigest === runningDigest}
                  runningLabel={runningLabel}
                  canRollback={canRollback}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor || page.nextCursor ? (
        <nav aria-label="History pages" className="flex justify-between border-t border-slate-100 px-4 py-2 text-sm">
          {cursor ? (
            <Link href={`${base}#history`} className="text-sky-700 underline underline-offset-2">
              Newest
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor ? (
            <Link href={`${base}?cursor=${page.nextCursor}#history`} className="text-sky-700 underline underline-offset-2">
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </Card>
  );
}

function HistoryRowView({
  row,
  environment,
  isProtected,
  running,
  runsSameImage,
  runningLabel,
  canRollback,
}: {
  row: HistoryRow;
  environment: string;
  isProtected: boolean;
  running: boolean;
  /** This row's image is the one running now: rolling back to it would change nothing. */
  runsSameImage: boolean;
  runningLabel: string | null;
  canRollback: boolean;
}) {
  if (row.type === "refusal") {
    return (
      <tr className="bg-slate-50/60 text-slate-600">
        <td className="whitespace-nowrap px-4 py-2">
          <RelativeTime date={row.at} />
        </td>
        <td className="px-4 py-2 font-mono text-xs">{row.imageTag ?? "—"}</td>
        <td className="px-4 py-2">
          <Pill tone={row.outcome === "DENIED" ? "bad" : "warn"} dot={false} title={row.code ?? undefined}>
            {row.outcome === "DENIED" ? "Denied" : "Refused"}
          </Pill>
          <p className="mt-1 max-w-xs text-xs">{row.message}</p>
        </td>
        <td className="px-4 py-2 text-xs">
          {row.actorName}
          {row.source ? <span className="block text-slate-500">{row.source}</span> : null}
        </td>
        <td className="px-4 py-2 text-xs">{row.reason ?? ""}</td>
        <td className="px-4 py-2" />
        <td className="px-4 py-2" />
      </tr>
    );
  }
  return (
    <tr>
      <td className="whitespace-nowrap px-4 py-2">
        <Link href={`/deploys/${row.id}`} className="text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900">
          <RelativeTime date={row.at} />
        </Link>
      </td>
      <td className="px-4 py-2">
        <span className="font-mono text-xs font-semibold text-slate-900">{row.imageTag ?? row.versionLabel ?? "—"}</span>
        {row.commitSha ? <span className="ml-1 font-mono text-xs text-slate-500">{shortSha(row.commitSha)}</span> : null}
        {running ? (
          <span className="ml-2 rounded-full bg-green-50 px-1.5 py-0.5 text-[11px] font-medium text-green-800 ring-1 ring-inset ring-green-600/25">
            running
          </span>
        ) : null}
      </td>
      <td className="px-4 py-2">
        <span className="flex flex-wrap items-center gap-1">
          <DeployStatusBadge status={row.status} />
          <KindBadge kind={row.kind} />
        </span>
        {row.status === "FAILED" && row.errorMessage ? (
          <p className="mt-1 max-w-xs truncate text-xs text-red-800" title={row.errorMessage}>
            {row.errorMessage}
          </p>
        ) : null}
      </td>
      <td className="px-4 py-2 text-xs">
        {row.actorName}
        <span className="block text-slate-500">{row.source}</span>
      </td>
      <td className="max-w-xs px-4 py-2 text-xs text-slate-700">{row.reason ?? ""}</td>
      <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600">{duration(row)}</td>
      <td className="px-4 py-2 text-right">
        {canRollback && row.status === "SUCCEEDED" && row.versionLabel && !running && !runsSameImage ? (
          <DeployDialog
            action={rollbackAction}
            kind="rollback"
            environment={environment}
            isProtected={isProtected}
            hidden={{ environment, toDeployId: row.id }}
            from={runningLabel}
            to={row.imageTag ?? row.versionLabel ?? row.id}
            buttonLabel="Roll back to this"
          />
        ) : null}
      </td>
    </tr>
  );
}

function duration(row: HistoryDeployRow): string {
  if (row.kind === "EXTERNAL" || !row.finishedAt) return row.finishedAt ? "" : "in progress";
  return formatDuration(row.finishedAt.getTime() - row.at.getTime());
}
