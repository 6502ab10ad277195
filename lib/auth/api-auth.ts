import "server-only";
import type { Actor, Role } from "@/lib/core/actor";
import { authorize, type Permission } from "@/lib/core/authorize";
import { DplError, isDplError } from "@/lib/core/errors";
import { apiError } from "@/lib/http/api-error";
import { recordDenial } from "./audit";
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
    throw new DplError("UNAUTHENTICATED", 'Sign in, or send "Authorization: Bearer dpl_..." with a token from Settings > API tokens.');
  }
  return actor;
}

const permissionFor: Record<Role, Permission> = { VIEWER: "read", DEPLOYER: "deploy", ADMIN: "admin" };

/**
 * authenticateRequest plus a role check through authorize() (token scopes and protected
 * environments included), auditing a refusal with who tried what. Use cases authorize again
 * themselves; this is for handlers that want to refuse before parsing a body.
 */
export async function authorizeRequest(
  request: Request,
  role: Role,
  options: { environment?: { name: string; protected: boolean }; action?: string } = {},
): Promise<Actor> {
  const actor = await authenticateRequest(request);
  try {
    authorize(actor, permissionFor[role], options.environment);
  } catch (error) {
    if (isDplError(error)) {
      const { pathname } = new URL(request.url);
      await recordDenial(actor, error, {
        action: options.action ?? `${request.method} ${pathname}`,
        target: options.environment?.name ?? pathname,
        environmentName: options.environment?.name ?? null,
      });
    }
    throw error;
  }
  return actor;
}

export { apiError };
