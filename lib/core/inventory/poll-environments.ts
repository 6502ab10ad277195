import type { Deps } from "../ports";
import { defaultTemplate } from "../templates/default-template";
import { adoptExternalChanges } from "./adopt-external-changes";

/**
 * One poll of Elastic Beanstalk for every page and replica: applications and environments
 * (one call each, in parallel), then the account's new events (one call), then adoption.
 */
export async function pollEnvironments(deps: Deps, options: { application?: string } = {}): Promise<void> {
  const polledAt = deps.clock.now();
  const [applications, environments] = await Promise.all([deps.aws.beanstalk.describeApplications(), deps.aws.beanstalk.describeEnvironments()]);
  await deps.inventory.saveApplications(applications, () => defaultTemplate(deps.config.defaultContainerPort));
  const known = new Set(applications.map((a) => a.name));
  const live = environments.filter((e) => known.has(e.applicationName) && e.status !== "Terminated");
  await deps.inventory.saveEnvironments(live, polledAt);
  await pollEnvironmentEvents(
    deps,
    live.map((e) => e.name),
  );
  await adoptExternalChanges(deps, options.application ? live.filter((e) => e.applicationName === options.application) : live);
}

async function pollEnvironmentEvents(deps: Deps, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const cursors = await Promise.all(names.map((name) => deps.inventory.lastEventAt(name)));
  // One DescribeEvents for the whole account, from the oldest cursor (an hour back for a new environment).
  const hourAgo = new Date(deps.clock.now().getTime() - 3_600_000);
  const since = cursors.reduce<Date>((min, at) => (at && at < min ? at : min), deps.clock.now());
  const start = cursors.some((at) => at === null) ? hourAgo : new Date(since.getTime() + 1);
  const events = await deps.aws.beanstalk.describeEvents({ startTime: start });
  const wanted = new Set(names);
  await deps.inventory.saveEnvironmentEvents(
    events.filter((e) => e.environmentName && wanted.has(e.environmentName)).map((e) => ({ ...e, environmentName: e.environmentName as string })),
  );
}
