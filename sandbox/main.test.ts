import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { UpdateEnvironmentCommand } from "@aws-sdk/client-elastic-beanstalk";
import { afterAll, describe, expect, it } from "vitest";
import type { SandboxState } from "./state";
import { clientsFor } from "./test-clients";
import { eventsOf, IMAGE, registerVersion, v1, waitReady } from "./test-eb";

// `npm run sandbox` as a process: one line with its URL, state saved on SIGTERM, and a deploy
// that was in flight when it stopped carried on to its end after the restart.

const root = path.resolve(import.meta.dirname, "..");
const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "sandbox-cli-")), "state.json");
const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

async function start(deployMs: number): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "sandbox", "main.ts")], {
    cwd: root,
    env: { ...process.env, SANDBOX_PORT: "0", SANDBOX_STATE_FILE: stateFile, SANDBOX_DEPLOY_MS: String(deployMs), SANDBOX_SEED: "demo" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join("\n"));
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  return { child, url, lines };
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

describe("npm run sandbox", () => {
  it("prints its URL, saves on SIGTERM, and finishes an interrupted deploy after a restart", async () => {
    const first = await start(60_000);
    expect(first.lines).toHaveLength(1);
    const aws = clientsFor(first.url);
    await registerVersion(aws, "across-restart", v1(`${IMAGE}:git_cf7edb2`));
    const update = await aws.eb.send(new UpdateEnvironmentCommand({ EnvironmentName: "takumi-srv-dev", VersionLabel: "across-restart" }));
    const exited = exitOf(first.child);
    first.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const saved = JSON.parse(readFileSync(stateFile, "utf8")) as SandboxState;
    expect(saved.environments["takumi-srv-dev"]).toMatchObject({ status: "Updating", pendingLabel: "across-restart" });

    const second = await start(150);
    const again = clientsFor(second.url);
    expect(await waitReady(again, "takumi-srv-dev")).toMatchObject({ VersionLabel: "across-restart", Health: "Green" });
    const messages = (await eventsOf(again, update.$metadata.requestId!)).map((e) => e.Message);
    expect(messages[0]).toBe("Environment update completed successfully.");
    expect(messages.filter((m) => m === "Environment update is starting.")).toHaveLength(1);
    const stopped = exitOf(second.child);
    second.child.kill("SIGINT");
    expect(await stopped).toBe(130);
  });
});
