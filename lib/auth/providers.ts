import { config } from "@/lib/config";
import type { Role } from "@/lib/core/actor";
import { demoUsers, hasGitHub, hasOidc } from "./sign-in-policy";

// What the sign-in page offers, from the same configuration lib/auth/auth.ts builds its
// providers from (no secrets leave this function).

export type OAuthChoice = { id: "github" | "oidc"; name: string };
export type DemoChoice = { email: string; name: string; role: Role };

export function signInProviders(): { oauth: OAuthChoice[]; demoUsers: DemoChoice[] } {
  const c = config();
  const oauth: OAuthChoice[] = [];
  if (hasGitHub(c)) oauth.push({ id: "github", name: "GitHub" });
  if (hasOidc(c)) oauth.push({ id: "oidc", name: c.AUTH_OIDC_NAME });
  return { oauth, demoUsers: c.DPL_DEMO ? demoUsers.map((user) => ({ ...user })) : [] };
}
