import { publicUrl } from "@/lib/config";
import type { DomainEvent } from "@/lib/core/ports";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { buildPayload, isNotifiable } from "./payload";

export const NOTIFY_TASK = "notify";

type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * The delivery's next attempt as a graphile-worker job (runAt: now, or after the backoff).
 * Keyed by the delivery, so a delivery never has two attempts queued. The job's own attempts
 * (3) only cover a crash mid-attempt; receiver failures are retried by scheduling anew.
 */
export async function scheduleDelivery(sql: Sql, deliveryId: string, runAt: Date | null): Promise<void> {
  await sql.$executeRaw`SELECT graphile_worker.add_job(
    ${NOTIFY_TASK}::text, ${JSON.stringify({ deliveryId })}::json, NULL::text, ${runAt}::timestamptz, 3, ${`notify:${deliveryId}`}::text)`;
}

/**
 * Subscribed to domain events (after commit): one delivery row per matching channel, and its
 * job, in one transaction. Only database writes happen here; the HTTP calls run in the job
 * queue, so a slow or failing receiver never delays or fails a deploy.
 */
export async function enqueueNotifications(event: DomainEvent): Promise<number> {
  const type = event.type;
  if (!isNotifiable(type)) return 0;
  const channels = await db().notificationChannel.findMany({
    where: {
      enabled: true,
      AND: [
        { OR: [{ applicationName: null }, { applicationName: event.application }] },
        { OR: [{ environmentName: null }, { environmentName: event.environment }] },
        { OR: [{ events: { isEmpty: true } }, { events: { has: type } }] },
      ],
    },
    select: { id: true },
  });
  if (channels.length === 0) return 0;
  const [deploy, application] = await Promise.all([
    event.deployId
      ? db().deploy.findUnique({
          where: { id: event.deployId },
          select: {
            kind: true,
            imageTag: true,
            commitSha: true,
            actorName: true,
            reason: true,
            createdAt: true,
            startedAt: true,
            finishedAt: true,
            errorCode: true,
            errorMessage: true,
          },
        })
      : null,
    db().application.findUnique({ where: { name: event.application }, select: { commitUrlTemplate: true } }),
  ]);
  const payload = buildPayload({ ...event, type }, { deploy, commitUrlTemplate: application?.commitUrlTemplate ?? null, publicUrl: publicUrl() });
  await db().$transaction(async (tx) => {
    for (const channel of channels) {
      const delivery = await tx.notificationDelivery.create({
        data: {
          channelId: channel.id,
          event: type,
          deployId: event.deployId ?? null,
          payload: payload as unknown as Prisma.InputJsonValue,
          nextAttemptAt: new Date(),
        },
        select: { id: true },
      });
      await scheduleDelivery(tx, delivery.id, null);
    }
  });
  return channels.length;
}
