import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { settleRestored, type DeployContext, type Rollout } from "./beanstalk-deploy";
import { ebError, ebXml, handleBeanstalk } from "./beanstalk";
import { handleControl, takeFault, type ControlContext, type Fault, type RecordedCall } from "./control";
import { ecrError, ecrJson, handleEcr } from "./ecr";
import { handleS3, s3Error, s3Operation } from "./s3";
import { demoState } from "./seed";
import { emptyState, DEFAULT_REGION, type SandboxState } from "./state";
import { handleSts, stsError } from "./sts";
import { AwsError, credentialScope, newRequestId, readBody, send, type AwsRequest, type AwsResponse } from "./wire";

// One HTTP port speaking ECR (awsJson1_1), Elastic Beanstalk and STS (awsQuery) and S3
// (restXml, path-style), routed by X-Amz-Target, the form's Action/Version, and the path.

export type SandboxOptions = { port?: number; host?: string; stateFile?: string; seed?: "demo" | "empty"; deployDurationMs?: number };
export type Sandbox = { url: string; port: number; close(): Promise<void>; state: SandboxState };

const ECR_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";

function identify(request: AwsRequest): { service: string; operation: string; params: Record<string, unknown>; input: unknown } {
  const target = String(request.headers["x-amz-target"] ?? "");
  if (target.startsWith(ECR_PREFIX)) {
    let input: Record<string, unknown> = {};
    try {
      input = request.body.length ? (JSON.parse(request.body.toString("utf8")) as Record<string, unknown>) : {};
    } catch {
      throw Object.assign(new AwsError("SerializationException", "Start of structure or map found where not expected."), {
        service: "ecr",
        operation: target.slice(ECR_PREFIX.length),
      });
    }
    const { repositoryName, imageIds, maxResults, nextToken, imageTag } = input;
    return {
      service: "ecr",
      operation: target.slice(ECR_PREFIX.length),
      params: { repositoryName, imageIds, maxResults, nextToken: nextToken ? "…" : undefined, imageTag },
      input,
    };
  }
  const form = String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  if (request.method === "POST" && request.path === "/" && form) {
    const params = new URLSearchParams(request.body.toString("utf8"));
    const sts = params.get("Version") === "2011-06-15" || credentialScope(request.headers).service === "sts";
    const pick = [
      "ApplicationName",
      "EnvironmentName",
      "EnvironmentId",
      "VersionLabel",
      "RequestId",
      "StartTime",
      "SourceBundle.S3Bucket",
      "SourceBundle.S3Key",
      "EnvironmentNames.member.1",
    ];
    const recorded = Object.fromEntries(pick.filter((k) => params.has(k)).map((k) => [k, params.get(k)]));
    return { service: sts ? "sts" : "elasticbeanstalk", operation: params.get("Action") ?? "", params: recorded, input: params };
  }
  const op = s3Operation(request);
  return { service: "s3", operation: op.operation, params: { Bucket: op.bucket, Key: op.key }, input: op };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = () => (options.seed === "empty" ? emptyState() : demoState());
  let state: SandboxState = seed();
  if (options.stateFile && existsSync(options.stateFile)) {
    state = JSON.parse(readFileSync(options.stateFile, "utf8")) as SandboxState;
    settleRestored(state);
  }
  const faults: Fault[] = [];
  const latency = { ms: 0 };
  const calls: RecordedCall[] = [];
  const rollouts = new Map<string, Rollout>();
  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(state));
  };
  const changed = () => {
    if (!options.stateFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      save();
    }, 250);
  };
  const deployDurationMs = options.deployDurationMs ?? Number(process.env.SANDBOX_DEPLOY_MS ?? 4_000);
  const deploy: DeployContext = { state, durationMs: deployDurationMs, changed, rollouts };
  const control: ControlContext = {
    state: () => state,
    reset: () => {
      for (const rollout of rollouts.values()) rollout.timers.forEach(clearTimeout);
      rollouts.clear();
      state = seed();
      deploy.state = state;
      faults.length = 0;
      latency.ms = 0;
      calls.length = 0;
      changed();
    },
    faults,
    latency,
    calls,
    changed,
  };

  async function handleAws(req: IncomingMessage, res: ServerResponse, request: AwsRequest): Promise<void> {
    const started = Date.now();
    const requestId = newRequestId();
    let id: ReturnType<typeof identify>;
    try {
      id = identify(request);
    } catch (error) {
      const e = error as AwsError & { service: string; operation: string };
      calls.push({ service: e.service, operation: e.operation, at: new Date(started).toISOString(), durationMs: 0, params: {}, status: 400 });
      return send(res, ecrError(e, requestId));
    }
    const call: RecordedCall = {
      service: id.service,
      operation: id.operation,
      at: new Date(started).toISOString(),
      durationMs: 0,
      params: id.params,
      status: 0,
    };
    calls.push(call);
    if (latency.ms) await new Promise((resolve) => setTimeout(resolve, latency.ms));
    const fault = takeFault(faults, id.service, id.operation);
    if (fault?.code === "HANG") return; // never answers: the client's timeout must fire
    if (fault?.code === "RESET") {
      req.socket.destroy();
      call.durationMs = Date.now() - started;
      return;
    }
    let response: AwsResponse;
    const fail = (error: AwsError): AwsResponse => {
      switch (id.service) {
        case "ecr":
          return ecrError(error, requestId);
        case "s3":
          return s3Error(error, requestId, request.method);
        case "sts":
          return stsError(error, requestId);
        default:
          return ebError(error, requestId);
      }
    };
    try {
      if (fault) throw new AwsError(fault.code, fault.message, fault.httpStatus, fault.httpStatus >= 500 ? "Receiver" : "Sender");
      switch (id.service) {
        case "ecr":
          response = ecrJson(200, handleEcr(state, id.operation, id.input as Record<string, unknown>, request), requestId);
          break;
        case "s3":
          response = handleS3(state, id.input as ReturnType<typeof s3Operation>, request, requestId);
          break;
        case "sts":
          response = handleSts(id.operation, requestId);
          break;
        default:
          response = ebXml(id.operation, handleBeanstalk(deploy, id.operation, id.input as URLSearchParams, request, requestId), requestId);
      }
      changed();
    } catch (error) {
      response = fail(error instanceof AwsError ? error : new AwsError("InternalFailure", `The sandbox failed: ${(error as Error).message}`, 500, "Receiver"));
    }
    call.status = response.status;
    call.durationMs = Date.now() - started;
    send(res, response);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sandbox");
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        return send(
          res,
          s3Error(error instanceof AwsError ? error : new AwsError("IncompleteBody", "The request body could not be read"), newRequestId(), "PUT"),
        );
      }
      if (url.pathname.startsWith("/_sandbox/")) {
        let input: unknown = {};
        try {
          input = body.length ? JSON.parse(body.toString("utf8")) : {};
          const reply = handleControl(control, req.method ?? "GET", url.pathname, input);
          return send(res, { status: reply.status, headers: { "content-type": "application/json" }, body: JSON.stringify(reply.body) });
        } catch (error) {
          return send(res, { status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: (error as Error).message }) });
        }
      }
      const region = credentialScope(req.headers).region ?? DEFAULT_REGION;
      await handleAws(req, res, { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, region });
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
    server.listen(options.port ?? 4566, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 4566);
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    get state() {
      return state;
    },
    close: async () => {
      for (const rollout of rollouts.values()) rollout.timers.forEach(clearTimeout);
      if (saveTimer) clearTimeout(saveTimer);
      save();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
