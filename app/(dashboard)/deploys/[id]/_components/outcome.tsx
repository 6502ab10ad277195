import Link from "next/link";
import { DeployDialog } from "@/app/_components/deploy-dialog";
import type { DeployDetail } from "@/lib/db/queries/deploys";
import { rollbackAction } from "../../../environments/[name]/actions";

// What a finished deploy means and what to do next, in words.
const explanations: Record<string, string> = {
  DEPLOY_TIMEOUT:
    "Elastic Beanstalk did not finish within the environment's deploy timeout. It may still be working: check its events, then roll back if it stays unhealthy.",
  HEALTH_RED: "The new version went out but the environment's health turned Red afterwards: the application is failing its health checks with this image.",
  AWS_ERROR: "An AWS call failed. The AWS error code below is what to search for; a throttling or network error usually succeeds on retry.",
};

export function Outcome({
  deploy,
  rollbackTarget,
  canRollback,
  isProtected,
  wentRed,
}: {
  deploy: DeployDetail;
  rollbackTarget: { id: string; imageTag: string | null; versionLabel: string | null } | null;
  canRollback: boolean;
  isProtected: boolean;
  /** It succeeded, still runs, and the environment's health is Red now. */
  wentRed: boolean;
}) {
  if (deploy.status === "SUCCEEDED" && wentRed) {
    return (
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-950">
        <p className="font-semibold">Succeeded, but the environment is Red now</p>
        <p className="mt-1">{explanations.HEALTH_RED}</p>
        {canRollback && rollbackTarget ? (
          <div className="mt-3">
            <DeployDialog
              action={rollbackAction}
              kind="rollback"
              big
              environment={deploy.environmentName}
              isProtected={isProtected}
              hidden={{ environment: deploy.environmentName, toDeployId: rollbackTarget.id }}
              from={deploy.imageTag}
              to={rollbackTarget.imageTag ?? rollbackTarget.versionLabel ?? rollbackTarget.id}
              buttonLabel={`Roll back to ${rollbackTarget.imageTag ?? "the previous version"}`}
            />
          </div>
        ) : null}
      </div>
    );
  }
  if (deploy.status === "SUCCEEDED") {
    return (
      <div role="status" className="rounded-lg border border-green-200 bg-green-50 p-4 text-sm text-green-900">
        <p className="font-semibold">Succeeded</p>
        <p className="mt-1">
          <span className="font-mono">{deploy.environmentName}</span> runs <span className="font-mono">{deploy.imageTag ?? deploy.versionLabel}</span> and its
          health was observed Green after the update.
        </p>
      </div>
    );
  }
  if (deploy.status !== "FAILED" && deploy.status !== "CANCELLED") return null;
  const failed = deploy.status === "FAILED";
  const explanation = deploy.errorCode ? (explanations[deploy.errorCode] ?? (deploy.errorCode.includes("HEALTH") ? explanations.HEALTH_RED : null)) : null;
  return (
    <div
      role="alert"
      className={`rounded-lg border p-4 text-sm ${failed ? "border-red-300 bg-red-50 text-red-950" : "border-slate-300 bg-slate-50 text-slate-900"}`}
    >
      <p className="font-semibold">{failed ? "Failed" : "Cancelled"}</p>
      {deploy.errorMessage ? <p className="mt-1 break-words">{deploy.errorMessage}</p> : null}
      {explanation ? <p className="mt-1 text-xs">{explanation}</p> : null}
      {deploy.errorCode ? <p className="mt-1 font-mono text-xs">Code: {deploy.errorCode}</p> : null}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        {canRollback && rollbackTarget ? (
          <DeployDialog
            action={rollbackAction}
            kind="rollback"
            big
            environment={deploy.environmentName}
            isProtected={isProtected}
            hidden={{ environment: deploy.environmentName, toDeployId: rollbackTarget.id }}
            from={deploy.imageTag}
            to={rollbackTarget.imageTag ?? rollbackTarget.versionLabel ?? rollbackTarget.id}
            buttonLabel={`Roll back to ${rollbackTarget.imageTag ?? "the previous version"}`}
          />
        ) : null}
        <Link href={`/environments/${encodeURIComponent(deploy.environmentName)}`} className="underline underline-offset-2">
          Open {deploy.environmentName}
        </Link>
      </div>
    </div>
  );
}
