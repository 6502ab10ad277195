import "server-only";
import type { Actor } from "@/lib/core/actor";
import { DplError } from "@/lib/core/errors";
import { apiError } from "@/lib/http/api-error";
import { auth } from "./auth";
import { actorForAuthorization } from "./bearer";
import { actorForUserId } from "./user-actor";

// Route handlers' authentication: `Authorization: Bearer dpl_...` for the CLI and CI, or the
// browser's session cookie so the dashboard can call the same API.

export async function authenticateRequest(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header !== null) return actorForAuthorization(header);
  const session = await auth();
  const actor = session?.user?.id ? await actorForUserId(session.user.id) : null;
  if (!actor) {
    throw new DplError("UNAUTHENTICATED", "Sign in, or send \"Authorization: Bearer dpl_...\" with a token from Settings > API tokens.");
  }
  return actor;
}

export { apiError };
