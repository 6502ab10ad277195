import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/auth/demo-seed";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { signInAs, startAppServer, type AppServer } from "./security/app-server";
import { readBuildManifests } from "./security/manifest";
import { defaultActionFields, invokeAction, sweepAsViewer, sweepSignedOut } from "./security/sweep";

// Security of the built app (.next/standalone from npm test's one build): every route and
// action from the build's manifests refuses the signed-out and the viewer, server actions
// refuse other origins, every response carries the security headers, and the client
// bundles hold no secret.

const database = useTestDatabase();
const root = process.cwd();
let app: AppServer;
let viewer: string;
let admin: string;
let demoToken: string;
let fields: Record<string, string>;
const tokenDir = mkdtempSync(path.join(tmpdir(), "dpl-security-"));

beforeAll(async () => {
  app = await startAppServer(database().appUrl);
  // What the poller would have recorded, so actions get past "not found" to the role check.
  await db().application.create({ data: { name: "takumi-server", ecrRepository: "takumi-server" } });
  await db().environment.create({ data: { name: "takumi-srv-dev", applicationName: "takumi-server", status: "Ready", health: "Green" } });
  const deploy = await db().deploy.create({
    data: {
      applicationName: "takumi-server",
      environmentName: "takumi-srv-dev",
      status: "UPDATING",
      imageTag: "git_cf7edb2",
      actorName: "Dana Deployer",
      source: "WEB",
    },
  });
  fields = { ...defaultActionFields, deployId: deploy.id };
  demoToken = (await seedDemo({ tokenFile: path.join(tokenDir, "demo-token") })).deployerToken;
  viewer = await signInAs(app.baseUrl, "viewer@demo.dpl");
  admin = await signInAs(app.baseUrl, "admin@demo.dpl");
}, 120_000);

afterAll(async () => {
  await app?.stop();
  rmSync(tokenDir, { recursive: true, force: true });
});

const fetcher = (url: string, init: RequestInit) => fetch(url, init);

describe("route sweep over the build's manifests", () => {
  const { routes, actions } = readBuildManifests(root);

  it("finds the app's pages, handlers and actions", () => {
    const paths = routes.map((route) => route.path);
    expect(paths).toEqual(expect.arrayContaining(["/", "/signin", "/settings/members", "/settings/tokens", "/api/health"]));
    expect(actions.map((action) => action.exportedName)).toEqual(expect.arrayContaining(["createTokenAction", "revokeTokenAction", "changeRoleAction"]));
  });

  it("without a session: pages redirect to sign-in, handlers and actions answer 401", async () => {
    expect(await sweepSignedOut(routes, actions, { baseUrl: app.baseUrl, fetcher, fields })).toEqual([]);
  }, 120_000);

  it("as a viewer: no mutating handler or server action runs", async () => {
    const deniedBefore = await db().auditEvent.count({ where: { outcome: "DENIED", actorName: "Vera Viewer" } });
    const deniedCount = () => db().auditEvent.count({ where: { outcome: "DENIED", actorName: "Vera Viewer" } });
    expect(await sweepAsViewer(routes, actions, { baseUrl: app.baseUrl, fetcher, cookie: viewer, fields, deniedCount })).toEqual([]);
    // Every denial is audited with who tried what.
    expect(await db().auditEvent.count({ where: { outcome: "DENIED", actorName: "Vera Viewer" } })).toBeGreaterThan(deniedBefore);
  }, 120_000);

  it("sign-ins are audited", async () => {
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in", outcome: "SUCCESS", actorName: "Vera Viewer" } })).toBeGreaterThan(0);
  });

  it("the public pages answer without a session", async () => {
    expect((await fetch(`${app.baseUrl}/signin`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
  });

  it("sign-in explains its known errors, and any other error code (even toString) gets the general message", async () => {
    const signIn = (error: string) => fetch(`${app.baseUrl}/signin?error=${error}`).then(async (r) => ({ status: r.status, html: await r.text() }));
    expect((await signIn("AccessDenied")).html).toMatch(/ask an admin|not allowed|access/i);
    for (const code of ["toString", "constructor", "Nonsense"]) {
      const answer = await signIn(code);
      expect(answer.status).toBe(200);
      expect(answer.html).toContain("Sign-in failed. Try again, or ask an admin.");
    }
  });
});

describe("sessions", () => {
  it("a demotion applies on the next request, and the refusal is audited", async () => {
    const cookie = await signInAs(app.baseUrl, "admin@demo.dpl");
    const page = () => fetch(`${app.baseUrl}/settings/tokens`, { headers: { cookie }, redirect: "manual" }).then((r) => r.text());
    expect(await page()).toContain("New token");
    await db().user.update({ where: { email: "admin@demo.dpl" }, data: { role: "VIEWER" } });
    try {
      expect(await page()).not.toContain("New token");
      const denial = await db().auditEvent.findFirst({ where: { outcome: "DENIED", actorName: "Adam Admin" }, orderBy: { id: "desc" } });
      expect(denial?.action).toMatch(/settings\/tokens/);
    } finally {
      await db().user.update({ where: { email: "admin@demo.dpl" }, data: { role: "ADMIN" } });
    }
  });

  it("the session cookie lasts DPL_SESSION_IDLE_MINUTES and every request extends it", async () => {
    const cookie = await signInAs(app.baseUrl, "viewer@demo.dpl");
    const response = await fetch(`${app.baseUrl}/settings/members`, { headers: { cookie }, redirect: "manual" });
    const session = response.headers.getSetCookie().find((line) => line.includes("session-token="));
    expect(session, "the proxy re-issues the session cookie").toBeDefined();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(session ?? "")?.[1] ?? "");
    const idleMs = 480 * 60_000;
    expect(Math.abs(expires - (Date.now() + idleMs))).toBeLessThan(120_000);
  });

  it("a disabled member is signed out at once", async () => {
    const cookie = await signInAs(app.baseUrl, "deployer@demo.dpl");
    expect((await fetch(`${app.baseUrl}/settings/members`, { headers: { cookie }, redirect: "manual" })).status).not.toBe(307);
    await db().user.update({ where: { email: "deployer@demo.dpl" }, data: { disabledAt: new Date() } });
    try {
      const response = await fetch(`${app.baseUrl}/`, { headers: { cookie }, redirect: "manual" });
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toMatch(/\/signin\?callbackUrl=%2F/);
    } finally {
      await db().user.update({ where: { email: "deployer@demo.dpl" }, data: { disabledAt: null } });
    }
  });
});

describe("server actions", () => {
  it("refuse a forged cross-origin request that the same request from the app's origin would pass", async () => {
    const { actions } = readBuildManifests(root);
    const create = actions.find((action) => action.exportedName === "createTokenAction");
    if (!create) throw new Error("createTokenAction is not in the build");
    const before = await db().apiToken.count();
    const forged = await invokeAction(create, { baseUrl: app.baseUrl, fetcher, cookie: admin }, "https://evil.example");
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await db().apiToken.count()).toBe(before);

    const genuine = await invokeAction(create, { baseUrl: app.baseUrl, fetcher, cookie: admin });
    expect(genuine.status).toBe(200);
    expect(await genuine.text()).toMatch(/dpl_[0-9A-Za-z]{40}/);
    expect(await db().apiToken.count()).toBe(before + 1);
  });
});

describe("security headers", () => {
  it("are on every kind of response, and X-Powered-By is not", async () => {
    const staticAsset = readdirSync(path.join(root, ".next", "static", "chunks")).find((name) => name.endsWith(".js"));
    const responses = await Promise.all([
      fetch(`${app.baseUrl}/signin`),
      fetch(`${app.baseUrl}/`, { redirect: "manual" }),
      fetch(`${app.baseUrl}/`, { headers: { cookie: viewer } }),
      fetch(`${app.baseUrl}/api/health`),
      fetch(`${app.baseUrl}/api/auth/session`),
      fetch(`${app.baseUrl}/no-such-page`, { headers: { cookie: viewer } }),
      fetch(`${app.baseUrl}/_next/static/chunks/${staticAsset}`),
    ]);
    for (const response of responses) {
      const where = `${response.url} (${response.status})`;
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, where).toContain("default-src 'self'");
      expect(csp, where).toContain("frame-ancestors 'none'");
      expect(csp, where).toContain("object-src 'none'");
      expect(response.headers.get("x-frame-options"), where).toBe("DENY");
      expect(response.headers.get("x-content-type-options"), where).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), where).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("strict-transport-security"), where).toMatch(/max-age=\d{8}/);
      expect(response.headers.get("cross-origin-opener-policy"), where).toBe("same-origin");
      expect(response.headers.get("x-powered-by"), where).toBeNull();
    }
  });
});

describe("client bundles and pages", () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : [full];
    });
  }

  it("hold no AUTH_SECRET, AWS credential, token or token hash", async () => {
    const tokenHashes = (await db().apiToken.findMany({ select: { tokenHash: true } })).map((row) => row.tokenHash);
    expect(tokenHashes.length).toBeGreaterThan(0);
    const persistedSecrets = [".data/auth-secret", ".data/e2e/auth-secret"]
      .map((file) => path.join(root, file))
      .filter(existsSync)
      .map((file) => readFileSync(file, "utf8").trim());
    const secrets = [
      app.authSecret,
      "security-test-aws-secret-8f3c1e",
      "AKIASECURITYTEST0001",
      demoToken,
      ...tokenHashes,
      ...persistedSecrets,
      ...[process.env.AUTH_SECRET, process.env.AWS_SECRET_ACCESS_KEY].filter((v): v is string => Boolean(v && v.length >= 12)),
    ];
    const bundle = files(path.join(root, ".next", "static")).map((file) => [file, readFileSync(file, "latin1")] as const);
    expect(bundle.length).toBeGreaterThan(0);
    for (const [file, text] of bundle) {
      for (const secret of secrets) expect(text.includes(secret), `${file} contains a secret`).toBe(false);
      expect(/dpl_[0-9A-Za-z]{40}/.test(text), `${file} contains an API token`).toBe(false);
      expect(/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text), `${file} contains a private key`).toBe(false);
    }
    // What an admin's browser receives for the tokens page: names and prefixes, never hashes.
    const page = await fetch(`${app.baseUrl}/settings/tokens`, { headers: { cookie: admin } }).then((r) => r.text());
    expect(page).toContain("demo CLI");
    for (const secret of [app.authSecret, demoToken, ...tokenHashes]) expect(page.includes(secret)).toBe(false);
  });
});
