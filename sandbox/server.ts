import { createServer } from "node:http";
import type { Socket } from "node:net";
import { handleAwsCall, type AwsHandlerDeps } from "./aws-handler";
import { clearAllTimers, resumeRollouts, type DeployContext } from "./beanstalk-deploy";
import { handleControl, type ControlContext } from "./control";
import { s3Error } from "./s3";
import { demoState } from "./seed";
import { DEFAULT_REGION, emptyState, type SandboxState } from "./state";
import { loadState, stateSaver } from "./state-file";
import { AwsError, credentialScope, newRequestId, readBody, send } from "./wire";

// One HTTP port speaking ECR (awsJson1_1), Elastic Beanstalk and STS (awsQuery) and S3
// (restXml, path-style), plus the control API under /_sandbox/ (DESIGN.md "Sandbox control").

export type SandboxOptions = {
  /** 0 picks a free port; default 4566 (LocalStack's convention). */
  port?: number;
  host?: string;
  /** Loaded at start when present, saved (debounced) after changes and on close. */
  stateFile?: string;
  seed?: "demo" | "empty";
  /** Total simulated duration of an UpdateEnvironment (default SANDBOX_DEPLOY_MS or 4000). */
  deployDurationMs?: number;
};
export type Sandbox = { url: string; port: number; close(): Promise<void>; state: SandboxState };

const DEFAULT_DEPLOY_MS = 4_000;

function deployDuration(option: number | undefined): number {
  if (option !== undefined) return option;
  const fromEnv = Number(process.env.SANDBOX_DEPLOY_MS);
  return process.env.SANDBOX_DEPLOY_MS && Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : DEFAULT_DEPLOY_MS;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const seed = () => (options.seed === "empty" ? emptyState() : demoState());
  const restored = options.stateFile ? loadState(options.stateFile) : undefined;
  const saver = stateSaver(options.stateFile, () => deploy.state);
  const deploy: DeployContext = {
    state: restored ?? seed(),
    durationMs: deployDuration(options.deployDurationMs),
    changed: () => saver.changed(),
    rollouts: new Map(),
    timers: new Set(),
    healthTimers: new Map(),
  };
  if (restored) resumeRollouts(deploy);
  const aws: AwsHandlerDeps = { deploy, faults: [], latency: { ms: 0 }, calls: [], changed: deploy.changed };
  const control: ControlContext = {
    state: () => deploy.state,
    reset: () => {
      clearAllTimers(deploy);
      deploy.state = seed();
      aws.faults.length = 0;
      aws.latency.ms = 0;
      aws.calls.length = 0;
      saver.changed();
    },
    faults: aws.faults,
    latency: aws.latency,
    calls: aws.calls,
    changed: deploy.changed,
  };

  const server = createServer((req, res) => {
    void (async () => {
      // Prefixed, not resolved against a base: a path such as "//x" is a path here, not a host.
      const url = new URL(`http://sandbox${(req.url ?? "/").startsWith("/") ? "" : "/"}${req.url ?? "/"}`);
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        const aws = error instanceof AwsError ? error : new AwsError("IncompleteBody", "The request body could not be read");
        return send(res, s3Error(aws, newRequestId(), req.method ?? "PUT"));
      }
      if (url.pathname.startsWith("/_sandbox/")) {
        const reply = handleControl(control, req.method ?? "GET", url.pathname, body);
        return send(res, { status: reply.status, headers: { "content-type": "application/json" }, body: JSON.stringify(reply.body) });
      }
      const region = credentialScope(req.headers).region ?? DEFAULT_REGION;
      await handleAwsCall(aws, req, res, { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, region });
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, headers: { "content-type": "text/plain" }, body: `sandbox error: ${(error as Error).message}` });
    });
  });
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4566, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 4566);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    get state() {
      return deploy.state;
    },
    close: () =>
      (closing ??= (async () => {
        clearAllTimers(deploy);
        saver.flush();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}
