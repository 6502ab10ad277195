import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { DplError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { changeMember, listMembers } from "./members";
import { actorForUserId } from "./user-actor";

useTestDatabase();

async function member(role: "VIEWER" | "DEPLOYER" | "ADMIN"): Promise<Actor & { type: "USER" }> {
  const email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@acme.io`;
  const user = await db().user.create({ data: { email, name: `Test ${role} ${email.slice(-6)}`, role } });
  return { type: "USER", userId: user.id, name: user.name ?? email, email, role };
}

describe("members", () => {
  it("a demotion applies on the member's very next request, and is audited", async () => {
    const admin = await member("ADMIN");
    const deployer = await member("DEPLOYER");
    expect((await actorForUserId(deployer.userId))?.role).toBe("DEPLOYER");
    await changeMember(admin, deployer.userId, { role: "VIEWER" });
    expect((await actorForUserId(deployer.userId))?.role).toBe("VIEWER");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "member.role", target: deployer.email ?? "" } });
    expect(audit).toMatchObject({ actorName: admin.name, outcome: "SUCCESS", details: { from: "DEPLOYER", to: "VIEWER" } });
  });

  it("a disabled member has no session at all until enabled again", async () => {
    const admin = await member("ADMIN");
    const viewer = await member("VIEWER");
    await changeMember(admin, viewer.userId, { disabled: true });
    expect(await actorForUserId(viewer.userId)).toBeNull();
    await changeMember(admin, viewer.userId, { disabled: false });
    expect(await actorForUserId(viewer.userId)).toMatchObject({ type: "USER", role: "VIEWER" });
    expect(await db().auditEvent.count({ where: { target: viewer.email ?? "", action: { in: ["member.disable", "member.enable"] } } })).toBe(2);
  });

  it("only admins change members, and the last admin cannot demote themselves", async () => {
    const deployer = await member("DEPLOYER");
    const viewer = await member("VIEWER");
    await expect(changeMember(deployer, viewer.userId, { role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listMembers(viewer)).rejects.toBeInstanceOf(DplError);

    await db().user.updateMany({ where: { role: "ADMIN" }, data: { role: "VIEWER" } });
    const onlyAdmin = await member("ADMIN");
    await expect(changeMember(onlyAdmin, onlyAdmin.userId, { role: "VIEWER" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeMember(onlyAdmin, onlyAdmin.userId, { disabled: true })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeMember(onlyAdmin, "00000000-0000-4000-8000-000000000000", { role: "ADMIN" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an unknown or malformed user id is no session", async () => {
    expect(await actorForUserId("00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await actorForUserId("'; select 1")).toBeNull();
  });
});
