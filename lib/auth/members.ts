import type { Actor, Role } from "@/lib/core/actor";
import { authorize } from "@/lib/core/authorize";
import { DplError } from "@/lib/core/errors";
import { db, type PrismaClient } from "@/lib/db/client";
import { actorColumns } from "./audit";

// Settings > Members: an admin promotes, demotes, disables and re-enables people. Each
// change and its audit row commit together; the change applies on the member's next request
// because lib/auth/session.ts re-reads role and status every time.

type Client = Pick<PrismaClient, "$transaction">;
type Change = { role: Role } | { disabled: boolean };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function changeMember(actor: Actor, userId: string, change: Change, client: Client = db()): Promise<void> {
  authorize(actor, "admin");
  if (!uuidPattern.test(userId)) throw new DplError("NOT_FOUND", "No member with that id.", { userId });
  await client.$transaction(async (tx) => {
    // Serialize member changes, so two admins demoting each other cannot leave no admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
    const member = await tx.user.findUnique({ where: { id: userId }, select: { email: true, name: true, role: true, disabledAt: true } });
    if (!member) throw new DplError("NOT_FOUND", "No member with that id; they may have been removed.", { userId });
    const losesAdmin = member.role === "ADMIN" && !member.disabledAt && ("role" in change ? change.role !== "ADMIN" : change.disabled);
    if (losesAdmin) {
      const admins = await tx.user.count({ where: { role: "ADMIN", disabledAt: null } });
      if (admins <= 1) throw new DplError("CONFLICT", `${member.name ?? member.email} is the last admin; promote someone else first.`);
    }
    const data = "role" in change ? { role: change.role } : { disabledAt: change.disabled ? (member.disabledAt ?? new Date()) : null };
    await tx.user.update({ where: { id: userId }, data });
    await tx.auditEvent.create({
      data: {
        ...actorColumns(actor),
        source: actor.type === "TOKEN" ? "API" : actor.type === "SYSTEM" ? "SYSTEM" : "WEB",
        action: "role" in change ? "member.role" : change.disabled ? "member.disable" : "member.enable",
        targetType: "member",
        target: member.email ?? userId,
        outcome: "SUCCESS",
        details: "role" in change ? { userId, from: member.role, to: change.role } : { userId },
      },
    });
  });
}

export type MemberRow = {
  id: string;
  name: string | null;
  email: string | null;
  role: Role;
  disabledAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
};

export async function listMembers(actor: Actor, client: Pick<PrismaClient, "user"> = db()): Promise<MemberRow[]> {
  authorize(actor, "admin");
  const rows = await client.user.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { role: "desc" }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true, disabledAt: true, lastSeenAt: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, role: row.role as Role }));
}

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  environments: string[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: string;
};

export async function listApiTokens(actor: Actor, client: Pick<PrismaClient, "apiToken"> = db()): Promise<TokenRow[]> {
  authorize(actor, "admin");
  const rows = await client.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      environments: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { name: true, email: true } },
    },
  });
  return rows.map(({ createdBy, ...row }) => ({ ...row, role: row.role as Role, createdBy: createdBy.name ?? createdBy.email ?? "unknown" }));
}
