import { ConfigError, type Config } from "@/lib/config";
import type { Role } from "@/lib/core/actor";

// Who may sign in and with which first role. Pure functions of the configuration, so the
// rules are unit-tested without Auth.js.

export type SignInPolicy = Pick<Config, "DPL_ADMIN_EMAILS" | "DPL_ALLOWED_EMAIL_DOMAINS" | "DPL_DEMO">;

export const demoUsers = [
  { email: "viewer@demo.dpl", name: "Vera Viewer", role: "VIEWER" },
  { email: "deployer@demo.dpl", name: "Dana Deployer", role: "DEPLOYER" },
  { email: "admin@demo.dpl", name: "Adam Admin", role: "ADMIN" },
] as const satisfies readonly { email: string; name: string; role: Role }[];

export function isDemoEmail(email: string): boolean {
  return demoUsers.some((user) => user.email === email.toLowerCase());
}

/** An email may sign in when it is an admin email or its domain is allowed. */
export function isEmailAllowed(email: string | null | undefined, policy: SignInPolicy): boolean {
  if (!email) return false;
  const normalized = email.trim().toLowerCase();
  if (policy.DPL_ADMIN_EMAILS.includes(normalized)) return true;
  const domain = normalized.split("@").at(-1) ?? "";
  return normalized.includes("@") && policy.DPL_ALLOWED_EMAIL_DOMAINS.includes(domain);
}

/** The role a person gets on first sign-in; everyone but the listed admins starts as a viewer. */
export function initialRoleFor(email: string | null | undefined, policy: SignInPolicy): Role {
  return email && policy.DPL_ADMIN_EMAILS.includes(email.trim().toLowerCase()) ? "ADMIN" : "VIEWER";
}

export type ProviderConfig = Pick<Config, "AUTH_GITHUB_ID" | "AUTH_GITHUB_SECRET" | "AUTH_OIDC_ISSUER" | "AUTH_OIDC_ID" | "AUTH_OIDC_SECRET" | "DPL_DEMO">;

export function hasGitHub(config: ProviderConfig): boolean {
  return Boolean(config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET);
}

export function hasOidc(config: ProviderConfig): boolean {
  return Boolean(config.AUTH_OIDC_ISSUER && config.AUTH_OIDC_ID && config.AUTH_OIDC_SECRET);
}

/**
 * Start-up rules that a schema cannot say: a dashboard nobody can sign in to, or one anyone
 * with an account at the provider could sign in to, must not start.
 */
export function assertSignInConfig(config: Config): void {
  const partial = (vars: [string, string | undefined][]) => {
    const set = vars.filter(([, v]) => v).map(([k]) => k);
    if (set.length > 0 && set.length < vars.length) {
      const missing = vars.filter(([, v]) => !v).map(([k]) => k);
      throw new ConfigError(
        `Invalid configuration: ${set.join(", ")} ${set.length > 1 ? "are" : "is"} set but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing.`,
      );
    }
  };
  partial([
    ["AUTH_GITHUB_ID", config.AUTH_GITHUB_ID],
    ["AUTH_GITHUB_SECRET", config.AUTH_GITHUB_SECRET],
  ]);
  partial([
    ["AUTH_OIDC_ISSUER", config.AUTH_OIDC_ISSUER],
    ["AUTH_OIDC_ID", config.AUTH_OIDC_ID],
    ["AUTH_OIDC_SECRET", config.AUTH_OIDC_SECRET],
  ]);
  if (!config.AUTH_SECRET) {
    throw new ConfigError("Invalid configuration: AUTH_SECRET is missing (generate one with `openssl rand -base64 33`); it signs the session cookies.");
  }
  if (config.DPL_DEMO) return;
  if (!config.AUTH_URL) {
    throw new ConfigError(
      "Invalid configuration: AUTH_URL is missing: set it to the dashboard's public URL (e.g. https://dpl.example.com); sign-in callbacks return there.",
    );
  }
  if (!hasGitHub(config) && !hasOidc(config)) {
    throw new ConfigError(
      "Invalid configuration: no sign-in provider is configured. Set AUTH_GITHUB_ID and AUTH_GITHUB_SECRET (GitHub), or AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET (OIDC), or DPL_DEMO=1 for the local demo.",
    );
  }
  if (config.DPL_ADMIN_EMAILS.length === 0 && config.DPL_ALLOWED_EMAIL_DOMAINS.length === 0) {
    throw new ConfigError("Invalid configuration: set DPL_ADMIN_EMAILS and/or DPL_ALLOWED_EMAIL_DOMAINS; with neither, nobody could sign in safely.");
  }
}

/** Only same-site paths after sign-in: an open redirect would make dpl a phishing aid. */
export function safeCallbackUrl(value: unknown): string {
  const path = typeof value === "string" ? value : "";
  const sameSite = path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
  return sameSite && !path.startsWith("/signin") ? path : "/";
}
