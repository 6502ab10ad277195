import type { Actor, Source } from "@/lib/core/actor";
import type { DplError } from "@/lib/core/errors";
import { db, type PrismaClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Audit rows written by lib/auth: sign-ins, denials, member and token changes. The table is
// append-only (trigger + grants), so this only ever inserts.

type AuditWriter = Pick<PrismaClient, "auditEvent">;

export type AuthAuditEvent = {
  action: string;
  targetType: string;
  target: string;
  outcome: "SUCCESS" | "REFUSED" | "DENIED" | "FAILURE";
  environmentName?: string | null;
  source?: Source;
  code?: string;
  message?: string;
  details?: Prisma.InputJsonObject;
};

/** The columns that say who acted; TOKEN use is attributed to the token and its creator. */
export function actorColumns(actor: Actor) {
  switch (actor.type) {
    case "USER":
      return { actorType: "USER" as const, actorId: actor.userId, actorName: actor.name, tokenId: null };
    case "TOKEN":
      return { actorType: "TOKEN" as const, actorId: actor.userId, actorName: `${actor.name} (token ${actor.tokenName})`, tokenId: actor.tokenId };
    case "SYSTEM":
      return { actorType: "SYSTEM" as const, actorId: null, actorName: actor.name, tokenId: null };
    default: {
      const unreachable: never = actor;
      return unreachable;
    }
  }
}

export async function recordAuthAudit(actor: Actor | { anonymous: string }, event: AuthAuditEvent, client: AuditWriter = db()): Promise<void> {
  const who = "anonymous" in actor ? { actorType: "USER" as const, actorId: null, actorName: actor.anonymous, tokenId: null } : actorColumns(actor);
  await client.auditEvent.create({
    data: {
      ...who,
      source: event.source ?? ("anonymous" in actor ? "WEB" : actor.type === "TOKEN" ? "API" : actor.type === "SYSTEM" ? "SYSTEM" : "WEB"),
      action: event.action,
      targetType: event.targetType,
      target: event.target,
      environmentName: event.environmentName ?? null,
      outcome: event.outcome,
      code: event.code ?? null,
      message: event.message ?? null,
      details: event.details,
    },
  });
}

/** Every denial is audited with who tried what; a failed audit write must not hide the denial. */
export async function recordDenial(actor: Actor, error: DplError, what: { action: string; target?: string; environmentName?: string | null }): Promise<void> {
  try {
    await recordAuthAudit(actor, {
      action: what.action,
      targetType: what.environmentName ? "environment" : "route",
      target: what.target ?? what.environmentName ?? what.action,
      environmentName: what.environmentName,
      outcome: "DENIED",
      code: error.code,
      message: error.message,
      details: (error.details ?? {}) as Prisma.InputJsonObject,
    });
  } catch (auditError) {
    console.error(`dpl: could not audit a denial (${error.message}):`, auditError);
  }
}
