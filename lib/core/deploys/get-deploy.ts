import type { Actor } from "../actor";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps } from "../ports";
import { DeployIdSchema } from "../validation";
import { toDeployView, type DeployView } from "./deploy-view";

export async function getDeploy(deps: Deps, actor: Actor, id: string): Promise<DeployView> {
  authorize(actor, "read");
  const deploy = DeployIdSchema.safeParse(id).success ? await deps.deploys.get(id) : null;
  if (!deploy) throw new DplError("DEPLOY_NOT_FOUND", `No deploy ${String(id).slice(0, 64)}.`, { deployId: String(id).slice(0, 64) });
  return toDeployView(deploy, await deps.deploys.listEvents(id), deps.config.publicUrl);
}
