import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { DeployStatusBadge, KindBadge } from "@/app/_components/badges";
import { Card } from "@/app/_components/card";
import { ImageRef } from "@/app/_components/image-ref";
import { RelativeTime } from "@/app/_components/relative-time";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/core/authorize";
import { findRollbackTarget, getDeployBundleText, getDeployDetail, getDeployProgress, listDeployEventsAfter } from "@/lib/db/queries/deploys";
import { getEnvironmentDetail } from "@/lib/db/queries/environments";
import { LiveProgress } from "./_components/live-progress";
import { Outcome } from "./_components/outcome";
import { toProgressMessage } from "./_components/progress-message";
import { cancelDeployAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const deploy = await getDeployDetail(id);
  return { title: deploy ? `${deploy.imageTag ?? "Deploy"} → ${deploy.environmentName}` : "Deploy" };
}

export default async function DeployPage({ params }: Props) {
  const [{ id }, actor] = await Promise.all([params, requireUser()]);
  const [deploy, progress, events, bundleText] = await Promise.all([
    getDeployDetail(id),
    getDeployProgress(id),
    listDeployEventsAfter(id),
    getDeployBundleText(id),
  ]);
  if (!deploy || !progress) notFound();
  const [environment, rollbackTarget] = await Promise.all([
    getEnvironmentDetail(deploy.environmentName),
    findRollbackTarget(deploy.environmentName, deploy.createdAt),
  ]);
  const links = environment?.application;
  const scope = { name: deploy.environmentName, protected: environment?.protected ?? true };
  const canCancel = can(actor, "cancel", scope);
  const wentRed = deploy.status === "SUCCEEDED" && environment?.running?.id === deploy.id && environment.health === "Red";
  const verb = deploy.kind === "ROLLBACK" ? "Rollback" : deploy.kind === "EXTERNAL" ? "External change" : "Deploy";

  return (
    <div className="space-y-5">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/" className="hover:text-slate-900">
            Overview
          </Link>{" "}
          /{" "}
          <Link href={`/environments/${encodeURIComponent(deploy.environmentName)}`} className="hover:text-slate-900">
            {deploy.environmentName}
          </Link>
        </nav>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <h1 className="mr-2 text-xl font-semibold tracking-tight">
            {verb} <span className="font-mono">{deploy.imageTag ?? deploy.versionLabel ?? ""}</span> →{" "}
            <span className="font-mono">{deploy.environmentName}</span>
          </h1>
          <DeployStatusBadge status={deploy.status} />
          <KindBadge kind={deploy.kind} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          By <span className="font-medium text-slate-900">{deploy.actorName}</span> via {deploy.source.toLowerCase()} · <RelativeTime date={deploy.createdAt} />
          {deploy.reason ? (
            <>
              {" · "}
              <q className="italic">{deploy.reason}</q>
            </>
          ) : null}
        </p>
      </div>

      <Outcome deploy={deploy} rollbackTarget={rollbackTarget} canRollback={can(actor, "rollback", scope)} isProtected={scope.protected} wentRed={wentRed} />

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <LiveProgress
          deployId={deploy.id}
          createdAt={deploy.createdAt.toISOString()}
          initial={toProgressMessage(progress, events)}
          cancelSlot={
            canCancel ? (
              <ActionForm action={cancelDeployAction} submitLabel="Cancel deploy" pendingLabel="Cancelling…" inline>
                <input type="hidden" name="deployId" value={deploy.id} />
              </ActionForm>
            ) : null
          }
        />
        <div className="space-y-5">
          <Card title="Details">
            <dl className="space-y-2 text-sm">
              <Detail label="Image">
                {links ? (
                  <ImageRef
                    tag={deploy.imageTag}
                    digest={deploy.imageDigest}
                    commitSha={deploy.commitSha}
                    tagPattern={links.tagPattern}
                    commitUrlTemplate={links.commitUrlTemplate}
                    showDigest={false}
                  />
                ) : (
                  (deploy.imageTag ?? "—")
                )}
              </Detail>
              <Detail label="Digest" mono>
                {deploy.imageDigest ?? "—"}
              </Detail>
              <Detail label="Version label" mono>
                {deploy.versionLabel ?? "not registered yet"}
              </Detail>
              <Detail label="Previous version" mono>
                {deploy.previousVersionLabel ?? "—"}
              </Detail>
              <Detail label="Template revision">{deploy.templateRevision ?? "—"}</Detail>
              {deploy.rollbackOfId ? (
                <Detail label="Restores">
                  <Link href={`/deploys/${deploy.rollbackOfId}`} className="text-sky-700 underline underline-offset-2">
                    an earlier deploy
                  </Link>
                </Detail>
              ) : null}
              {deploy.kind === "ROLLBACK" ? <Detail label="Locks afterwards">{deploy.lockAfter ? "yes" : "no"}</Detail> : null}
              {deploy.force ? <Detail label="Forced">yes (redeploy of the running bundle)</Detail> : null}
              <Detail label="Deploy id" mono>
                {deploy.id}
              </Detail>
            </dl>
          </Card>
          {bundleText ? (
            <Card title={`Bundle: ${deploy.bundleFileName ?? ""}`} padded={false}>
              <pre className="max-h-80 overflow-auto rounded-b-lg bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100">{bundleText}</pre>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function Detail({ label, children, mono = false }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`break-all ${mono ? "font-mono text-xs" : ""}`}>{children}</dd>
    </div>
  );
}
