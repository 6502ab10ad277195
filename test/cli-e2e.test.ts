import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded";
import { sandboxControl } from "@/sandbox/client";
import { seedDemoFor } from "@/scripts/demo-announce";
import { startStack, type Stack } from "@/scripts/stack";
import { useTestDatabase } from "@/test/db";

// The article's CI step against the real thing: the bundled CLI (cli/dist/dpl.mjs from the
// one `npm run build`) as a child process, the built dashboard, PostgreSQL and the sandbox.

useTestDatabase();
const root = process.cwd();
const cli = path.join(root, "cli", "dist", "dpl.mjs");
let stack: Stack;
let token: string;

beforeAll(async () => {
  expect(existsSync(cli), "run `npm run build` first (it bundles the CLI)").toBe(true);
  stack = await startStack({
    dataDir: mkdtempSync(path.join(tmpdir(), "dpl-cli-e2e-")),
    databaseName: "unused-with-DATABASE_URL",
    port: await freePort(),
    sandboxPort: 0,
    deployDurationMs: 300,
    env: { DPL_TRACK_INTERVAL_MS: "100", DPL_ENVIRONMENT_POLL_MS: "1000", DPL_IMAGE_POLL_MS: "5000", DPL_RECONCILE_INTERVAL_MS: "2000", LOG_LEVEL: "warn" },
  });
  token = (await seedDemoFor(stack, path.join(mkdtempSync(path.join(tmpdir(), "dpl-cli-token-")), "demo-token"))).deployerToken;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

function dpl(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "",
        CI: "true",
        DPL_URL: stack.appUrl,
        DPL_TOKEN: token,
        DPL_POLL_MS: "150",
        ...env,
      } as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("dpl CLI against dpl", () => {
  it("deploys the article's image to dev: the first line, progress, exit 0", async () => {
    const result = await dpl(["deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev", "--reason", "CI build 42"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("Deploying 'takumi-server:git_cf7edb2' to 'takumi-srv-dev'");
    expect(result.stdout).toContain("Environment update completed successfully.");
    expect(lines.at(-1)).toMatch(/^Deployed 'takumi-server:git_cf7edb2' to 'takumi-srv-dev' in \d+s/);
  }, 60_000);

  it("exits 1 when Elastic Beanstalk turns the deploy Red", async () => {
    await sandboxControl(stack.sandboxUrl).outcome({ environment: "takumi-srv-staging", health: "Red" });
    const result = await dpl(["deploy", "takumi-server", "git_cf7edb2", "takumi-srv-staging"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Deploy failed: /);
  }, 60_000);

  it("prints only the final deploy object with --json, for a freshly pushed image", async () => {
    await sandboxControl(stack.sandboxUrl).pushImage({ repository: "takumi-server", tag: "git_a1b2c3d" });
    const result = await dpl(["deploy", "takumi-server", "git_a1b2c3d", "takumi-srv-dev", "--json"]);
    expect(result.code).toBe(0);
    const deploy = JSON.parse(result.stdout) as { status: string; imageTag: string; environment: string; imageDigest: string };
    expect(deploy).toMatchObject({ status: "SUCCEEDED", imageTag: "git_a1b2c3d", environment: "takumi-srv-dev" });
    expect(deploy.imageDigest).toMatch(/^sha256:/);
  }, 60_000);

  it("exits 2 on a locked environment, with the lock's reason", async () => {
    expect((await dpl(["lock", "takumi-srv-dev", "--reason", "release freeze", "--expires", "1h"])).code).toBe(0);
    const refused = await dpl(["deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("release freeze");
    expect(refused.stderr).toContain("[ENVIRONMENT_LOCKED]");
    expect((await dpl(["unlock", "takumi-srv-dev"])).code).toBe(0);
  }, 60_000);

  it("exits 2 with a clear message for a bad token, and 3 when dpl is unreachable", async () => {
    const bad = await dpl(["deploy", "takumi-server", "git_cf7edb2", "takumi-srv-dev"], { DPL_TOKEN: "dpl_not_a_real_token" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("[UNAUTHENTICATED]");
    const closed = await freePort();
    const unreachable = await dpl(["status"], { DPL_URL: `http://127.0.0.1:${closed}` });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain(`cannot reach dpl at http://127.0.0.1:${closed}`);
  }, 60_000);

  it("shows status, history and images", async () => {
    const status = await dpl(["status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/takumi-srv-dev\s+takumi-server/);
    const history = await dpl(["history", "takumi-srv-dev"]);
    expect(history.stdout).toMatch(/DEPLOY\s+SUCCEEDED\s+git_a1b2c3d/);
    const images = await dpl(["images", "takumi-server", "--json"]);
    expect((JSON.parse(images.stdout) as { items: unknown[] }).items.length).toBeGreaterThan(10);
  }, 60_000);
});
