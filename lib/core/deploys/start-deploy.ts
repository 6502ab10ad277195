import { z } from "zod";
import { actorLabel, type Actor, type Source } from "../actor";
import { auditRefusals, checkConfirmation, environmentRefusal, looseText } from "../audit-refusal";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps } from "../ports";
import { ApplicationNameSchema, EnvironmentNameSchema, ImageTagSchema, ReasonSchema, SourceSchema, parseInput } from "../validation";
import { commitShaOf } from "./commit-links";
import { toDeployView, type DeployView } from "./deploy-view";
import { blockingLock, busyError, loadTargets, lockedError } from "./load-targets";
import { repositoryOf, verifyDeploy } from "./verify-deploy";

export const StartDeployInputSchema = z.object({
  application: ApplicationNameSchema,
  environment: EnvironmentNameSchema,
  tag: ImageTagSchema,
  reason: ReasonSchema.optional(),
  force: z.boolean().optional(),
  source: SourceSchema,
  confirmation: z.string().max(200).optional(),
  idempotencyKey: z.string().max(200).optional(),
});

export type StartDeployInput = {
  application: string;
  environment: string;
  tag: string;
  reason?: string;
  force?: boolean;
  source: Source;
  confirmation?: string;
  idempotencyKey?: string;
};

export type StartDeployResult = { deploy: DeployView; noop: boolean };

/** The request half of a deploy: validate, authorize, lock, verify (parallel reads), then PENDING + audit + job in one transaction. */
export async function startDeploy(deps: Deps, actor: Actor, raw: StartDeployInput): Promise<StartDeployResult> {
  const loose = raw as Partial<StartDeployInput>;
  const context = environmentRefusal(actor, raw, "deploy.refused", { tag: looseText(loose.tag, 128), reason: looseText(loose.reason, 500) });
  return auditRefusals(deps.audit, context, async () => {
    const input = parseInput(StartDeployInputSchema, raw);
    // The role first: nothing (not even an inventory poll for an unknown name) happens for a viewer.
    authorize(actor, "deploy");
    const { application, environment } = await loadTargets(deps, input);
    authorize(actor, "deploy", environment);
    checkConfirmation(input.source, environment, input.confirmation);
    // AWS's answers are on the critical path, so they are asked for now, alongside the lock
    // and the active deploy; the refusals are still judged in order: lock, busy, then AWS's.
    const verifying = verifyDeploy(deps, { application, environment, tag: input.tag });
    verifying.catch(() => undefined); // judged below, unless a lock or busy refusal comes first
    const [open, active] = await Promise.all([deps.locks.open(environment.name), deps.deploys.active(environment.name)]);
    const lock = blockingLock(open, deps.clock.now());
    if (lock) throw lockedError(environment.name, lock);
    if (active) throw busyError(environment.name, active);
    const plan = await verifying.catch(async (error: unknown) => {
      // EB busy with a deploy accepted a moment ago, by this dpl: say which, as the unique index would.
      const now = error instanceof DplError && error.code === "ENVIRONMENT_NOT_READY" ? await deps.deploys.active(environment.name) : null;
      throw now ? busyError(environment.name, now) : error;
    });

    // The same bundle already running and healthy: nothing to do unless forced.
    if (!input.force && plan.live.versionLabel === plan.versionLabel && plan.live.health === "Green") {
      const running = (await deps.deploys.succeeded(environment.name, 1))[0];
      if (running && running.versionLabel === plan.versionLabel) {
        return { deploy: toDeployView(running, await deps.deploys.listEvents(running.id), deps.config.publicUrl), noop: true };
      }
    }

    const now = deps.clock.now();
    const commitSha = commitShaOf(application, input.tag);
    const deploy = await deps.deploys.create(
      {
        kind: "DEPLOY",
        applicationName: application.name,
        environmentName: environment.name,
        imageTag: input.tag,
        imageDigest: plan.image.digest,
        imageUri: `${plan.image.repositoryUri}@${plan.image.digest}`,
        imagePushedAt: plan.image.pushedAt,
        commitSha,
        bundleHash: plan.bundle.hash,
        bundleFileName: plan.bundle.fileName,
        bundle: plan.bundle.bytes,
        versionLabel: plan.versionLabel,
        templateRevision: plan.template.revision,
        previousVersionLabel: plan.live.versionLabel,
        actorId: actor.type === "SYSTEM" ? null : actor.userId,
        actorName: actorLabel(actor),
        tokenId: actor.type === "TOKEN" ? actor.tokenId : null,
        source: input.source,
        reason: input.reason || null,
        force: input.force ?? false,
      },
      {
        actor,
        source: input.source,
        action: "deploy.start",
        targetType: "environment",
        target: environment.name,
        applicationName: application.name,
        environmentName: environment.name,
        outcome: "SUCCESS",
        message: `Deploy ${input.tag} to ${environment.name}`,
        details: {
          tag: input.tag,
          digest: plan.image.digest,
          versionLabel: plan.versionLabel,
          reason: input.reason ?? null,
          repository: repositoryOf(application),
          force: input.force ?? false,
        },
      },
      // The job names the bundle, so the worker looks for a version made from it while it claims the deploy.
      (id) => ({
        task: "register",
        payload: { deployId: id, application: application.name, bundleHash: plan.bundle.hash },
        jobKey: `deploy:${id}`,
        maxAttempts: 5,
      }),
    );
    deps.events.publish({
      type: "deploy.started",
      deployId: deploy.id,
      environment: environment.name,
      application: application.name,
      actorName: actor.name,
      imageTag: input.tag,
      reason: deploy.reason,
      at: now,
    });
    return { deploy: toDeployView(deploy, [], deps.config.publicUrl), noop: false };
  });
}
