import type { NextAuthRequest } from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { auth } from "@/lib/auth/auth";

// Two cheap jobs before a request reaches the app, neither of them the security check
// (pages, actions and route handlers each check for themselves through lib/auth):
// - roll the session cookie, so DPL_SESSION_IDLE_MINUTES counts inactivity, not age;
// - send a signed-out browser asking for a page straight to the sign-in page.

const publicPages = ["/signin"];

function route(request: NextAuthRequest, _event: NextFetchEvent) {
  const { pathname, search } = request.nextUrl;
  const headers = new Headers(request.headers);
  // For the sign-in redirect's callbackUrl and the audit row of a denial.
  headers.set("x-dpl-path", `${pathname}${search}`);
  const isPage = !pathname.startsWith("/api") && !publicPages.includes(pathname);
  const isServerAction = request.method === "POST" && request.headers.has("next-action");
  if (isPage && !isServerAction && !request.auth?.user) {
    const signIn = new URL("/signin", request.nextUrl.origin);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  return NextResponse.next({ request: { headers } });
}

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  // With a lazily built Auth.js config (no secrets at build time), auth(handler) resolves
  // to the wrapped handler rather than returning it.
  const withSession = await auth(route);
  return withSession(request, event);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
