import { AwsCallError } from "../errors";
import type { Deps, DeployRecord, EbEnvironment } from "../ports";
import { cancelDeployDone, failDeploy, succeedDeploy, trackJob } from "./finish-deploy";
import { judgeProgress, type ObservedEnvironment } from "./judge-progress";

// EB's clock and ours differ; the first DescribeEvents looks back this far before our intent
// (events are filtered by our RequestId, so looking back costs nothing but bytes).
const clockSkewMs = 60_000;

/** One tracking poll (a short job that reschedules itself): events of our request, the environment, a verdict. */
export async function trackDeploy(deps: Deps, deployId: string): Promise<void> {
  const deploy = await deps.deploys.get(deployId);
  if (!deploy || deploy.status !== "UPDATING" || !deploy.ebRequestId || !deploy.updateIntentAt) return;
  const environment = await deps.catalog.environment(deploy.environmentName);
  const deadline = new Date(deploy.updateIntentAt.getTime() + (environment?.deployTimeoutSec ?? 1800) * 1000);
  // The cursor is inclusive: an event stamped the same millisecond as the last one seen is not
  // lost; the (deployId, at, message) unique key drops the repeat.
  const since = deploy.eventsCursor ? deploy.eventsCursor : new Date(deploy.updateIntentAt.getTime() - clockSkewMs);

  let live: ObservedEnvironment | null = null;
  let events: Awaited<ReturnType<Deps["aws"]["beanstalk"]["describeEvents"]>> = [];
  try {
    const observedAt = deps.clock.now();
    const [fetched, described] = await Promise.all([
      deps.aws.beanstalk.describeEvents({ environmentName: deploy.environmentName, requestId: deploy.ebRequestId, startTime: since }),
      deps.aws.beanstalk.describeEnvironments({ names: [deploy.environmentName] }),
    ]);
    events = fetched.filter((e) => !e.requestId || e.requestId === deploy.ebRequestId);
    const found: EbEnvironment | undefined = described.find((e) => e.name === deploy.environmentName);
    live = found ? { status: found.status, health: found.health, versionLabel: found.versionLabel, observedAt } : null;
    if (found) await deps.inventory.saveEnvironmentState(found, observedAt);
  } catch (error) {
    // A failed poll is not a failed deploy: the next poll retries; the timeout still applies.
    if (!(error instanceof AwsCallError)) throw error;
    deps.log.warn("tracking poll failed", { deployId, code: error.awsCode, message: error.message });
  }
  await deps.deploys.appendEvents(
    deployId,
    events.map((e) => ({ at: e.at, severity: e.severity, message: e.message, requestId: e.requestId })),
  );
  const cursor = events.length > 0 ? events[events.length - 1].at : deploy.eventsCursor;

  const verdict = judgeProgress(
    {
      versionLabel: deploy.versionLabel as string,
      completedAt: deploy.completedAt,
      cancelRequestedAt: deploy.cancelRequestedAt,
      deadline,
      healthSettleMs: deps.config.healthSettleMs,
    },
    events,
    live,
    deps.clock.now(),
  );
  const patch: Partial<DeployRecord> = { eventsCursor: cursor, completedAt: verdict.kind === "cancelled" ? deploy.completedAt : verdict.completedAt };
  switch (verdict.kind) {
    case "wait": {
      const next = new Date(deps.clock.now().getTime() + deps.config.trackIntervalMs);
      await deps.deploys.update(deployId, { from: ["UPDATING"], patch, jobs: [trackJob(deployId, next)] });
      return;
    }
    case "succeeded":
      await succeedDeploy(deps, deploy, patch);
      return;
    case "failed":
      await failDeploy(deps, deploy, ["UPDATING"], { code: verdict.code, message: verdict.message }, patch);
      return;
    case "cancelled":
      await cancelDeployDone(deps, deploy, verdict.message);
      return;
    default: {
      const unreachable: never = verdict;
      return unreachable;
    }
  }
}
