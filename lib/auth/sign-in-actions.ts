"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { demoProviderId, signIn, signOut } from "./auth";
import { isDemoEmail, safeCallbackUrl } from "./sign-in-policy";

// The sign-in page's and user menu's actions: public by nature (they are how a session
// starts and ends), so the route sweep lists them as its only public actions.

export async function signInWithProvider(formData: FormData): Promise<void> {
  const provider = String(formData.get("provider") ?? "");
  if (provider !== "github" && provider !== "oidc") redirect("/signin?error=Configuration");
  await signIn(provider, { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
}

export async function signInAsDemoUser(formData: FormData): Promise<void> {
  const email = String(formData.get("email") ?? "");
  const callbackUrl = safeCallbackUrl(formData.get("callbackUrl"));
  if (!isDemoEmail(email)) redirect("/signin?error=CredentialsSignin");
  try {
    await signIn(demoProviderId, { email, redirectTo: callbackUrl });
  } catch (error) {
    // signIn() redirects by throwing; only Auth.js's own refusals become a message.
    if (error instanceof AuthError) redirect(`/signin?error=${encodeURIComponent(error.type)}`);
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}
