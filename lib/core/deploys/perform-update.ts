import { AwsCallError } from "../errors";
import type { Deps, DeployRecord } from "../ports";
import { failDeploy, trackJob } from "./finish-deploy";
import { uploadVersion } from "./upload-version";

/**
 * UPDATING: record the intent (once, compare-and-set), call UpdateEnvironment, store its
 * RequestId with the first tracking job. A crash between the intent and the RequestId is
 * resolved by reconcile from the environment's events since the intent.
 */
export async function performUpdate(deps: Deps, deploy: DeployRecord, options: { claimed?: boolean } = {}): Promise<void> {
  const claimed = options.claimed
    ? deploy
    : await deps.deploys.update(deploy.id, { from: ["UPDATING"], where: { updateIntentAt: null }, patch: { updateIntentAt: deps.clock.now() } });
  if (!claimed) return;
  let requestId: string;
  try {
    requestId = await updateRecreatingVersion(deps, claimed);
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    await failDeploy(deps, claimed, ["UPDATING"], { code: error.awsCode, message: `${error.operation}: ${error.message}` });
    return;
  }
  const next = new Date(deps.clock.now().getTime() + deps.config.trackIntervalMs);
  await deps.deploys.update(deploy.id, {
    from: ["UPDATING"],
    where: { ebRequestId: null },
    patch: { ebRequestId: requestId },
    jobs: [trackJob(deploy.id, next)],
  });
}

/** EB's lifecycle policy may have deleted the label (a rollback's, typically): re-create it from the stored bundle and try again. */
async function updateRecreatingVersion(deps: Deps, deploy: DeployRecord): Promise<string> {
  const label = deploy.versionLabel as string;
  try {
    return (await deps.aws.beanstalk.updateEnvironment(deploy.environmentName, label)).requestId;
  } catch (error) {
    if (!(error instanceof AwsCallError) || !/No Application Version named/i.test(error.message)) throw error;
    const source = deploy.bundle ? deploy : await deps.deploys.byLabel(deploy.applicationName, label);
    if (!source?.bundle) throw error;
    deps.log.info("re-creating a deleted application version", { deployId: deploy.id, versionLabel: label });
    await uploadVersion(deps, { ...deploy, bundle: source.bundle, bundleFileName: source.bundleFileName, bundleHash: source.bundleHash }, label);
    return (await deps.aws.beanstalk.updateEnvironment(deploy.environmentName, label)).requestId;
  }
}
