import { z } from "zod";
import { actorLabel, type Actor, type Source } from "../actor";
import { auditRefusals, environmentRefusal } from "../audit-refusal";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps, LockRecord } from "../ports";
import { EnvironmentNameSchema, RequiredReasonSchema, SourceSchema, parseInput } from "../validation";
import { blockingLock, lockedError } from "../deploys/load-targets";

export const LockEnvironmentInputSchema = z.object({
  environment: EnvironmentNameSchema,
  reason: RequiredReasonSchema,
  expiresAt: z.date({ error: "expiresAt must be a date" }).optional(),
  source: SourceSchema,
});
export type LockEnvironmentInput = { environment: string; reason: string; expiresAt?: Date; source: Source };

export async function lockEnvironment(deps: Deps, actor: Actor, raw: LockEnvironmentInput): Promise<{ lock: LockRecord }> {
  const context = environmentRefusal(actor, raw, "lock.create");
  return auditRefusals(deps.audit, context, async () => {
    const input = parseInput(LockEnvironmentInputSchema, raw);
    const now = deps.clock.now();
    if (input.expiresAt && input.expiresAt <= now) throw new DplError("VALIDATION_FAILED", "expiresAt must be in the future.", { field: "expiresAt" });
    const environment = await deps.catalog.environment(input.environment);
    if (!environment || environment.goneAt)
      throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${input.environment}.`, { environment: input.environment });
    authorize(actor, "lock", environment);
    const open = blockingLock(await deps.locks.open(environment.name), now);
    if (open) throw lockedError(environment.name, open);
    const lock = await deps.locks.create(
      {
        environmentName: environment.name,
        reason: input.reason,
        authorId: actor.type === "SYSTEM" ? null : actor.userId,
        authorName: actorLabel(actor),
        expiresAt: input.expiresAt ?? null,
      },
      {
        actor,
        source: input.source,
        action: "lock.create",
        targetType: "environment",
        target: environment.name,
        applicationName: environment.applicationName,
        environmentName: environment.name,
        outcome: "SUCCESS",
        message: `Locked ${environment.name}: ${input.reason}`,
        details: { reason: input.reason, expiresAt: input.expiresAt?.toISOString() ?? null },
      },
    );
    deps.events.publish({
      type: "environment.locked",
      environment: environment.name,
      application: environment.applicationName,
      actorName: lock.authorName,
      reason: input.reason,
      at: now,
    });
    return { lock };
  });
}
