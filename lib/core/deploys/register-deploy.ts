import { AwsCallError } from "../errors";
import type { ApplicationVersionRecord, Deps, DeployRecord } from "../ports";
import { failDeploy } from "./finish-deploy";
import { performUpdate } from "./perform-update";
import { createVersion, recordVersion, type UploadedVersion } from "./upload-version";

/** What a deploy's register job may say of its bundle (startDeploy's job does). */
export type BundleHint = { application: string; bundleHash: string };

/** REGISTERING (worker): make sure EB has an application version for the bundle, then hand over to UPDATING. */
export async function registerDeploy(deps: Deps, deployId: string, hint?: BundleHint): Promise<void> {
  // A version made from the same bundle is looked up while the deploy is claimed, when the job
  // names the bundle; it is used only if the deploy turns out to have that bundle.
  const known = hint ? deps.catalog.versionByHash(hint.application, hint.bundleHash) : undefined;
  known?.catch(() => undefined); // awaited below when used
  // The common case first, in one statement: a PENDING deploy becomes REGISTERING. Anything
  // else (a retry after a crash, a cancelled deploy) is read and handled by its status.
  const deploy =
    (await deps.deploys.update(deployId, { from: ["PENDING"], to: "REGISTERING", patch: { startedAt: deps.clock.now() } })) ??
    (await deps.deploys.get(deployId));
  if (!deploy) return;
  if (deploy.status === "UPDATING" && !deploy.updateIntentAt) return performUpdate(deps, deploy);
  if (deploy.status !== "REGISTERING") return;
  let version: { uploaded: UploadedVersion; created: boolean } | null;
  try {
    // A rollback reuses its label as is: no upload, no CreateApplicationVersion (re-created on demand if EB deleted it).
    const prefetched = hint?.application === deploy.applicationName && hint.bundleHash === deploy.bundleHash ? known : undefined;
    version = deploy.kind === "DEPLOY" ? await ensureVersion(deps, deploy, prefetched) : null;
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    await failDeploy(deps, deploy, ["REGISTERING"], { code: error.awsCode, message: `${error.operation}: ${error.message}` });
    return;
  }
  // Entering UPDATING records the intent in the same write: one statement less on the critical
  // path. A version just created is recorded alongside (two independent writes, at once); that
  // record only lets a later deploy of the bundle reuse the version and hygiene delete it, so
  // losing it must not hold up this deploy.
  const [updating, recorded] = await Promise.allSettled([
    deps.deploys.update(deployId, { from: ["REGISTERING"], to: "UPDATING", patch: { ...version?.uploaded, updateIntentAt: deps.clock.now() } }),
    version?.created ? recordVersion(deps, deploy, version.uploaded) : Promise.resolve(),
  ]);
  if (recorded.status === "rejected") {
    deps.log.warn("could not record the new application version: a later deploy of this bundle uploads it again, and hygiene will not delete it", {
      deployId,
      versionLabel: version?.uploaded.versionLabel,
      error: (recorded.reason as Error).message,
    });
  }
  if (updating.status === "rejected") throw updating.reason;
  if (updating.value) await performUpdate(deps, updating.value, { claimed: true });
}

/** Reuses the version made from the same bundle hash; otherwise uploads it and creates it. */
async function ensureVersion(
  deps: Deps,
  deploy: DeployRecord,
  prefetched?: Promise<ApplicationVersionRecord | null>,
): Promise<{ uploaded: UploadedVersion; created: boolean }> {
  const existing = await (prefetched ?? deps.catalog.versionByHash(deploy.applicationName, deploy.bundleHash as string));
  if (existing) return { uploaded: { versionLabel: existing.versionLabel, s3Bucket: existing.s3Bucket, s3Key: existing.s3Key }, created: false };
  return { uploaded: await createVersion(deps, deploy, deploy.versionLabel as string), created: true };
}
