import type { Actor, Role } from "@/lib/core/actor";
import { db, type PrismaClient } from "@/lib/db/client";

// A signed-in person's actor, read fresh from the database on every call: the JWT only
// says who they are, never what they may do, so a demotion or a disable applies at once.

const lastSeenThrottleMs = 60_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function actorForUserId(userId: string, client: Pick<PrismaClient, "user"> = db(), now: Date = new Date()): Promise<Actor | null> {
  if (!uuidPattern.test(userId)) return null;
  const user = await client.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, role: true, disabledAt: true, lastSeenAt: true },
  });
  if (!user || user.disabledAt) return null;
  if (!user.lastSeenAt || now.getTime() - user.lastSeenAt.getTime() > lastSeenThrottleMs) {
    await client.user.update({ where: { id: user.id }, data: { lastSeenAt: now } });
  }
  return { type: "USER", userId: user.id, name: user.name ?? user.email ?? "unknown member", email: user.email, role: user.role as Role };
}
