import NextAuth, { type NextAuthConfig } from "next-auth";
import { PrismaAdapter } from "@auth/prisma-adapter";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import type { Provider } from "next-auth/providers";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { recordAuthAudit } from "./audit";
import { ensureDemoUsers } from "./demo-users";
import { admitSignIn, welcomeNewMember } from "./sign-in-events";
import { hasGitHub, hasOidc, isDemoEmail } from "./sign-in-policy";

// Auth.js: JWT sessions (the demo's Credentials provider works only with them), people and
// their provider accounts stored through the Prisma adapter. The JWT says who someone is;
// lib/auth/session.ts re-reads their role and status from the database on every request.
// The configuration is built per request (not at import) so `next build` needs no secrets.

export const demoProviderId = "demo";

function providers(): Provider[] {
  const c = config();
  const list: Provider[] = [];
  if (hasGitHub(c)) list.push(GitHub({ clientId: c.AUTH_GITHUB_ID, clientSecret: c.AUTH_GITHUB_SECRET }));
  if (hasOidc(c)) {
    list.push({ id: "oidc", name: c.AUTH_OIDC_NAME, type: "oidc", issuer: c.AUTH_OIDC_ISSUER, clientId: c.AUTH_OIDC_ID, clientSecret: c.AUTH_OIDC_SECRET });
  }
  if (c.DPL_DEMO) {
    list.push(
      Credentials({
        id: demoProviderId,
        name: "Demo",
        credentials: { email: { label: "Demo user", type: "email" } },
        async authorize(credentials) {
          // Belt and braces: config() already refuses DPL_DEMO unless AWS is on loopback.
          if (!config().DPL_DEMO) return null;
          const email = typeof credentials.email === "string" ? credentials.email.toLowerCase() : "";
          if (!isDemoEmail(email)) return null;
          const users = await ensureDemoUsers(db());
          const user = users.find((u) => u.email === email);
          if (!user || user.disabledAt) return null;
          return { id: user.id, name: user.name, email: user.email };
        },
      }),
    );
  }
  return list;
}

export function authConfig(): NextAuthConfig {
  const c = config();
  return {
    adapter: PrismaAdapter(db()),
    providers: providers(),
    // Rolled on every request by proxy.ts, so maxAge is the inactivity limit.
    session: { strategy: "jwt", maxAge: c.DPL_SESSION_IDLE_MINUTES * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider === demoProviderId) return c.DPL_DEMO;
        const emailVerified = typeof profile?.email_verified === "boolean" ? profile.email_verified : undefined;
        return admitSignIn({ email: user.email, provider: account?.provider ?? "unknown", emailVerified }, c);
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async createUser({ user }) {
        if (user.id) await welcomeNewMember({ id: user.id, email: user.email, name: user.name }, c);
      },
      async signIn({ user, account }) {
        if (!user.id) return;
        await recordAuthAudit(
          { type: "USER", userId: user.id, name: user.name ?? user.email ?? "member", role: "VIEWER" },
          { action: "auth.sign_in", targetType: "session", target: account?.provider ?? "unknown", outcome: "SUCCESS" },
        ).catch((error: unknown) => console.error("dpl: could not audit a sign-in:", error));
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
