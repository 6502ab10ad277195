import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDuration, table } from "./src/format";
import { runCli } from "./src/main";

// The CLI's own rules (exit codes, messages, output) against a scripted HTTP peer on
// loopback; test/cli-e2e.test.ts runs the bundled CLI against the real dashboard.

type Route = (body: string, headers: Record<string, string | string[] | undefined>) => { status: number; body: unknown };
const routes = new Map<string, Route>();
let server: Server;
let url: string;
const seen: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const route = routes.get(`${req.method} ${req.url}`);
      const reply = route ? route(body, req.headers) : { status: 404, body: { error: { code: "NOT_FOUND", message: "no such route" } } };
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function dpl(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    tty: false,
    env: { DPL_URL: url, DPL_TOKEN: "dpl_test", DPL_POLL_MS: "5" },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const deployView = (status: string, extra: Record<string, unknown> = {}) => ({
  id: "d1",
  status,
  application: "takumi-server",
  environment: "takumi-srv-dev",
  imageTag: "git_cf7edb2",
  url: "http://dpl/deploys/d1",
  events: [{ at: "2026-11-28T10:00:00.000Z", severity: "INFO", message: "Environment update is starting." }],
  ...extra,
});

describe("dpl deploy", () => {
  it("prints the article's first line, follows the events and exits 0 on success", async () => {
    let polls = 0;
    routes.set("POST /api/v1/deploys", () => ({ status: 202, body: { id: "d1", status: "PENDING", url: "http://dpl/deploys/d1" } }));
    routes.set("GET /api/v1/deploys/d1", () => ({ status: 200, body: deployView(++polls < 3 ? "UPDATING" : "SUCCEEDED") }));
    const result = await dpl("deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev", "--reason", "ship it");
    expect(result.code).toBe(0);
    expect(result.out.split("\n")[0]).toBe("Deploying 'takumi-server:git_cf7edb2' to 'takumi-srv-dev'");
    expect(result.out).toContain("Environment update is starting.");
    expect(result.out.match(/Environment update is starting\./g)).toHaveLength(1);
    expect(result.out).toMatch(/Deployed 'takumi-server:git_cf7edb2' to 'takumi-srv-dev' in \d+s/);
    const post = seen.find((s) => s.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({ application: "takumi-server", tag: "git_cf7edb2", environment: "takumi-srv-dev", reason: "ship it" });
    expect(post.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.headers.authorization).toBe("Bearer dpl_test");
    expect(post.headers["user-agent"]).toMatch(/^dpl-cli\//);
  });

  it("exits 1 with the reason when the deploy fails, and prints only JSON with --json", async () => {
    routes.set("GET /api/v1/deploys/d1", () => ({
      status: 200,
      body: deployView("FAILED", { error: { code: "DEPLOY_FAILED", message: "Failed to deploy application." } }),
    }));
    const failed = await dpl("deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev");
    expect(failed.code).toBe(1);
    expect(failed.err).toContain("Deploy failed: DEPLOY_FAILED: Failed to deploy application.");
    const json = await dpl("deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ id: "d1", status: "FAILED" });
  });

  it("exits 2 with the API's message when the request is refused", async () => {
    routes.set("POST /api/v1/deploys", () => ({
      status: 409,
      body: { error: { code: "ENVIRONMENT_LOCKED", message: "takumi-srv-dev is locked by Dana: release freeze." } },
    }));
    const locked = await dpl("deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev");
    expect(locked.code).toBe(2);
    expect(locked.err).toContain("takumi-srv-dev is locked by Dana: release freeze. [ENVIRONMENT_LOCKED]");
    routes.set("POST /api/v1/deploys", () => ({ status: 401, body: { error: { code: "UNAUTHENTICATED", message: "That token is not valid." } } }));
    const unauthenticated = await dpl("deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev");
    expect(unauthenticated.code).toBe(2);
    expect(unauthenticated.err).toContain("Set DPL_TOKEN");
  });

  it("returns at once with --no-wait and reports a no-op", async () => {
    routes.set("POST /api/v1/deploys", () => ({ status: 202, body: { id: "d1", status: "PENDING", url: "http://dpl/deploys/d1" } }));
    expect((await dpl("deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev", "--no-wait")).out).toContain("Accepted as d1 (PENDING)");
    routes.set("POST /api/v1/deploys", () => ({ status: 200, body: { id: "d1", status: "SUCCEEDED", noop: true } }));
    const noop = await dpl("deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev");
    expect(noop.code).toBe(0);
    expect(noop.out).toContain("Already running and healthy");
  });
});

describe("the other commands", () => {
  it("locks with an expiry and unlocks", async () => {
    routes.set("PUT /api/v1/environments/takumi-srv-dev/lock", () => ({ status: 200, body: {} }));
    routes.set("DELETE /api/v1/environments/takumi-srv-dev/lock", () => ({ status: 200, body: {} }));
    const lock = await dpl("lock", "takumi-srv-dev", "--reason", "freeze", "--expires", "2h");
    expect(lock.code).toBe(0);
    const body = JSON.parse(seen.at(-1)!.body);
    expect(body.reason).toBe("freeze");
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(7_100_000);
    expect((await dpl("unlock", "takumi-srv-dev")).code).toBe(0);
  });

  it("shows environments and exits 2 for an unknown one", async () => {
    routes.set("GET /api/v1/environments", () => ({
      status: 200,
      body: [
        {
          name: "takumi-srv-dev",
          application: "takumi-server",
          status: "Ready",
          health: "Green",
          image: { tag: "git_cf7edb2" },
          lock: null,
          activeDeploy: null,
        },
      ],
    }));
    const status = await dpl("status");
    expect(status.out).toMatch(/takumi-srv-dev\s+takumi-server\s+Ready\s+Green\s+git_cf7edb2/);
    expect((await dpl("status", "nope")).code).toBe(2);
  });

  it("exits 3 when dpl cannot be reached, and 2 without a token", async () => {
    const out: string[] = [];
    const unreachable = await runCli(["status"], {
      out: () => {},
      err: (l) => out.push(l),
      tty: false,
      env: { DPL_URL: "http://127.0.0.1:9", DPL_TOKEN: "x" },
    });
    expect(unreachable).toBe(3);
    expect(out.join()).toContain("cannot reach dpl at http://127.0.0.1:9");
    expect(await runCli(["status"], { out: () => {}, err: () => {}, tty: false, env: { DPL_URL: url } })).toBe(2);
  });
});

describe("formatting", () => {
  it("reads durations and refuses nonsense", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("2d")).toBe(172_800_000);
    expect(() => parseDuration("soon")).toThrow(/use e.g. 30m/);
    expect(() => parseDuration("3x")).toThrow();
  });
  it("aligns tables", () => {
    expect(table([["a", "bb"]], ["XX", "Y"])).toBe("XX  Y\na   bb");
  });
});
