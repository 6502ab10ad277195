import { AwsCallError } from "../errors";
import type { Deps } from "../ports";

/**
 * A repository dpl has never listed (its first start, a new application) is listed now, once,
 * so the first read of it is its images, not an empty list. Later reads use the poller's rows.
 */
export async function listImagesIfNeverListed(deps: Deps, repository: string): Promise<void> {
  if (!(await deps.inventory.hasSynced(repository))) await pollImages(deps, { repositories: [repository] });
}

/** Every application's ECR repository, DescribeImages at maxResults 1000 (the fewest calls), stored for the pages. */
export async function pollImages(deps: Deps, options: { repositories?: string[] } = {}): Promise<void> {
  const repositories = options.repositories ?? (await deps.inventory.repositories());
  await Promise.all(
    repositories.map(async (repository) => {
      const syncedAt = deps.clock.now();
      try {
        const listing = await deps.aws.registry.listImages(repository);
        if (!listing) return deps.inventory.saveRepositoryError(repository, `The ECR repository ${repository} does not exist.`, syncedAt);
        await deps.inventory.saveImages(listing, syncedAt);
      } catch (error) {
        if (!(error instanceof AwsCallError)) throw error;
        await deps.inventory.saveRepositoryError(repository, `${error.awsCode}: ${error.message}`, syncedAt);
      }
    }),
  );
}
