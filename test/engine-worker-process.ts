import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// A standalone worker (lib/jobs/main.ts) as a child process, for the crash tests: started
// with the test's database and sandbox, SIGKILLed mid-step.

export type WorkerProcess = { child: ChildProcess; output: () => string; kill: () => Promise<void>; stop: () => Promise<void> };

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const root = process.cwd();
  // tsx's loader in this very process (not tsx's CLI, which runs the script in a second
  // process): a SIGKILL must reach the worker itself, not a wrapper that leaves it running.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "lib", "jobs", "main.ts")], {
    cwd: root,
    env: { ...process.env, ...env, DPL_WORKER: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    // Generous: tsx compiles the worker on first start, and CI machines are often loaded.
    const timer = setTimeout(() => reject(new Error(`worker did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes("worker") && output.includes("started")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before starting:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
