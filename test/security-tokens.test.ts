import { describe, expect, it, vi } from "vitest";
import { actorForAuthorization } from "@/lib/auth/bearer";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import type { Actor } from "@/lib/core/actor";
import { authorize } from "@/lib/core/authorize";
import { db } from "@/lib/db/client";
import { apiError } from "@/lib/http/api-error";
import { useTestDatabase } from "@/test/db";

// What an API client sees for each kind of bad token: the status and the error body that
// apiError() (the API's one error mapping) makes of what authentication throws.

useTestDatabase();

async function responseFor(header: string, then?: (actor: Actor) => void): Promise<Response> {
  try {
    const actor = await actorForAuthorization(header);
    then?.(actor);
    return Response.json({ ok: true });
  } catch (error) {
    return apiError(error);
  }
}

async function admin(): Promise<Actor> {
  const user = await db().user.create({ data: { email: `admin-${Math.random().toString(36).slice(2)}@acme.io`, name: "Token Admin", role: "ADMIN" } });
  return { type: "USER", userId: user.id, name: "Token Admin", email: user.email, role: "ADMIN" };
}

async function expectError(response: Response, status: number, code: string, message: RegExp) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
}

describe("API token failures, as the client sees them", () => {
  it("a valid token is accepted", async () => {
    const { token } = await createApiToken(await admin(), { name: "ok", role: "DEPLOYER", environments: [] });
    expect((await responseFor(`Bearer ${token}`)).status).toBe(200);
    expect((await responseFor(`bearer   ${token}`)).status).toBe(200);
  });

  it("wrong token: 401 UNAUTHENTICATED", async () => {
    await expectError(await responseFor(`Bearer dpl_${"0".repeat(40)}`), 401, "UNAUTHENTICATED", /Unknown API token/);
  });

  it("revoked token: 401 saying it was revoked", async () => {
    const actor = await admin();
    const { token, id } = await createApiToken(actor, { name: "revoked one", role: "DEPLOYER", environments: [] });
    await revokeApiToken(actor, id);
    const response = await responseFor(`Bearer ${token}`);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await expectError(response, 401, "UNAUTHENTICATED", /"revoked one" was revoked/);
  });

  it("expired token: 401 saying it expired", async () => {
    const { token, id } = await createApiToken(await admin(), {
      name: "expired one",
      role: "DEPLOYER",
      environments: [],
      expiresAt: new Date(Date.now() + 60_000),
    });
    await db().apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await expectError(await responseFor(`Bearer ${token}`), 401, "UNAUTHENTICATED", /"expired one" expired on/);
  });

  it("wrong scope: 403 FORBIDDEN naming the scope", async () => {
    const { token } = await createApiToken(await admin(), { name: "dev only", role: "DEPLOYER", environments: ["takumi-srv-dev"] });
    const staging = await responseFor(`Bearer ${token}`, (actor) => authorize(actor, "deploy", { name: "takumi-srv-staging", protected: false }));
    await expectError(staging, 403, "FORBIDDEN", /scoped to takumi-srv-dev/);
    const prod = await responseFor(`Bearer ${token}`, (actor) => authorize(actor, "deploy", { name: "takumi-srv-prod", protected: true }));
    await expectError(prod, 403, "FORBIDDEN", /protected/);
  });

  it("malformed headers: 401 with what to send", async () => {
    for (const header of ["", "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token dpl_abc", `Bearer dpl_${"a".repeat(40)} extra`]) {
      await expectError(await responseFor(header), 401, "UNAUTHENTICATED", /Malformed Authorization header|Bearer dpl_/);
    }
    for (const header of ["Bearer dpl_short", `Bearer ${"x".repeat(5000)}`, "Bearer dpl_ünïcödé"]) {
      await expectError(await responseFor(header), 401, "UNAUTHENTICATED", /Malformed API token/);
    }
  });

  it("the database never holds a token in plaintext", async () => {
    const { token } = await createApiToken(await admin(), { name: "plain?", role: "VIEWER", environments: [] });
    const rows = await db().apiToken.findMany();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(10));
  });

  it("a DplError from another copy of the module keeps its status", async () => {
    class ForeignDplError extends Error {
      code = "FORBIDDEN";
      details = { environment: "takumi-srv-prod" };
      name = "DplError";
    }
    const response = apiError(new ForeignDplError("Environment takumi-srv-prod is protected."));
    await expectError(response, 403, "FORBIDDEN", /protected/);
  });

  it("unexpected errors become a bare 500 without a stack", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = apiError(new Error("boom at secret.ts:12"));
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain("INTERNAL_ERROR");
    expect(body).not.toContain("boom");
  });
});
