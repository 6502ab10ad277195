import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { admitSignIn, welcomeNewMember } from "./sign-in-events";

useTestDatabase();

const policy = { DPL_ADMIN_EMAILS: ["boss@partner.io"], DPL_ALLOWED_EMAIL_DOMAINS: ["acme.io"], DPL_DEMO: false };

describe("signing in with GitHub or OIDC", () => {
  it("admits the allow-list and audits every refusal with who tried", async () => {
    expect(await admitSignIn({ email: "dev@acme.io", provider: "github" }, policy)).toBe(true);
    expect(await admitSignIn({ email: "Boss@Partner.io", provider: "oidc" }, policy)).toBe(true);
    expect(await admitSignIn({ email: "mallory@evil.io", provider: "github" }, policy)).toBe(false);
    expect(await admitSignIn({ email: "dev2@acme.io", provider: "oidc", emailVerified: false }, policy)).toBe(false);
    expect(await admitSignIn({ email: null, provider: "github" }, policy)).toBe(false);
    const refusals = await db().auditEvent.findMany({ where: { action: "auth.sign_in", outcome: "DENIED" }, orderBy: { id: "asc" } });
    expect(refusals.map((r) => [r.actorName, r.target, r.message])).toEqual([
      ["mallory@evil.io", "github", "The email is not in DPL_ADMIN_EMAILS or under DPL_ALLOWED_EMAIL_DOMAINS."],
      ["dev2@acme.io", "oidc", "The provider says this email address is not verified."],
      ["unknown github user", "github", "The provider did not share an email address."],
    ]);
  });

  it("keeps a disabled member out", async () => {
    await db().user.create({ data: { email: "gone@acme.io", name: "Gone", disabledAt: new Date() } });
    expect(await admitSignIn({ email: "gone@acme.io", provider: "github" }, policy)).toBe(false);
  });

  it("makes admin emails admins on first sign-in and everyone else a viewer", async () => {
    const boss = await db().user.create({ data: { email: "boss@partner.io", name: "Boss" } });
    const dev = await db().user.create({ data: { email: "new@acme.io", name: "New Dev" } });
    expect(await welcomeNewMember(boss, policy)).toBe("ADMIN");
    expect(await welcomeNewMember(dev, policy)).toBe("VIEWER");
    expect((await db().user.findUniqueOrThrow({ where: { id: boss.id } })).role).toBe("ADMIN");
    expect((await db().user.findUniqueOrThrow({ where: { id: dev.id } })).role).toBe("VIEWER");
    expect(await db().auditEvent.count({ where: { action: "member.join" } })).toBe(2);
  });
});
