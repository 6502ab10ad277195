import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { authorize } from "@/lib/core/authorize";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { NOTIFIABLE_EVENTS } from "./payload";

// Notification channels, managed by admins. Each change commits with its audit row; the
// audit records the channel's name and kind, never its URL or secret.

export const ChannelInputSchema = z.object({
  name: z.string().trim().min(1, "Give the channel a name").max(100),
  kind: z.enum(["SLACK", "WEBHOOK"]),
  url: z
    .string()
    .trim()
    .url("Enter the full URL, https://…")
    .refine((u) => u.startsWith("https://") || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u), "Use an https:// URL"),
  secret: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((s) => s || null),
  applicationName: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((s) => s || null),
  environmentName: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((s) => s || null),
  events: z.array(z.enum(NOTIFIABLE_EVENTS)).default([]),
});
export type ChannelInput = z.input<typeof ChannelInputSchema>;

const auditOf = (actor: Actor, action: string, target: string, details: Prisma.InputJsonObject) => ({
  actorType: actor.type,
  actorId: actor.type === "SYSTEM" ? null : actor.userId,
  actorName: actor.name,
  tokenId: actor.type === "TOKEN" ? actor.tokenId : null,
  source: "WEB" as const,
  action,
  targetType: "notification-channel",
  target,
  outcome: "SUCCESS" as const,
  details,
});

export async function createChannel(actor: Actor, raw: ChannelInput | z.output<typeof ChannelInputSchema>): Promise<string> {
  authorize(actor, "admin");
  const input = ChannelInputSchema.parse(raw);
  return db().$transaction(async (tx) => {
    const channel = await tx.notificationChannel.create({ data: input, select: { id: true } });
    await tx.auditEvent.create({
      data: {
        ...auditOf(actor, "notification.channel.create", input.name, { kind: input.kind, events: input.events }),
        applicationName: input.applicationName,
        environmentName: input.environmentName,
      },
    });
    return channel.id;
  });
}

export async function setChannelEnabled(actor: Actor, id: string, enabled: boolean): Promise<void> {
  authorize(actor, "admin");
  await db().$transaction(async (tx) => {
    const channel = await tx.notificationChannel.update({ where: { id }, data: { enabled }, select: { name: true } });
    await tx.auditEvent.create({ data: auditOf(actor, enabled ? "notification.channel.enable" : "notification.channel.disable", channel.name, { id }) });
  });
}

export async function deleteChannel(actor: Actor, id: string): Promise<void> {
  authorize(actor, "admin");
  await db().$transaction(async (tx) => {
    const channel = await tx.notificationChannel.delete({ where: { id }, select: { name: true } });
    await tx.auditEvent.create({ data: auditOf(actor, "notification.channel.delete", channel.name, { id }) });
  });
}
