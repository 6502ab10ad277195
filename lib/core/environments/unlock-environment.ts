import { z } from "zod";
import { actorLabel, type Actor, type Source } from "../actor";
import { auditRefusals, environmentRefusal } from "../audit-refusal";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps } from "../ports";
import { EnvironmentNameSchema, SourceSchema, parseInput } from "../validation";

export const UnlockEnvironmentInputSchema = z.object({ environment: EnvironmentNameSchema, source: SourceSchema });
export type UnlockEnvironmentInput = { environment: string; source: Source };

/** A lock is lifted by its author or an admin (an expired lock stops blocking on its own). */
export async function unlockEnvironment(deps: Deps, actor: Actor, raw: UnlockEnvironmentInput): Promise<{ released: boolean }> {
  const context = environmentRefusal(actor, raw, "lock.release");
  return auditRefusals(deps.audit, context, async () => {
    const input = parseInput(UnlockEnvironmentInputSchema, raw);
    const environment = await deps.catalog.environment(input.environment);
    if (!environment)
      throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${input.environment}.`, { environment: input.environment });
    authorize(actor, "unlock", environment);
    const lock = await deps.locks.open(environment.name);
    if (!lock) throw new DplError("NOT_FOUND", `${environment.name} is not locked.`, { environment: environment.name });
    const isAuthor = actor.type !== "SYSTEM" && lock.authorId !== null && lock.authorId === actor.userId;
    if (!isAuthor && actor.role !== "ADMIN") {
      throw new DplError("FORBIDDEN", `Only ${lock.authorName} (who locked ${environment.name}) or an admin can lift this lock.`, {
        author: lock.authorName,
        lockId: lock.id,
      });
    }
    const released = await deps.locks.release(lock.id, actorLabel(actor), {
      actor,
      source: input.source,
      action: "lock.release",
      targetType: "environment",
      target: environment.name,
      applicationName: environment.applicationName,
      environmentName: environment.name,
      outcome: "SUCCESS",
      message: `Unlocked ${environment.name} (locked by ${lock.authorName}: ${lock.reason})`,
      details: { lockId: lock.id, reason: lock.reason },
    });
    if (released)
      deps.events.publish({
        type: "environment.unlocked",
        environment: environment.name,
        application: environment.applicationName,
        actorName: actorLabel(actor),
        at: deps.clock.now(),
      });
    return { released };
  });
}
