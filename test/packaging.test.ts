import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "@/lib/db/embedded";
import { prepareDatabase } from "@/lib/db/roles";

// No Docker engine runs here, so the image is checked the nearest honest way: its runtime
// file system is assembled from the Dockerfile's COPY lines, two instances start from it at
// once as an unprivileged user against one empty database, and the HEALTHCHECK command runs
// against each. What this cannot check: the base image, npm ci inside it, the build stage.

const root = process.cwd();
const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
const children: ChildProcess[] = [];
let imageRoot: string | undefined;

afterAll(() => {
  // Each instance leads its own process group: runuser forks the server, so killing runuser
  // alone would leave the server running.
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }
  if (imageRoot) rmSync(imageRoot, { recursive: true, force: true });
});

function chownTree(dir: string, uid: number, gid: number) {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else if (!entry.isSymbolicLink()) chownSync(full, uid, gid);
  }
}

describe("the production image", () => {
  it("runs as a non-root user and checks its health on /api/health", () => {
    expect(runtimeStage).toMatch(/^USER dpl$/m);
    expect(runtimeStage).toMatch(/^HEALTHCHECK .*\/api\/health/m);
    expect(runtimeStage).toMatch(/^FROM node:22-/m);
  });

  it("starts two instances at once on one empty database: one migrates, both turn healthy", async () => {
    expect(existsSync(path.join(root, ".next", "standalone", "dpl-start.mjs")), "run `npm run build` first").toBe(true);
    imageRoot = mkdtempSync(path.join(tmpdir(), "dpl-image-"));
    const app = path.join(imageRoot, "app");
    for (const [, source, dest] of runtimeStage.matchAll(/^COPY --from=build(?: --chown=\S+)? \/app\/(\S+) (\S+)$/gm)) {
      cpSync(path.join(root, source), path.join(app, dest), { recursive: true });
    }
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownTree(imageRoot, 65534, 65534);
    const [, cmdJson] = /^CMD (\[.*\])$/m.exec(runtimeStage)!;
    const [, healthJson] = /^HEALTHCHECK .*? CMD (\[.*\])$/m.exec(runtimeStage)!;
    const command = JSON.parse(cmdJson) as string[];
    const healthcheck = JSON.parse(healthJson) as string[];

    const database = await prepareDatabase(inject("adminUrl"), `dpl_pkg_${process.pid}_${Date.now()}`);
    const ports = [await freePort(), await freePort()];
    const asUser = (argv: string[]) =>
      (asRoot
        ? ["runuser", ["-u", "nobody", "--", ...argv.map((a) => (a === "node" ? process.execPath : a))]]
        : [argv[0] === "node" ? process.execPath : argv[0], argv.slice(1)]) as [string, string[]];
    const env = (port: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH ?? "",
      HOME: imageRoot!,
      NODE_ENV: "production" as const,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: database.appUrl,
      DATABASE_MIGRATION_URL: database.migrationUrl,
      AUTH_SECRET: "packaging-test-secret-0123456789abcdef",
      AUTH_URL: `http://127.0.0.1:${port}`,
      AUTH_GITHUB_ID: "packaging",
      AUTH_GITHUB_SECRET: "packaging",
      DPL_ADMIN_EMAILS: "ops@example.com",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "x",
      LOG_LEVEL: "warn",
    });
    const logs = ["", ""];
    ports.forEach((port, i) => {
      const [bin, args] = asUser(command);
      const child = spawn(bin, args, { cwd: app, env: env(port), stdio: ["ignore", "pipe", "pipe"], detached: true });
      child.stdout!.on("data", (chunk) => (logs[i] += chunk));
      child.stderr!.on("data", (chunk) => (logs[i] += chunk));
      children.push(child);
    });
    const healthy = async (port: number) => {
      for (let attempt = 0; attempt < 240; attempt++) {
        const [bin, args] = asUser(healthcheck);
        if (spawnSync(bin, args, { env: env(port), timeout: 10_000 }).status === 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return false;
    };
    const results = await Promise.all(ports.map(healthy));
    expect(results, logs.join("\n----\n")).toEqual([true, true]);
    const client = new pg.Client({ connectionString: database.migrationUrl });
    await client.connect();
    const { rows } = await client.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT migration_name)::int AS distinct FROM "_prisma_migrations"`,
    );
    await client.end();
    const migrations = readdirSync(path.join(root, "prisma", "migrations")).filter((name) => /^\d{14}_/.test(name));
    expect(rows[0]).toEqual({ n: migrations.length, distinct: migrations.length });
    expect(logs.filter((log) => log.includes("applied"))).toHaveLength(1);
  }, 150_000);
});
