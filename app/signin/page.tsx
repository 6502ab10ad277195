import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/sign-in-policy";
import { signInProviders } from "@/lib/auth/providers";
import { DemoUserPicker } from "./demo-user-picker";
import { ProviderButtons } from "./provider-buttons";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const errorMessages: Record<string, string> = {
  AccessDenied: "That account may not sign in to dpl. Ask an admin to add your email or domain, or to re-enable your account.",
  CredentialsSignin: "That demo user could not sign in. Pick one of the three below.",
  Configuration: "Sign-in is misconfigured on the server. An admin should check the AUTH_* settings.",
  OAuthAccountNotLinked: "That email already signed in with another provider. Use the provider you used first.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  const { oauth, demoUsers } = signInProviders();
  const error =
    typeof params.error === "string"
      ? Object.hasOwn(errorMessages, params.error)
        ? errorMessages[params.error]
        : "Sign-in failed. Try again, or ask an admin."
      : null;
  const signedOut = params.signedOut === "1";

  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-6 flex flex-col items-center text-center">
          <div className="flex items-center gap-2 text-2xl font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-4 w-4 rounded-full bg-red-600 shadow-[0_0_0_4px_rgba(220,38,38,0.15)]" />
            dpl
          </div>
          <h1 className="mt-4 text-lg font-semibold text-slate-900">Sign in to deploy</h1>
          <p className="mt-1 text-sm text-slate-600">Tested images from ECR to Elastic Beanstalk, with every action on the record.</p>
        </div>

        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {error ? (
            <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
              {error}
            </p>
          ) : null}
          {signedOut && !error ? (
            <p role="status" className="mb-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-inset ring-slate-300">
              You are signed out.
            </p>
          ) : null}
          {oauth.length > 0 ? <ProviderButtons providers={oauth} callbackUrl={callbackUrl} /> : null}
          {oauth.length > 0 && demoUsers.length > 0 ? (
            <div className="my-5 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400">
              <span className="h-px flex-1 bg-slate-200" />
              or
              <span className="h-px flex-1 bg-slate-200" />
            </div>
          ) : null}
          {demoUsers.length > 0 ? <DemoUserPicker users={demoUsers} callbackUrl={callbackUrl} /> : null}
          {oauth.length === 0 && demoUsers.length === 0 ? (
            <p className="text-sm text-slate-700">
              No sign-in provider is configured. Set AUTH_GITHUB_ID/AUTH_GITHUB_SECRET or AUTH_OIDC_ISSUER/AUTH_OIDC_ID/AUTH_OIDC_SECRET.
            </p>
          ) : null}
        </div>
        <p className="mt-6 text-center text-xs text-slate-500">
          Access is limited to approved emails. New members start as viewers until an admin promotes them.
        </p>
      </div>
    </main>
  );
}
