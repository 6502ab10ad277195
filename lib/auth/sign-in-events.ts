import type { Role } from "@/lib/core/actor";
import { db, type PrismaClient } from "@/lib/db/client";
import { recordAuthAudit } from "./audit";
import { initialRoleFor, isEmailAllowed, type SignInPolicy } from "./sign-in-policy";

// What happens when someone comes back from GitHub or the OIDC provider: the allow-list
// decides whether they get in (a refusal is audited), and a new member gets their first
// role. Kept apart from Auth.js's callbacks so the rules are tested against the database.

type Client = Pick<PrismaClient, "user" | "auditEvent">;

export type SignInAttempt = { email: string | null | undefined; provider: string; emailVerified?: boolean };

export async function admitSignIn(attempt: SignInAttempt, policy: SignInPolicy, client: Client = db()): Promise<boolean> {
  const email = attempt.email?.trim().toLowerCase() ?? null;
  const existing = email ? await client.user.findUnique({ where: { email }, select: { disabledAt: true } }) : null;
  // An identity provider that says the address is unverified does not vouch for the domain.
  const reason = !email
    ? "The provider did not share an email address."
    : attempt.emailVerified === false
      ? "The provider says this email address is not verified."
      : !isEmailAllowed(email, policy)
        ? "The email is not in DPL_ADMIN_EMAILS or under DPL_ALLOWED_EMAIL_DOMAINS."
        : existing?.disabledAt
          ? "The member is disabled."
          : null;
  if (reason) {
    await recordAuthAudit(
      { anonymous: email ?? `unknown ${attempt.provider} user` },
      { action: "auth.sign_in", targetType: "session", target: attempt.provider, outcome: "DENIED", code: "FORBIDDEN", message: reason },
      client,
    ).catch((error: unknown) => console.error("dpl: could not audit a refused sign-in:", error));
  }
  return reason === null;
}

/** Auth.js created the person's row (role VIEWER by default): admin emails become admins. */
export async function welcomeNewMember(
  user: { id: string; email?: string | null; name?: string | null },
  policy: SignInPolicy,
  client: Client = db(),
): Promise<Role> {
  const role = initialRoleFor(user.email, policy);
  if (role !== "VIEWER") await client.user.update({ where: { id: user.id }, data: { role } });
  await recordAuthAudit(
    { type: "USER", userId: user.id, name: user.name ?? user.email ?? "new member", role },
    { action: "member.join", targetType: "member", target: user.email ?? user.id, outcome: "SUCCESS", details: { role } },
    client,
  );
  return role;
}
