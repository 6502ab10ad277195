import { DplError } from "../errors";
import type { ApplicationRecord, Deps, DeployRecord, EnvironmentRecord, LockRecord } from "../ports";
import { pollEnvironments } from "../inventory/poll-environments";

/**
 * The application and environment as dpl knows them. Pages read the database only; here a
 * name the poller has not seen yet triggers one inline poll, so a brand-new EB environment
 * is deployable before the next scheduled poll.
 */
export async function loadTargets(
  deps: Deps,
  names: { application?: string; environment: string },
): Promise<{ application: ApplicationRecord; environment: EnvironmentRecord }> {
  // Both reads at once when the caller names the application (a deploy does): the usual
  // answer needs no third.
  const named = names.application ? deps.catalog.application(names.application) : Promise.resolve(null);
  let [environment, application] = await Promise.all([deps.catalog.environment(names.environment), named]);
  if (!environment || environment.goneAt) {
    await pollEnvironments(deps);
    environment = await deps.catalog.environment(names.environment);
  }
  if (!environment || environment.goneAt) {
    if (names.application && !(await deps.catalog.application(names.application))) {
      throw new DplError("APPLICATION_NOT_FOUND", `No Elastic Beanstalk application named ${names.application}.`, { application: names.application });
    }
    throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${names.environment}.`, { environment: names.environment });
  }
  if (names.application && environment.applicationName !== names.application) {
    if (!(await deps.catalog.application(names.application))) {
      throw new DplError("APPLICATION_NOT_FOUND", `No Elastic Beanstalk application named ${names.application}.`, { application: names.application });
    }
    throw new DplError("ENVIRONMENT_NOT_FOUND", `Environment ${names.environment} belongs to ${environment.applicationName}, not ${names.application}.`, {
      environment: names.environment,
      application: names.application,
    });
  }
  if (application?.name !== environment.applicationName) application = await deps.catalog.application(environment.applicationName);
  if (!application)
    throw new DplError("APPLICATION_NOT_FOUND", `No Elastic Beanstalk application named ${environment.applicationName}.`, {
      application: environment.applicationName,
    });
  return { application, environment };
}

/** An open lock blocks new code until it is lifted or expires. */
export function blockingLock(lock: LockRecord | null, now: Date): LockRecord | null {
  if (!lock) return null;
  if (lock.expiresAt && lock.expiresAt <= now) return null;
  return lock;
}

export function lockedError(environment: string, lock: LockRecord): DplError {
  const until = lock.expiresAt ? ` until ${lock.expiresAt.toISOString()}` : "";
  return new DplError("ENVIRONMENT_LOCKED", `${environment} is locked by ${lock.authorName}${until}: ${lock.reason}`, {
    author: lock.authorName,
    reason: lock.reason,
    expiresAt: lock.expiresAt?.toISOString() ?? null,
    lockId: lock.id,
  });
}

export async function assertNotBusy(deps: Deps, environment: string): Promise<void> {
  const active = await deps.deploys.active(environment);
  if (active) throw busyError(environment, active);
}

export function busyError(environment: string, active: DeployRecord): DplError {
  return new DplError(
    "ENVIRONMENT_BUSY",
    `${environment} is busy: deploy ${active.id} by ${active.actorName} is ${active.status.toLowerCase()}. Wait for it to finish or cancel it.`,
    { deployId: active.id, environment },
  );
}
