import Link from "next/link";
import type { ReactNode } from "react";
import { RelativeTime } from "@/app/_components/relative-time";
import type { Actor } from "@/lib/core/actor";
import type { EnvironmentDetail } from "@/lib/db/queries/environments";
import { fillUrlTemplate, shortDigest, shortSha } from "@/lib/format/digest";
import { services } from "@/lib/services";
import { asDomainError } from "../../../_lib/action-result";

export type PreviewSummary = { currentLabel: string | null; blocked: boolean };

type Side = { tag: string | null; digest: string | null; commitSha: string | null; commitUrl: string | null };

// What the big red button would do, rendered on the server from the database: current ->
// target image and commit, the compare link, the exact bundle, and any refusal the engine
// already knows it would make (locked, busy, not Ready, wrong platform).
export async function DeployPreview({
  actor,
  environment,
  tag,
  children,
}: {
  actor: Actor;
  environment: EnvironmentDetail;
  tag: string;
  children: (summary: PreviewSummary) => ReactNode;
}) {
  let preview;
  try {
    preview = await services().previewDeploy(actor, { environment: environment.name, tag });
  } catch (error) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        {asDomainError(error)?.message ?? "The preview could not be made. Try again, or pick another image."}
      </p>
    );
  }
  const current: Side | null = preview.current
    ? {
        tag: preview.current.imageTag ?? preview.current.versionLabel,
        digest: preview.current.imageDigest,
        commitSha: preview.current.commitSha,
        commitUrl: preview.current.commitSha ? fillUrlTemplate(environment.application.commitUrlTemplate, { sha: preview.current.commitSha }) : null,
      }
    : null;
  const target: Side = preview.target;
  const refusal = preview.refusal;
  const sameImage = current?.digest && current.digest === target.digest;
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-[1fr_auto_1fr] items-center gap-2 text-sm" aria-label="What changes">
        <SideBox label="Current" side={current} />
        <span aria-hidden className="text-slate-500">
          →
        </span>
        <SideBox label="Target" side={target} emphasise />
      </div>
      <p className="text-xs text-slate-600">
        Pushed <RelativeTime date={preview.target.pushedAt} />
        {preview.compareUrl ? (
          <>
            {" · "}
            <a href={preview.compareUrl} target="_blank" rel="noreferrer" className="text-sky-700 underline underline-offset-2">
              Compare commits<span className="sr-only"> (opens in a new tab)</span>
            </a>
          </>
        ) : null}
        {sameImage ? " · this image is already running: deploying it again is a no-op unless forced" : null}
      </p>
      {refusal ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p>{refusal.message}</p>
          <RefusalLink code={refusal.code} details={refusal.details} environment={environment.name} />
        </div>
      ) : null}
      <details className="group rounded-md ring-1 ring-slate-200">
        <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-800">
          Bundle: <span className="font-mono">{preview.bundle.fileName}</span>
          {preview.bundle.files.length > 0 ? <span className="text-xs text-slate-500"> with {preview.bundle.files.join(", ")}</span> : null}
        </summary>
        <pre className="max-h-80 overflow-auto border-t border-slate-200 bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100">
          {preview.bundle.text}
        </pre>
      </details>
      {children({ currentLabel: current?.tag ?? environment.versionLabel ?? null, blocked: Boolean(refusal) })}
    </div>
  );
}

function SideBox({ label, side, emphasise = false }: { label: string; side: Side | null; emphasise?: boolean }) {
  return (
    <div className={`min-w-0 rounded-md p-2 ${emphasise ? "bg-slate-900 text-white" : "bg-slate-100 text-slate-800"}`}>
      <p className={`text-[11px] uppercase tracking-wide ${emphasise ? "text-slate-300" : "text-slate-500"}`}>{label}</p>
      {side ? (
        <>
          <p className="truncate font-mono text-sm font-semibold">{side.tag ?? "untagged"}</p>
          <p className={`truncate font-mono text-xs ${emphasise ? "text-slate-300" : "text-slate-500"}`}>
            {side.commitSha ? (
              side.commitUrl ? (
                <a href={side.commitUrl} target="_blank" rel="noreferrer" className="underline underline-offset-2">
                  {shortSha(side.commitSha)}
                </a>
              ) : (
                shortSha(side.commitSha)
              )
            ) : null}
            {side.commitSha ? " · " : ""}
            {shortDigest(side.digest)}
          </p>
        </>
      ) : (
        <p className="text-sm">nothing yet</p>
      )}
    </div>
  );
}

function RefusalLink({ code, details, environment }: { code: string; details?: Record<string, unknown> | null; environment: string }) {
  if (code === "ENVIRONMENT_BUSY" && typeof details?.deployId === "string") {
    return (
      <Link href={`/deploys/${details.deployId}`} className="mt-1 inline-block font-medium underline">
        Open the deploy in progress
      </Link>
    );
  }
  if (code === "ENVIRONMENT_LOCKED") {
    return (
      <Link href={`/environments/${encodeURIComponent(environment)}#lock`} className="mt-1 inline-block font-medium underline">
        See the lock
      </Link>
    );
  }
  return null;
}
