import { db } from "@/lib/db/client";
import { redactString } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { scheduleDelivery } from "./enqueue";
import type { NotificationPayload } from "./payload";
import { deliveryPolicy, isPermanent, retryDelayMs, type DeliveryPolicy } from "./policy";
import { signatureFor, SIGNATURE_HEADER } from "./signature";
import { slackMessage } from "./slack-message";

type Channel = { kind: "SLACK" | "WEBHOOK"; url: string; secret: string | null };

/** The HTTP request a channel gets for a payload: Block Kit for Slack, signed JSON for webhooks. */
export function requestFor(channel: Channel, payload: NotificationPayload, deliveryId: string, now: Date): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "dpl-notifier" };
  if (channel.kind === "SLACK") return { body: JSON.stringify(slackMessage(payload)), headers };
  const body = JSON.stringify({ id: deliveryId, ...payload });
  const timestamp = Math.floor(now.getTime() / 1000);
  headers["x-dpl-event"] = payload.event;
  headers["x-dpl-delivery"] = deliveryId;
  headers["x-dpl-timestamp"] = String(timestamp);
  if (channel.secret) headers[SIGNATURE_HEADER] = signatureFor(channel.secret, timestamp, body);
  return { body, headers };
}

async function post(
  url: string,
  request: { body: string; headers: Record<string, string> },
  timeoutMs: number,
): Promise<{ status: number | null; error: string | null }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      body: request.body,
      headers: request.headers,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { status: response.status, error: response.ok ? null : `HTTP ${response.status} ${response.statusText}`.trim() };
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") return { status: null, error: `timeout: no answer within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: null, error: redactString(cause?.code ?? cause?.message ?? (error as Error).message) };
  }
}

/**
 * One attempt of one delivery (the notify job). The outcome is recorded on the delivery row;
 * a failure schedules the next attempt with exponential backoff until maxAttempts.
 */
export async function deliverNotification(deliveryId: string, policy: DeliveryPolicy = deliveryPolicy(), now: () => Date = () => new Date()): Promise<void> {
  const delivery = await db().notificationDelivery.findUnique({
    where: { id: deliveryId },
    include: { channel: { select: { kind: true, url: true, secret: true, enabled: true } } },
  });
  if (!delivery || delivery.status !== "PENDING") return;
  const attempts = delivery.attempts + 1;
  const outcome = delivery.channel.enabled
    ? await post(delivery.channel.url, requestFor(delivery.channel, delivery.payload as unknown as NotificationPayload, delivery.id, now()), policy.timeoutMs)
    : { status: null, error: "channel disabled" };
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const retry = !ok && delivery.channel.enabled && attempts < policy.maxAttempts && !isPermanent(outcome.status);
  const nextAttemptAt = retry ? new Date(now().getTime() + retryDelayMs(policy, attempts)) : null;
  await db().$transaction(async (tx) => {
    await tx.notificationDelivery.update({
      where: { id: deliveryId },
      data: {
        attempts,
        lastStatus: outcome.status,
        lastError: outcome.error?.slice(0, 500) ?? null,
        status: ok ? "DELIVERED" : retry ? "PENDING" : "FAILED",
        nextAttemptAt,
        deliveredAt: ok ? now() : null,
      },
    });
    if (nextAttemptAt) await scheduleDelivery(tx, deliveryId, nextAttemptAt);
  });
  metrics().deliveries.inc({ kind: delivery.channel.kind, outcome: ok ? "delivered" : retry ? "retry" : "failed" });
}
