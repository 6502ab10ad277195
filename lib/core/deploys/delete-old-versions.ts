import type { Deps } from "../ports";

const keepPerEnvironment = 10;

/**
 * Version hygiene: before the account's quota bites, delete the oldest versions dpl made that
 * no environment runs and that are not among the last 10 successful deploys of any
 * environment. Bundles stay in the database, so a rollback can re-create a deleted label.
 */
export async function deleteOldVersions(deps: Deps, application: string, options: { urgent?: boolean } = {}): Promise<string[]> {
  const versions = await deps.catalog.listVersions(application);
  const max = deps.config.maxApplicationVersions;
  // Urgent (the quota was hit): free a tenth of the room at once, so the next deploys do not hit it again.
  const target = options.urgent ? Math.min(versions.length - 1, Math.floor(max * 0.9)) : max;
  if (versions.length <= target) return [];
  const [running, recent] = await Promise.all([
    deps.aws.beanstalk.describeEnvironments({ applicationName: application }).then((list) => new Set(list.map((e) => e.versionLabel).filter(Boolean))),
    deps.catalog.recentSuccessfulLabels(application, keepPerEnvironment),
  ]);
  const deleted: string[] = [];
  for (const version of versions) {
    if (versions.length - deleted.length <= target) break;
    if (running.has(version.versionLabel) || recent.has(version.versionLabel)) continue;
    try {
      await deps.aws.beanstalk.deleteVersion(application, version.versionLabel);
    } catch (error) {
      deps.log.warn("could not delete an application version", { application, versionLabel: version.versionLabel, error: (error as Error).message });
      continue;
    }
    await deps.catalog.markVersionDeleted(application, version.versionLabel);
    deleted.push(version.versionLabel);
  }
  if (deleted.length > 0) deps.log.info("deleted old application versions", { application, count: deleted.length });
  return deleted;
}
