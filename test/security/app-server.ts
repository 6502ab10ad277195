import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "@/lib/db/embedded";

// The built dashboard (.next/standalone, from the one `npm run build` of `npm test`) on a
// test database, in demo mode against an AWS endpoint nobody listens on: the security tests
// need sign-in and the routes, not AWS.

export type AppServer = { baseUrl: string; authSecret: string; stop: () => Promise<void> };

export async function startAppServer(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const root = process.cwd();
  const serverJs = path.join(root, ".next", "standalone", "server.js");
  if (!existsSync(serverJs)) throw new Error("dpl is not built: run `npm run build` first (npm test does).");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const authSecret = randomBytes(33).toString("base64");
  const server: ChildProcess = spawn(process.execPath, [serverJs], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIASECURITYTEST0001",
      AWS_SECRET_ACCESS_KEY: "security-test-aws-secret-8f3c1e",
      AUTH_SECRET: authSecret,
      AUTH_URL: baseUrl,
      AUTH_TRUST_HOST: "true",
      DPL_DEMO: "1",
      DPL_WORKER: "0",
      LOG_LEVEL: "silent",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    const timer = setTimeout(() => server.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the dashboard exited with code ${server.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the dashboard did not answer within 60 s:\n${output}`);
    }
    const up = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl, authSecret, stop };
}

/** Signs in through Auth.js's own demo Credentials flow; returns the Cookie header to send. */
export async function signInAs(baseUrl: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${baseUrl}/api/auth/callback/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: `${baseUrl}/` }),
  });
  keep(callback);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) {
    throw new Error(`demo sign-in as ${email} failed: ${callback.status} ${callback.headers.get("location")}`);
  }
  return cookie();
}
