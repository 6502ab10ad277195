import type { z } from "zod";
import { environmentParam } from "@/lib/api/params";
import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { presentLock } from "@/lib/api/present";
import { LockBody } from "@/lib/api/schemas";
import { services } from "@/lib/services";

export const dynamic = "force-dynamic";

export const PUT = apiRoute<{ name: string }, z.infer<typeof LockBody>>({
  body: LockBody,
  handle: async ({ actor, params, body, source }) => {
    const { lock } = await services().lockEnvironment(actor, {
      environment: environmentParam(params.name),
      reason: body.reason,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
      source,
    });
    return { status: 200, body: { lock: presentLock(lock) } };
  },
});

export const DELETE = apiRoute<{ name: string }>({
  handle: async ({ actor, params, source }) => {
    const { released } = await services().unlockEnvironment(actor, { environment: environmentParam(params.name), source });
    return { status: 200, body: { released } };
  },
});

export const GET = methodNotAllowed("PUT", "DELETE");
export const POST = methodNotAllowed("PUT", "DELETE");
export const PATCH = methodNotAllowed("PUT", "DELETE");
