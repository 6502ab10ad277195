import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Actor, Role } from "@/lib/core/actor";
import { authorize, type Permission } from "@/lib/core/authorize";
import { DplError, isDplError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { recordDenial } from "./audit";
import { auth } from "./auth";
import { actorForUserId } from "./user-actor";

// The one place pages and server actions learn who is acting and whether they may.
// Every check runs here on the server; proxy.ts only saves a round trip.

/**
 * The signed-in person, with role and status re-read from the database on every call (a
 * demotion or a disable applies at once). Null when signed out, disabled, or idle past
 * DPL_SESSION_IDLE_MINUTES (the session cookie has expired).
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return actorForUserId(userId);
});

/** For pages and actions: the signed-in person, or a redirect to the sign-in page. */
export async function requireUser(): Promise<Actor> {
  const actor = await getActor();
  if (actor) return actor;
  redirect(`/signin?callbackUrl=${encodeURIComponent(await currentPath())}`);
}

const permissionFor: Record<Role, Permission> = { VIEWER: "read", DEPLOYER: "deploy", ADMIN: "admin" };

export type RequireRoleOptions = {
  /** The environment acted on: token scopes and protected environments are checked too. */
  environment?: string;
  /** What was attempted, for the audit row of a denial (default: the page or action). */
  action?: string;
};

/**
 * The signed-in person if their role suffices (via authorize(), the single rule); otherwise
 * a DENIED audit row saying who tried what, and DplError FORBIDDEN.
 */
export async function requireRole(role: Role, options: RequireRoleOptions = {}): Promise<Actor> {
  const actor = await requireUser();
  const environment = options.environment
    ? ((await db().environment.findUnique({ where: { name: options.environment }, select: { name: true, protected: true } })) ?? {
        name: options.environment,
        protected: false,
      })
    : undefined;
  try {
    authorize(actor, permissionFor[role], environment);
    return actor;
  } catch (error) {
    if (isDplError(error)) {
      await recordDenial(actor, error, {
        action: options.action ?? (await attemptedAction()),
        target: options.environment,
        environmentName: options.environment ?? null,
      });
    }
    throw error;
  }
}

export function isForbidden(error: unknown): error is DplError {
  return isDplError(error) && error.code === "FORBIDDEN";
}

async function currentPath(): Promise<string> {
  const h = await headers();
  const path = h.get("x-dpl-path") ?? "/";
  // Only same-site paths: the header is set by proxy.ts, but a client could send its own.
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

async function attemptedAction(): Promise<string> {
  const h = await headers();
  const serverAction = h.get("next-action");
  const path = await currentPath();
  return serverAction ? `server action ${serverAction.slice(0, 16)} on ${path}` : `open ${path}`;
}
