import { describe, expect, it } from "vitest";
import { actionsFrom, routesFrom, urlPathFor } from "./security/manifest";
import { sweepAsViewer, sweepSignedOut, type Fetcher } from "./security/sweep";

// The sweep's own test: over a fixture build with one deliberately unprotected page, route
// handler and server action each, it must name exactly those three.

const fixtureAppPaths = {
  "/(dashboard)/page": "app/(dashboard)/page.js",
  "/(dashboard)/environments/[name]/page": "app/(dashboard)/environments/[name]/page.js",
  "/(dashboard)/leaky/page": "app/(dashboard)/leaky/page.js",
  "/api/v1/deploys/route": "app/api/v1/deploys/route.js",
  "/api/v1/leak/route": "app/api/v1/leak/route.js",
  "/api/health/route": "app/api/health/route.js",
  "/api/auth/[...nextauth]/route": "app/api/auth/[...nextauth]/route.js",
  "/signin/page": "app/signin/page.js",
  "/_not-found/page": "app/_not-found/page.js",
};

const fixtureActions = {
  node: {
    aaa: {
      workers: { "app/(dashboard)/environments/[name]/page": {} },
      filename: "app/(dashboard)/environments/[name]/actions.ts",
      exportedName: "deployAction",
    },
    bbb: { workers: { "app/(dashboard)/leaky/page": {} }, filename: "app/(dashboard)/leaky/actions.ts", exportedName: "leakyAction" },
    ccc: { workers: { "app/signin/page": {} }, filename: "lib/auth/sign-in-actions.ts", exportedName: "signInAsDemoUser" },
  },
};

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const unauthenticated = () => json(401, { error: { code: "UNAUTHENTICATED", message: "Sign in." } });
const forbidden = () => json(403, { error: { code: "FORBIDDEN", message: "Viewers cannot." } });
const toSignIn = () => new Response(null, { status: 307, headers: { location: "/signin?callbackUrl=%2F" } });

/** A fake app: protected everywhere except the planted /leaky page, /api/v1/leak and leakyAction. */
const fakeApp: Fetcher = async (url, init) => {
  const { pathname } = new URL(url);
  const signedIn = String((init.headers as Record<string, string> | undefined)?.cookie ?? "").includes("session");
  const action = (init.headers as Record<string, string> | undefined)?.["next-action"];
  if (action === "bbb") return new Response('0:{"ok":true}', { status: 200 });
  if (action)
    return signedIn
      ? new Response('0:{"ok":false,"code":"FORBIDDEN"}')
      : new Response("0:null", { headers: { "x-action-redirect": "/signin?callbackUrl=%2F;push" } });
  if (pathname === "/leaky") return new Response("<html>secrets</html>", { status: 200 });
  if (pathname === "/api/v1/leak") return json(200, { leaked: true });
  if (pathname === "/api/v1/deploys") {
    if (init.method === "GET" || init.method === "POST") return signedIn ? forbidden() : unauthenticated();
    return new Response(null, { status: 405 });
  }
  if (pathname === "/api/health") return json(200, { status: "ok" });
  return signedIn ? new Response("<html></html>") : toSignIn();
};

describe("the route sweep", () => {
  const routes = routesFrom(fixtureAppPaths);
  const actions = actionsFrom(fixtureActions);

  it("reads URL paths from the build's manifest keys", () => {
    expect(urlPathFor("/(dashboard)/environments/[name]/page")).toBe("/environments/takumi-srv-dev");
    expect(urlPathFor("/api/auth/[...nextauth]/route")).toBe("/api/auth/sample");
    expect(urlPathFor("/(dashboard)/deploys/[id]/page")).toBe("/deploys/00000000-0000-4000-8000-000000000000");
    expect(urlPathFor("/(dashboard)/page")).toBe("/");
    expect(routes.map((r) => r.path)).not.toContain("/_not-found");
    expect(actions.find((a) => a.id === "aaa")?.pagePath).toBe("/environments/takumi-srv-dev");
  });

  it("catches a planted unprotected page, route handler and server action, and nothing else", async () => {
    const signedOut = await sweepSignedOut(routes, actions, { baseUrl: "http://dpl.test", fetcher: fakeApp });
    expect(signedOut.map((f) => f.target).sort()).toEqual([
      "DELETE /api/v1/leak",
      "GET /api/v1/leak",
      "PATCH /api/v1/leak",
      "POST /api/v1/leak",
      "PUT /api/v1/leak",
      "action app/(dashboard)/leaky/actions.ts#leakyAction",
      "page /leaky",
    ]);
  });

  it("catches an endpoint and an action that let a viewer through", async () => {
    const asViewer = await sweepAsViewer(routes, actions, { baseUrl: "http://dpl.test", fetcher: fakeApp, cookie: "authjs.session-token=viewer-session" });
    expect(asViewer.map((f) => f.target).sort()).toEqual([
      "DELETE /api/v1/leak",
      "PATCH /api/v1/leak",
      "POST /api/v1/leak",
      "PUT /api/v1/leak",
      "action app/(dashboard)/leaky/actions.ts#leakyAction",
    ]);
  });
});
