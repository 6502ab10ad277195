import { z } from "zod";
import type { Actor, Source } from "../actor";
import { auditRefusals } from "../audit-refusal";
import { authorize } from "../authorize";
import { AwsCallError, DplError } from "../errors";
import type { Deps } from "../ports";
import { DeployIdSchema, SourceSchema, parseInput } from "../validation";
import { toDeployView, type DeployView } from "./deploy-view";

export const CancelDeployInputSchema = z.object({ deployId: DeployIdSchema, source: SourceSchema });
export type CancelDeployInput = { deployId: string; source: Source };

/** AbortEnvironmentUpdate while UPDATING; the tracker ends it CANCELLED once EB has rolled back. */
export async function cancelDeploy(deps: Deps, actor: Actor, raw: CancelDeployInput): Promise<{ deploy: DeployView }> {
  const loose = raw as Partial<CancelDeployInput>;
  let environmentName: string | null = null;
  let applicationName: string | null = null;
  const context = () => ({
    actor,
    source: (SourceSchema.safeParse(loose.source).success ? loose.source : "API") as Source,
    action: "deploy.cancel",
    targetType: "deploy",
    target: typeof loose.deployId === "string" ? loose.deployId.slice(0, 64) : "unknown",
    environmentName,
    applicationName,
    deployId: typeof loose.deployId === "string" && DeployIdSchema.safeParse(loose.deployId).success ? loose.deployId : null,
  });
  return auditRefusals(deps.audit, context, async () => {
    const input = parseInput(CancelDeployInputSchema, raw);
    const deploy = await deps.deploys.get(input.deployId);
    if (!deploy) throw new DplError("DEPLOY_NOT_FOUND", `No deploy ${input.deployId}.`, { deployId: input.deployId });
    environmentName = deploy.environmentName;
    applicationName = deploy.applicationName;
    const environment = await deps.catalog.environment(deploy.environmentName);
    authorize(actor, "cancel", { name: deploy.environmentName, protected: environment?.protected ?? false });
    if (deploy.status !== "UPDATING" || !deploy.ebRequestId || deploy.cancelRequestedAt) {
      throw new DplError(
        "DEPLOY_NOT_CANCELLABLE",
        `Deploy ${deploy.id} is ${deploy.status.toLowerCase()}${deploy.cancelRequestedAt ? " and already being cancelled" : ""}; only a deploy Elastic Beanstalk is applying can be cancelled.`,
        {
          deployId: deploy.id,
          status: deploy.status,
        },
      );
    }
    try {
      await deps.aws.beanstalk.abortEnvironmentUpdate(deploy.environmentName);
    } catch (error) {
      // EB finished (or was past the point of no return) between our read and the abort.
      if (error instanceof AwsCallError && /no abortable operation/i.test(error.message)) {
        throw new DplError("DEPLOY_NOT_CANCELLABLE", `Elastic Beanstalk has nothing left to abort on ${deploy.environmentName}; the deploy is finishing.`, {
          deployId: deploy.id,
        });
      }
      throw error instanceof AwsCallError ? error.toDplError() : error;
    }
    const updated = await deps.deploys.update(deploy.id, {
      from: ["UPDATING"],
      patch: { cancelRequestedAt: deps.clock.now() },
      audit: {
        actor,
        source: input.source,
        action: "deploy.cancel",
        targetType: "deploy",
        target: deploy.id,
        applicationName: deploy.applicationName,
        environmentName: deploy.environmentName,
        outcome: "SUCCESS",
        message: `Cancel requested for ${deploy.versionLabel} on ${deploy.environmentName}`,
      },
    });
    if (!updated) throw new DplError("DEPLOY_NOT_CANCELLABLE", `Deploy ${deploy.id} finished before it could be cancelled.`, { deployId: deploy.id });
    return { deploy: toDeployView(updated, await deps.deploys.listEvents(deploy.id), deps.config.publicUrl) };
  });
}
