import type { z } from "zod";
import { environmentParam } from "@/lib/api/params";
import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { RollbackBody } from "@/lib/api/schemas";
import { services } from "@/lib/services";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ name: string }, z.infer<typeof RollbackBody>>({
  body: RollbackBody,
  handle: async ({ actor, params, body, source }) => {
    const { deploy } = await services().rollback(actor, {
      environment: environmentParam(params.name),
      reason: body.reason,
      toDeployId: body.toDeployId,
      lock: body.lock,
      source,
    });
    return { status: 202, body: { id: deploy.id, status: deploy.status, url: deploy.url }, headers: { Location: `/api/v1/deploys/${deploy.id}` } };
  },
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
