import { z } from "zod";
import type { Actor, Role } from "@/lib/core/actor";
import { authorize } from "@/lib/core/authorize";
import { DplError } from "@/lib/core/errors";
import { db, type PrismaClient } from "@/lib/db/client";
import { actorColumns, recordDenial } from "./audit";
import { generateToken, hashToken, isWellFormedToken, tokenPrefix } from "./token-format";

// API tokens: created and revoked by admins (audited in the same transaction), resolved on
// every API request to a TOKEN actor attributed to the token and its creator.

export const CreateApiTokenInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the token a name, e.g. "CI deploys".').max(100, "Keep the name under 100 characters."),
  role: z.enum(["VIEWER", "DEPLOYER", "ADMIN"]),
  environments: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, "Environment names are letters, digits and dashes (4-40 characters)."),
    )
    .max(100)
    .transform((names) => [...new Set(names)]),
  expiresAt: z
    .date()
    .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future.")
    .optional(),
});

export type CreateApiTokenInput = z.input<typeof CreateApiTokenInputSchema>;

type Client = Pick<PrismaClient, "$transaction" | "apiToken" | "auditEvent" | "user">;

export async function createApiToken(actor: Actor, input: CreateApiTokenInput, client: Client = db()): Promise<{ token: string; id: string }> {
  authorize(actor, "admin");
  if (actor.type === "SYSTEM") throw new DplError("FORBIDDEN", "API tokens are created by a person, so their use can be attributed.");
  return mintApiToken(client, actor, actor.userId, input);
}

/**
 * Inserts a token and its audit row in one transaction. `ownerId` is the member the token's
 * use is attributed to; callers other than createApiToken (the demo seed) check rights themselves.
 */
export async function mintApiToken(client: Client, auditActor: Actor, ownerId: string, input: CreateApiTokenInput): Promise<{ token: string; id: string }> {
  const parsed = CreateApiTokenInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DplError("VALIDATION_FAILED", issue.message, { field: String(issue.path[0] ?? "") });
  }
  const { name, role, environments, expiresAt } = parsed.data;
  const token = generateToken();
  const created = await client.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { name, role, environments, expiresAt: expiresAt ?? null, tokenHash: hashToken(token), prefix: tokenPrefix(token), createdById: ownerId },
      select: { id: true },
    });
    await tx.auditEvent.create({
      data: {
        ...actorColumns(auditActor),
        source: auditActor.type === "TOKEN" ? "API" : auditActor.type === "SYSTEM" ? "SYSTEM" : "WEB",
        action: "token.create",
        targetType: "api_token",
        target: name,
        outcome: "SUCCESS",
        details: { tokenId: row.id, ownerId, role, environments, expiresAt: expiresAt?.toISOString() ?? null, prefix: tokenPrefix(token) },
      },
    });
    return row;
  });
  return { token, id: created.id };
}

export async function revokeApiToken(actor: Actor, id: string, client: Client = db()): Promise<void> {
  authorize(actor, "admin");
  await client.$transaction(async (tx) => {
    const existing = z.uuid().safeParse(id).success ? await tx.apiToken.findUnique({ where: { id }, select: { name: true, revokedAt: true } }) : null;
    if (!existing) throw new DplError("NOT_FOUND", "No API token with that id; it may have been deleted.", { id });
    if (existing.revokedAt) return;
    await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await tx.auditEvent.create({
      data: {
        ...actorColumns(actor),
        source: actor.type === "TOKEN" ? "API" : actor.type === "SYSTEM" ? "SYSTEM" : "WEB",
        action: "token.revoke",
        targetType: "api_token",
        target: existing.name,
        outcome: "SUCCESS",
        details: { tokenId: id },
      },
    });
  });
}

/**
 * The TOKEN actor for a presented token, or an UNAUTHENTICATED error saying exactly what is
 * wrong with it (a holder of a revoked token should learn it was revoked, not guess).
 */
export async function actorForToken(presented: string, client: Pick<PrismaClient, "apiToken"> = db(), now: Date = new Date()): Promise<Actor> {
  if (!isWellFormedToken(presented)) {
    throw new DplError("UNAUTHENTICATED", 'Malformed API token: dpl tokens are "dpl_" followed by 40 letters and digits. Create one in Settings > API tokens.');
  }
  const row = await client.apiToken.findUnique({
    where: { tokenHash: hashToken(presented) },
    include: { createdBy: { select: { id: true, name: true, email: true, disabledAt: true } } },
  });
  if (!row) throw new DplError("UNAUTHENTICATED", "Unknown API token: check DPL_TOKEN, or create a token in Settings > API tokens.");
  const actor: Actor = {
    type: "TOKEN",
    userId: row.createdBy.id,
    name: row.createdBy.name ?? row.createdBy.email ?? "unknown member",
    role: row.role as Role,
    tokenId: row.id,
    tokenName: row.name,
    environments: row.environments,
  };
  const refusal = row.revokedAt
    ? `API token "${row.name}" was revoked on ${row.revokedAt.toISOString()}; ask an admin for a new one.`
    : row.expiresAt && row.expiresAt.getTime() <= now.getTime()
      ? `API token "${row.name}" expired on ${row.expiresAt.toISOString()}; ask an admin for a new one.`
      : row.createdBy.disabledAt
        ? `API token "${row.name}" belongs to a disabled member; ask an admin for a new one.`
        : null;
  if (refusal) {
    const error = new DplError("UNAUTHENTICATED", refusal, { tokenId: row.id });
    // A known token used after it stopped working is worth a line in the audit log (CI still
    // holding a revoked token, or someone who kept a copy); unknown strings are not.
    await recordDenial(actor, error, { action: "api.authenticate", target: `token ${row.name}` });
    throw error;
  }
  // Throttled so a busy CI token does not turn every read into a write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 10_000) {
    await client.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return actor;
}
