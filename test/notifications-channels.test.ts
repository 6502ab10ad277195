import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { createChannel, deleteChannel, setChannelEnabled } from "@/lib/notifications/channels";
import { useTestDatabase } from "@/test/db";

useTestDatabase();

const admin: Actor = { type: "USER", userId: "00000000-0000-4000-8000-000000000001", name: "Adam Admin", role: "ADMIN" };
const deployer: Actor = { ...admin, name: "Dana Deployer", role: "DEPLOYER" };

describe("notification channels", () => {
  it("admins add, disable and delete channels, each audited without the URL", async () => {
    const id = await createChannel(admin, {
      name: "#deploys",
      kind: "SLACK",
      url: "https://hooks.slack.com/services/T0/B0/secretpart",
      environmentName: "shop-prod",
      events: ["deploy.failed"],
    });
    await setChannelEnabled(admin, id, false);
    expect(await db().notificationChannel.findUniqueOrThrow({ where: { id } })).toMatchObject({
      enabled: false,
      environmentName: "shop-prod",
      applicationName: null,
      events: ["deploy.failed"],
    });
    await deleteChannel(admin, id);
    const audit = await db().auditEvent.findMany({ where: { targetType: "notification-channel" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["notification.channel.create", "notification.channel.disable", "notification.channel.delete"]);
    expect(JSON.stringify(audit.map((a) => ({ ...a, id: String(a.id) })))).not.toContain("secretpart");
  });

  it("refuses non-admins and plain-http URLs", async () => {
    await expect(createChannel(deployer, { name: "x", kind: "WEBHOOK", url: "https://example.com/hook" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createChannel(admin, { name: "x", kind: "WEBHOOK", url: "http://example.com/hook" })).rejects.toThrow(/https/);
  });
});
