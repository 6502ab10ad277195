import { AwsCallError } from "../errors";
import type { Deps, DeployRecord } from "../ports";
import { trackJob } from "./finish-deploy";

/**
 * On start and periodically: every non-terminal deploy whose row has not moved for
 * staleAfterMs (its worker is presumed dead; graphile-worker would keep its job locked for
 * hours) is driven on from where it stopped, against what EB says.
 */
export async function reconcileDeploys(deps: Deps): Promise<{ redriven: string[] }> {
  const now = deps.clock.now();
  const redriven: string[] = [];
  for (const deploy of await deps.deploys.listActive()) {
    if (now.getTime() - deploy.updatedAt.getTime() < deps.config.staleAfterMs) continue;
    try {
      if (await reconcileOne(deps, deploy, now)) redriven.push(deploy.id);
    } catch (error) {
      if (!(error instanceof AwsCallError)) throw error;
      deps.log.warn("reconcile could not reach AWS", { deployId: deploy.id, code: error.awsCode });
    }
  }
  return { redriven };
}

async function reconcileOne(deps: Deps, deploy: DeployRecord, now: Date): Promise<boolean> {
  const touch = (jobs: Parameters<Deps["deploys"]["update"]>[1]["jobs"], patch = {}) =>
    deps.deploys.update(deploy.id, { from: [deploy.status], where: { updateIntentAt: deploy.updateIntentAt, ebRequestId: deploy.ebRequestId }, patch, jobs });
  switch (deploy.status) {
    case "PENDING":
    case "REGISTERING":
      return Boolean(await touch([{ task: "register", payload: { deployId: deploy.id }, jobKey: `deploy:${deploy.id}`, maxAttempts: 5 }]));
    case "UPDATING": {
      if (deploy.ebRequestId) return Boolean(await touch([trackJob(deploy.id, now)]));
      if (!deploy.updateIntentAt)
        return Boolean(await touch([{ task: "update", payload: { deployId: deploy.id }, jobKey: `deploy:${deploy.id}`, maxAttempts: 1 }]));
      return resolveIntent(deps, deploy, now, touch);
    }
    case "SUCCEEDED":
    case "FAILED":
    case "CANCELLED":
      return false;
    default: {
      const unreachable: never = deploy.status;
      return unreachable;
    }
  }
}

/** Killed between recording the intent and storing the RequestId: did UpdateEnvironment reach EB? Its events say. */
async function resolveIntent(
  deps: Deps,
  deploy: DeployRecord,
  now: Date,
  touch: (jobs: Parameters<Deps["deploys"]["update"]>[1]["jobs"], patch?: Partial<DeployRecord>) => Promise<DeployRecord | null>,
): Promise<boolean> {
  const intent = deploy.updateIntentAt as Date;
  const [events, environments] = await Promise.all([
    deps.aws.beanstalk.describeEvents({ environmentName: deploy.environmentName, startTime: new Date(intent.getTime() - 1_000) }),
    deps.aws.beanstalk.describeEnvironments({ names: [deploy.environmentName] }),
  ]);
  // An event naming another label is another update's (the previous deploy may have started
  // within the look-back); an unlabelled start event since the intent is taken as ours.
  const ours = events.find(
    (e) =>
      e.requestId &&
      (e.versionLabel
        ? e.versionLabel === deploy.versionLabel
        : /Environment update is starting/i.test(e.message) || e.message.includes(deploy.versionLabel ?? "\u0000")),
  );
  if (ours?.requestId) return Boolean(await touch([trackJob(deploy.id, now)], { ebRequestId: ours.requestId }));
  const live = environments.find((e) => e.name === deploy.environmentName);
  // Still busy with something: wait for the next pass rather than guess.
  if (!live || live.status !== "Ready") return false;
  // Ready and no event since the intent: the call never took effect. Clear the intent and call it again.
  return Boolean(await touch([{ task: "update", payload: { deployId: deploy.id }, jobKey: `deploy:${deploy.id}`, maxAttempts: 1 }], { updateIntentAt: null }));
}
