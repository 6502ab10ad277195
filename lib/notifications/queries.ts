import "server-only";
import { db } from "@/lib/db/client";

// Settings > Notifications reads: the URL is shown by host only and the secret not at all,
// since a Slack webhook URL is itself the credential.

export async function listChannels() {
  const rows = await db().notificationChannel.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    host: URL.canParse(c.url) ? new URL(c.url).host : "invalid URL",
    hasSecret: Boolean(c.secret),
    applicationName: c.applicationName,
    environmentName: c.environmentName,
    events: c.events,
    enabled: c.enabled,
  }));
}

export async function listDeliveries(limit: number) {
  const rows = await db().notificationDelivery.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      lastStatus: true,
      lastError: true,
      nextAttemptAt: true,
      createdAt: true,
      channel: { select: { name: true } },
    },
  });
  return rows.map(({ channel, ...d }) => ({ ...d, channelName: channel.name }));
}
