import { systemActor, type Actor } from "../actor";
import type { Deps, DeployRecord, DeployStatus, JobRequest } from "../ports";

export const trackJob = (deployId: string, runAt: Date): JobRequest => ({
  task: "track",
  payload: { deployId },
  jobKey: `track:${deployId}`,
  runAt,
  maxAttempts: 3,
});

/** The actor a deploy was made by, rebuilt from its row (a rollback's lock is theirs). */
export function deployActor(deploy: DeployRecord): Actor {
  return deploy.actorId ? { type: "USER", userId: deploy.actorId, name: deploy.actorName, role: "DEPLOYER" } : { ...systemActor, name: deploy.actorName };
}

const base = (deploy: DeployRecord) => ({
  actor: systemActor,
  source: "SYSTEM" as const,
  targetType: "deploy",
  target: deploy.id,
  applicationName: deploy.applicationName,
  environmentName: deploy.environmentName,
  deployId: deploy.id,
});

export async function failDeploy(
  deps: Deps,
  deploy: DeployRecord,
  from: DeployStatus[],
  error: { code: string; message: string },
  patch: Partial<DeployRecord> = {},
): Promise<DeployRecord | null> {
  const now = deps.clock.now();
  const failed = await deps.deploys.update(deploy.id, {
    from,
    to: "FAILED",
    patch: { ...patch, errorCode: error.code, errorMessage: error.message.slice(0, 2000), finishedAt: now },
    audit: {
      ...base(deploy),
      action: "deploy.failed",
      outcome: "FAILURE",
      code: error.code,
      message: error.message.slice(0, 2000),
      details: { kind: deploy.kind, versionLabel: deploy.versionLabel, tag: deploy.imageTag },
    },
  });
  if (failed) {
    deps.log.warn("deploy failed", { deployId: deploy.id, code: error.code, message: error.message });
    deps.events.publish({
      type: "deploy.failed",
      deployId: deploy.id,
      environment: deploy.environmentName,
      application: deploy.applicationName,
      imageTag: deploy.imageTag,
      status: "FAILED",
      errorCode: error.code,
      errorMessage: error.message,
      at: now,
    });
  }
  return failed;
}

export async function succeedDeploy(deps: Deps, deploy: DeployRecord, patch: Partial<DeployRecord>): Promise<DeployRecord | null> {
  const now = deps.clock.now();
  const lock =
    deploy.kind === "ROLLBACK" && deploy.lockAfter ? { reason: `Rolled back: ${deploy.reason ?? "no reason given"}`, author: deployActor(deploy) } : null;
  const done = await deps.deploys.update(deploy.id, {
    from: ["UPDATING"],
    to: "SUCCEEDED",
    patch: { ...patch, finishedAt: now },
    audit: {
      ...base(deploy),
      action: "deploy.succeeded",
      outcome: "SUCCESS",
      message: `${deploy.environmentName} runs ${deploy.versionLabel}`,
      details: { kind: deploy.kind, versionLabel: deploy.versionLabel, tag: deploy.imageTag },
    },
    lock,
  });
  if (done) {
    const event = {
      deployId: deploy.id,
      environment: deploy.environmentName,
      application: deploy.applicationName,
      imageTag: deploy.imageTag,
      status: "SUCCEEDED" as const,
      reason: deploy.reason,
      at: now,
    };
    deps.events.publish({ type: "deploy.succeeded", ...event });
    if (deploy.kind === "ROLLBACK") deps.events.publish({ type: "deploy.rolled_back", ...event });
    if (lock) deps.events.publish({ type: "environment.locked", ...event, reason: lock.reason });
  }
  return done;
}

export async function cancelDeployDone(deps: Deps, deploy: DeployRecord, message: string): Promise<DeployRecord | null> {
  const now = deps.clock.now();
  const done = await deps.deploys.update(deploy.id, {
    from: ["UPDATING"],
    to: "CANCELLED",
    patch: { finishedAt: now, errorCode: "CANCELLED", errorMessage: message },
    audit: { ...base(deploy), action: "deploy.cancelled", outcome: "SUCCESS", message },
  });
  if (done)
    deps.events.publish({
      type: "deploy.cancelled",
      deployId: deploy.id,
      environment: deploy.environmentName,
      application: deploy.applicationName,
      status: "CANCELLED",
      at: now,
    });
  return done;
}
