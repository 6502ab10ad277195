import { AwsCallError } from "../errors";
import type { Deps, DeployRecord } from "../ports";
import { failDeploy } from "./finish-deploy";
import { performUpdate } from "./perform-update";
import { uploadVersion } from "./upload-version";

/** REGISTERING (worker): make sure EB has an application version for the bundle, then hand over to UPDATING. */
export async function registerDeploy(deps: Deps, deployId: string): Promise<void> {
  // The common case first, in one statement: a PENDING deploy becomes REGISTERING. Anything
  // else (a retry after a crash, a cancelled deploy) is read and handled by its status.
  const deploy =
    (await deps.deploys.update(deployId, { from: ["PENDING"], to: "REGISTERING", patch: { startedAt: deps.clock.now() } })) ??
    (await deps.deploys.get(deployId));
  if (!deploy) return;
  if (deploy.status === "UPDATING" && !deploy.updateIntentAt) return performUpdate(deps, deploy);
  if (deploy.status !== "REGISTERING") return;
  let registered: Partial<DeployRecord>;
  try {
    // A rollback reuses its label as is: no upload, no CreateApplicationVersion (re-created on demand if EB deleted it).
    registered = deploy.kind === "DEPLOY" ? await ensureVersion(deps, deploy) : {};
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    await failDeploy(deps, deploy, ["REGISTERING"], { code: error.awsCode, message: `${error.operation}: ${error.message}` });
    return;
  }
  // Entering UPDATING records the intent in the same write: one transaction less on the critical path.
  const updating = await deps.deploys.update(deployId, { from: ["REGISTERING"], to: "UPDATING", patch: { ...registered, updateIntentAt: deps.clock.now() } });
  if (updating) await performUpdate(deps, updating, { claimed: true });
}

/** Reuses the version made from the same bundle hash; otherwise uploads it and creates it. */
async function ensureVersion(deps: Deps, deploy: DeployRecord): Promise<Partial<DeployRecord>> {
  const hash = deploy.bundleHash as string;
  const existing = await deps.catalog.versionByHash(deploy.applicationName, hash);
  if (existing) return { versionLabel: existing.versionLabel, s3Bucket: existing.s3Bucket, s3Key: existing.s3Key };
  return uploadVersion(deps, deploy, deploy.versionLabel as string);
}
