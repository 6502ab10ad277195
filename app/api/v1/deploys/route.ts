import type { z } from "zod";
import { apiRoute, methodNotAllowed, validate } from "@/lib/api/handler";
import { withIdempotency, requestHash } from "@/lib/api/idempotency";
import { IdempotencyKeySchema, StartDeployBody } from "@/lib/api/schemas";
import { services } from "@/lib/services";

export const dynamic = "force-dynamic";

export const POST = apiRoute<Record<string, never>, z.infer<typeof StartDeployBody>>({
  body: StartDeployBody,
  handle: async ({ request, actor, body, source }) => {
    const header = request.headers.get("idempotency-key");
    const key = header === null ? null : validate(IdempotencyKeySchema, header);
    return withIdempotency(actor, key, requestHash(body), async () => {
      const { deploy, noop } = await services().startDeploy(actor, { ...body, source, idempotencyKey: key ?? undefined });
      if (noop) return { status: 200, body: { id: deploy.id, status: "SUCCEEDED", noop: true } };
      return { status: 202, body: { id: deploy.id, status: deploy.status, url: deploy.url }, headers: { Location: `/api/v1/deploys/${deploy.id}` } };
    });
  },
});

export const GET = methodNotAllowed("POST");
export const PUT = methodNotAllowed("POST");
export const PATCH = methodNotAllowed("POST");
export const DELETE = methodNotAllowed("POST");
