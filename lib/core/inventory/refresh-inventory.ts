import type { Actor } from "../actor";
import { authorize } from "../authorize";
import { AwsCallError } from "../errors";
import type { Deps } from "../ports";
import { pollEnvironments } from "./poll-environments";
import { pollImages } from "./poll-images";

/** "Refresh" on a page: re-poll now instead of waiting for the next scheduled poll. */
export async function refreshInventory(deps: Deps, actor: Actor, input: { application?: string } = {}): Promise<void> {
  authorize(actor, "read");
  try {
    await pollEnvironments(deps, input);
    const application = input.application ? await deps.catalog.application(input.application) : null;
    await pollImages(deps, application ? { repositories: [application.ecrRepository ?? application.name] } : {});
  } catch (error) {
    throw error instanceof AwsCallError ? error.toDplError() : error;
  }
}
