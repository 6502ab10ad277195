import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { assertSignInConfig, initialRoleFor, isEmailAllowed, safeCallbackUrl } from "./sign-in-policy";

const secret = "s".repeat(40);
const policy = { DPL_ADMIN_EMAILS: ["boss@acme.io"], DPL_ALLOWED_EMAIL_DOMAINS: ["acme.io"], DPL_DEMO: false };

describe("who may sign in", () => {
  it("lets in admin emails and allowed domains, nobody else", () => {
    expect(isEmailAllowed("boss@acme.io", policy)).toBe(true);
    expect(isEmailAllowed("Dev@ACME.io", policy)).toBe(true);
    expect(isEmailAllowed("dev@evil.io", policy)).toBe(false);
    expect(isEmailAllowed("dev@sub.acme.io", policy)).toBe(false);
    expect(isEmailAllowed("acme.io", policy)).toBe(false);
    expect(isEmailAllowed(null, policy)).toBe(false);
    expect(isEmailAllowed("boss@other.io", { ...policy, DPL_ADMIN_EMAILS: ["boss@other.io"], DPL_ALLOWED_EMAIL_DOMAINS: [] })).toBe(true);
  });

  it("makes admin emails admins and everyone else a viewer", () => {
    expect(initialRoleFor("BOSS@acme.io", policy)).toBe("ADMIN");
    expect(initialRoleFor("dev@acme.io", policy)).toBe("VIEWER");
  });

  it("never redirects off-site after sign-in", () => {
    expect(safeCallbackUrl("/environments/takumi-srv-dev?tab=history")).toBe("/environments/takumi-srv-dev?tab=history");
    expect(safeCallbackUrl("https://evil.example/")).toBe("/");
    expect(safeCallbackUrl("//evil.example/")).toBe("/");
    expect(safeCallbackUrl("/\\evil.example/")).toBe("/");
    expect(safeCallbackUrl("/signin")).toBe("/");
    expect(safeCallbackUrl(undefined)).toBe("/");
  });
});

describe("start-up sign-in rules", () => {
  const check = (env: Record<string, string>) => () => assertSignInConfig(parseConfig({ AUTH_SECRET: secret, AUTH_URL: "https://dpl.acme.io", ...env }));

  it("fails without a provider, naming the variables to set", () => {
    expect(check({ DPL_ADMIN_EMAILS: "boss@acme.io" })).toThrow(ConfigError);
    expect(check({ DPL_ADMIN_EMAILS: "boss@acme.io" })).toThrow(
      /AUTH_GITHUB_ID and AUTH_GITHUB_SECRET.*AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET.*DPL_DEMO=1/,
    );
  });

  it("fails when nobody could sign in safely", () => {
    expect(check({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" })).toThrow(/DPL_ADMIN_EMAILS and\/or DPL_ALLOWED_EMAIL_DOMAINS/);
  });

  it("names the missing half of a provider", () => {
    expect(check({ AUTH_GITHUB_ID: "id", DPL_ADMIN_EMAILS: "boss@acme.io" })).toThrow(/AUTH_GITHUB_ID is set but AUTH_GITHUB_SECRET is missing/);
    expect(check({ AUTH_OIDC_ISSUER: "https://sso.acme.io", DPL_ADMIN_EMAILS: "boss@acme.io" })).toThrow(/AUTH_OIDC_ID and AUTH_OIDC_SECRET are missing/);
  });

  it("needs AUTH_URL outside the demo", () => {
    const env = { AUTH_SECRET: secret, AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "x", DPL_ADMIN_EMAILS: "boss@acme.io" };
    expect(() => assertSignInConfig(parseConfig(env))).toThrow(/AUTH_URL is missing/);
  });

  it("needs AUTH_SECRET", () => {
    expect(() => assertSignInConfig(parseConfig({ DPL_DEMO: "1", AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }))).toThrow(/AUTH_SECRET is missing/);
  });

  it("accepts GitHub or OIDC with an allow-list, and the demo alone", () => {
    expect(check({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret", DPL_ALLOWED_EMAIL_DOMAINS: "acme.io" })).not.toThrow();
    expect(check({ AUTH_OIDC_ISSUER: "https://sso.acme.io", AUTH_OIDC_ID: "dpl", AUTH_OIDC_SECRET: "x", DPL_ADMIN_EMAILS: "boss@acme.io" })).not.toThrow();
    expect(check({ DPL_DEMO: "1", AWS_ENDPOINT_URL: "http://127.0.0.1:4566" })).not.toThrow();
  });
});
