import type { Actor } from "@/lib/core/actor";
import { DplError } from "@/lib/core/errors";
import type { LockRecord, LockStore } from "@/lib/core/ports";
import { db } from "@/lib/db/client";
import { actorColumns, auditData, isUniqueViolation, type Tx } from "./prisma-helpers";

const lockSelect = { id: true, environmentName: true, reason: true, authorId: true, authorName: true, createdAt: true, expiresAt: true } as const;

/** An expired lock stays "open" in the table until something replaces it; release it so the one-open-lock index lets the new one in. */
async function releaseExpired(tx: Tx, environment: string, now: Date): Promise<void> {
  await tx.lock.updateMany({
    where: { environmentName: environment, releasedAt: null, expiresAt: { lte: now } },
    data: { releasedAt: now, releasedByName: "expired" },
  });
}

export function createLockStore(): LockStore {
  return {
    async open(environment) {
      return db().lock.findFirst({ where: { environmentName: environment, releasedAt: null }, select: lockSelect });
    },
    async create(lock, audit) {
      try {
        return await db().$transaction(async (tx) => {
          await releaseExpired(tx, lock.environmentName, new Date());
          const row = await tx.lock.create({ data: lock, select: lockSelect });
          await tx.auditEvent.create({ data: auditData({ ...audit, details: { ...audit.details, lockId: row.id } }) });
          return row;
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const open = await db().lock.findFirst({ where: { environmentName: lock.environmentName, releasedAt: null }, select: lockSelect });
        throw new DplError("ENVIRONMENT_LOCKED", `${lock.environmentName} is already locked by ${open?.authorName ?? "someone"}: ${open?.reason ?? ""}`, {
          author: open?.authorName,
          reason: open?.reason,
          expiresAt: open?.expiresAt?.toISOString() ?? null,
          lockId: open?.id,
        });
      }
    },
    async release(id, releasedByName, audit) {
      return db().$transaction(async (tx) => {
        const { count } = await tx.lock.updateMany({ where: { id, releasedAt: null }, data: { releasedAt: new Date(), releasedByName } });
        if (count === 0) return false;
        await tx.auditEvent.create({ data: auditData(audit) });
        return true;
      });
    },
  };
}

/** A rollback locks its environment when it succeeds, so a CI deploy does not silently undo it; an existing lock is kept. */
export async function writeLockAfterRollback(
  tx: Tx,
  environment: string,
  reason: string,
  author: Actor,
  application: string,
  deployId: string,
): Promise<LockRecord | null> {
  const now = new Date();
  await releaseExpired(tx, environment, now);
  const existing = await tx.lock.findFirst({ where: { environmentName: environment, releasedAt: null }, select: lockSelect });
  if (existing) return null;
  const who = actorColumns(author);
  const row = await tx.lock.create({ data: { environmentName: environment, reason, authorId: who.actorId, authorName: who.actorName }, select: lockSelect });
  await tx.auditEvent.create({
    data: auditData({
      actor: author,
      action: "lock.create",
      targetType: "environment",
      target: environment,
      applicationName: application,
      environmentName: environment,
      deployId,
      outcome: "SUCCESS",
      message: `Locked after rollback: ${reason}`,
      details: { lockId: row.id, reason, rollback: true },
    }),
  });
  return row;
}
