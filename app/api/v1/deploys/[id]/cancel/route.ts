import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { DplError } from "@/lib/core/errors";
import { DeployIdSchema } from "@/lib/core/validation";
import { services } from "@/lib/services";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>({
  handle: async ({ actor, params, source }) => {
    if (!DeployIdSchema.safeParse(params.id).success) {
      throw new DplError("DEPLOY_NOT_FOUND", `No deploy ${params.id.slice(0, 64)}.`, { deployId: params.id.slice(0, 64) });
    }
    const { deploy } = await services().cancelDeploy(actor, { deployId: params.id, source });
    return { status: 202, body: { id: deploy.id, status: deploy.status, url: deploy.url } };
  },
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
