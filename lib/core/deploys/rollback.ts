import { z } from "zod";
import { actorLabel, type Actor, type Source } from "../actor";
import { auditRefusals, checkConfirmation, environmentRefusal, looseText } from "../audit-refusal";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps, DeployRecord } from "../ports";
import { DeployIdSchema, EnvironmentNameSchema, RequiredReasonSchema, SourceSchema, parseInput } from "../validation";
import { toDeployView, type DeployView } from "./deploy-view";
import { assertNotBusy, loadTargets } from "./load-targets";
import { asDplError, repositoryOf } from "./verify-deploy";

export const RollbackInputSchema = z.object({
  environment: EnvironmentNameSchema,
  toDeployId: DeployIdSchema.optional(),
  reason: RequiredReasonSchema,
  lock: z.boolean().optional(),
  source: SourceSchema,
  confirmation: z.string().max(200).optional(),
});

export type RollbackInput = { environment: string; toDeployId?: string; reason: string; lock?: boolean; source: Source; confirmation?: string };

/** A new deploy reusing an earlier deploy's label. Passes through locks (a lock stops new code, not the way back) and locks afterwards unless lock: false. */
export async function rollback(deps: Deps, actor: Actor, raw: RollbackInput): Promise<{ deploy: DeployView }> {
  const loose = raw as Partial<RollbackInput>;
  const context = environmentRefusal(actor, raw, "rollback.refused", {
    reason: looseText(loose.reason, 500),
    toDeployId: looseText(loose.toDeployId, 64),
  });
  return auditRefusals(deps.audit, context, async () => {
    const input = parseInput(RollbackInputSchema, raw);
    authorize(actor, "rollback");
    const { application, environment } = await loadTargets(deps, { environment: input.environment });
    authorize(actor, "rollback", environment);
    checkConfirmation(input.source, environment, input.confirmation);
    // The target is chosen from the label the database last saw (the tracker and poller keep
    // it fresh), so EB and ECR are read in parallel; if EB says otherwise, choose again. It is
    // looked up alongside the busy check, which is still judged first.
    const choosing = chooseTarget(deps, environment.name, environment.versionLabel, input.toDeployId);
    choosing.catch(() => undefined);
    await assertNotBusy(deps, environment.name);
    let target = await choosing;
    const imageOf = (deploy: DeployRecord) =>
      deploy.imageDigest ? deps.aws.registry.findImage(repositoryOf(application), { digest: deploy.imageDigest }) : Promise.resolve(undefined);
    const [live, imageFound] = await Promise.all([
      deps.aws.beanstalk.describeEnvironments({ names: [environment.name] }).then((list) => list.find((e) => e.name === environment.name) ?? null),
      imageOf(target),
    ]).catch((error: unknown) => {
      throw asDplError(error);
    });
    let image = imageFound;
    if (live && live.versionLabel !== environment.versionLabel && !input.toDeployId) {
      const again = await chooseTarget(deps, environment.name, live.versionLabel, undefined);
      if (again.id !== target.id) {
        target = again;
        image = await imageOf(target).catch((error: unknown) => {
          throw asDplError(error);
        });
      }
    }
    if (!live) throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${environment.name}.`, { environment: environment.name });
    if (live.status !== "Ready") {
      throw new DplError(
        "ENVIRONMENT_NOT_READY",
        `${live.name} is ${live.status ?? "in an unknown state"}, not Ready; try again when its current operation ends.`,
        { environment: live.name, status: live.status },
      );
    }
    if (image === null) {
      throw new DplError(
        "ROLLBACK_NOT_POSSIBLE",
        `The image of deploy ${target.id} (${target.imageTag ?? target.imageDigest}) is gone from ECR, so EB could not pull it. Pick another deploy or push the image again.`,
        {
          toDeployId: target.id,
          digest: target.imageDigest,
        },
      );
    }
    const deploy = await deps.deploys.create(
      {
        kind: "ROLLBACK",
        applicationName: application.name,
        environmentName: environment.name,
        imageTag: target.imageTag,
        imageDigest: target.imageDigest,
        imageUri: target.imageUri,
        imagePushedAt: target.imagePushedAt,
        commitSha: target.commitSha,
        bundleHash: target.bundleHash,
        bundleFileName: target.bundleFileName,
        bundle: target.bundle,
        versionLabel: target.versionLabel,
        s3Bucket: target.s3Bucket,
        s3Key: target.s3Key,
        templateRevision: target.templateRevision,
        previousVersionLabel: live.versionLabel,
        rollbackOfId: target.id,
        actorId: actor.type === "SYSTEM" ? null : actor.userId,
        actorName: actorLabel(actor),
        tokenId: actor.type === "TOKEN" ? actor.tokenId : null,
        source: input.source,
        reason: input.reason,
        lockAfter: input.lock ?? true,
      },
      {
        actor,
        source: input.source,
        action: "rollback.start",
        targetType: "environment",
        target: environment.name,
        applicationName: application.name,
        environmentName: environment.name,
        outcome: "SUCCESS",
        message: `Roll ${environment.name} back to ${target.versionLabel}`,
        details: { toDeployId: target.id, versionLabel: target.versionLabel, tag: target.imageTag, reason: input.reason, lock: input.lock ?? true },
      },
      (id) => ({ task: "register", payload: { deployId: id }, jobKey: `deploy:${id}`, maxAttempts: 5 }),
    );
    deps.events.publish({
      type: "deploy.started",
      deployId: deploy.id,
      environment: environment.name,
      application: application.name,
      actorName: deploy.actorName,
      imageTag: deploy.imageTag,
      reason: input.reason,
      at: deps.clock.now(),
    });
    return { deploy: toDeployView(deploy, [], deps.config.publicUrl) };
  });
}

/** The named deploy, or the last SUCCEEDED one before the one running now. */
async function chooseTarget(deps: Deps, environment: string, runningLabel: string | null, toDeployId: string | undefined): Promise<DeployRecord> {
  if (toDeployId) {
    const target = await deps.deploys.get(toDeployId);
    if (!target || target.environmentName !== environment) throw new DplError("DEPLOY_NOT_FOUND", `No deploy ${toDeployId} of ${environment}.`, { toDeployId });
    if (target.status !== "SUCCEEDED" || !target.versionLabel) {
      throw new DplError("ROLLBACK_NOT_POSSIBLE", `Deploy ${toDeployId} ended ${target.status}; roll back only to a deploy that succeeded.`, {
        toDeployId,
        status: target.status,
      });
    }
    return target;
  }
  const succeeded = await deps.deploys.succeeded(environment, 50);
  // What runs now is EB's label; after a failed deploy that is not the newest success.
  const current = runningLabel ?? succeeded[0]?.versionLabel;
  const target = succeeded.find((d) => d.versionLabel && d.versionLabel !== current);
  if (!target) throw new DplError("ROLLBACK_NOT_POSSIBLE", `${environment} has no earlier successful deploy to roll back to.`, { environment });
  return target;
}
