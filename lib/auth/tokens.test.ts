import { describe, expect, it } from "vitest";
import pg from "pg";
import type { Actor } from "@/lib/core/actor";
import { authorize } from "@/lib/core/authorize";
import { DplError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { hashToken } from "./token-format";
import { actorForToken, createApiToken, revokeApiToken } from "./tokens";

const database = useTestDatabase();

async function member(role: "VIEWER" | "DEPLOYER" | "ADMIN", email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@acme.io`): Promise<Actor> {
  const user = await db().user.create({ data: { email, name: `Test ${role}`, role } });
  return { type: "USER", userId: user.id, name: user.name ?? email, email, role };
}

async function refusal(attempt: Promise<unknown>): Promise<DplError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DplError);
  return error as DplError;
}

describe("API tokens", () => {
  it("are created by admins only, shown once, stored only as a hash, and audited", async () => {
    const admin = await member("ADMIN");
    const deployer = await member("DEPLOYER");
    const denied = await refusal(createApiToken(deployer, { name: "ci", role: "DEPLOYER", environments: [] }));
    expect(denied.code).toBe("FORBIDDEN");

    const { token, id } = await createApiToken(admin, { name: "GitHub Actions", role: "DEPLOYER", environments: ["takumi-srv-dev"] });
    expect(token).toMatch(/^dpl_[0-9A-Za-z]{40}$/);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.prefix).toBe(token.slice(0, 10));

    // No column of any table holds the plaintext (or its secret part).
    const client = new pg.Client({ connectionString: database().migrationUrl });
    await client.connect();
    const dump = await client.query(`SELECT row_to_json(t)::text AS j FROM "ApiToken" t UNION ALL SELECT row_to_json(a)::text FROM "AuditEvent" a`);
    await client.end();
    for (const { j } of dump.rows as { j: string }[]) expect(j).not.toContain(token.slice(10));

    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "token.create", target: "GitHub Actions" } });
    expect(audit).toMatchObject({ actorName: admin.name, outcome: "SUCCESS" });
  });

  it("resolve to a TOKEN actor attributed to the token and its creator, recording last use", async () => {
    const admin = await member("ADMIN");
    const { token, id } = await createApiToken(admin, { name: "deploy bot", role: "DEPLOYER", environments: ["takumi-srv-dev"] });
    const actor = await actorForToken(token);
    expect(actor).toMatchObject({
      type: "TOKEN",
      userId: admin.type === "USER" ? admin.userId : "",
      role: "DEPLOYER",
      tokenId: id,
      tokenName: "deploy bot",
      environments: ["takumi-srv-dev"],
    });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
  });

  it("refuse wrong, malformed, revoked and expired tokens with a message saying which", async () => {
    const admin = await member("ADMIN");
    expect((await refusal(actorForToken("dpl_" + "x".repeat(40)))).message).toMatch(/^Unknown API token/);
    expect((await refusal(actorForToken("Bearer"))).message).toMatch(/^Malformed API token/);
    expect((await refusal(actorForToken("dpl_" + "x".repeat(40) + "'; DROP TABLE"))).code).toBe("UNAUTHENTICATED");

    const revoked = await createApiToken(admin, { name: "old", role: "VIEWER", environments: [] });
    await revokeApiToken(admin, revoked.id);
    const revokedError = await refusal(actorForToken(revoked.token));
    expect(revokedError).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    expect(revokedError.message).toMatch(/"old" was revoked on/);
    expect(await db().auditEvent.findFirst({ where: { action: "api.authenticate", outcome: "DENIED", target: "token old" } })).toMatchObject({
      actorType: "TOKEN",
      code: "UNAUTHENTICATED",
    });

    const expiring = await createApiToken(admin, { name: "short", role: "VIEWER", environments: [], expiresAt: new Date(Date.now() + 60_000) });
    expect((await refusal(actorForToken(expiring.token, db(), new Date(Date.now() + 120_000)))).message).toMatch(/"short" expired on/);
  });

  it("stop working when their creator is disabled", async () => {
    const admin = await member("ADMIN");
    const { token } = await createApiToken(admin, { name: "orphan", role: "DEPLOYER", environments: [] });
    await db().user.update({ where: { id: admin.type === "USER" ? admin.userId : "" }, data: { disabledAt: new Date() } });
    expect((await refusal(actorForToken(token))).message).toMatch(/disabled member/);
  });

  it("act only on their environments, and on a protected one only when scoped to it", async () => {
    const admin = await member("ADMIN");
    const scoped = await actorForToken((await createApiToken(admin, { name: "dev only", role: "DEPLOYER", environments: ["takumi-srv-dev"] })).token);
    const open = await actorForToken((await createApiToken(admin, { name: "all unprotected", role: "DEPLOYER", environments: [] })).token);
    const prod = await actorForToken((await createApiToken(admin, { name: "prod", role: "DEPLOYER", environments: ["takumi-srv-prod"] })).token);
    const viewer = await actorForToken((await createApiToken(admin, { name: "read", role: "VIEWER", environments: [] })).token);
    const dev = { name: "takumi-srv-dev", protected: false };
    const staging = { name: "takumi-srv-staging", protected: false };
    const production = { name: "takumi-srv-prod", protected: true };
    expect(() => authorize(scoped, "deploy", dev)).not.toThrow();
    expect(() => authorize(scoped, "deploy", staging)).toThrow(/scoped to takumi-srv-dev/);
    expect(() => authorize(open, "deploy", staging)).not.toThrow();
    expect(() => authorize(open, "deploy", production)).toThrow(/protected/);
    expect(() => authorize(prod, "deploy", production)).not.toThrow();
    expect(() => authorize(viewer, "deploy", dev)).toThrow(/needs the deployer role/);
  });

  it("validate their input", async () => {
    const admin = await member("ADMIN");
    expect((await refusal(createApiToken(admin, { name: " ", role: "VIEWER", environments: [] }))).code).toBe("VALIDATION_FAILED");
    expect((await refusal(createApiToken(admin, { name: "x", role: "VIEWER", environments: ["bad name!"] }))).code).toBe("VALIDATION_FAILED");
    expect((await refusal(createApiToken(admin, { name: "x", role: "VIEWER", environments: [], expiresAt: new Date(Date.now() - 1000) }))).message).toMatch(
      /future/,
    );
    expect((await refusal(revokeApiToken(admin, "not-a-uuid"))).code).toBe("NOT_FOUND");
  });
});
