import type { IncomingMessage, ServerResponse } from "node:http";
import { ebError, ebXml, handleBeanstalk } from "./beanstalk";
import type { DeployContext } from "./beanstalk-deploy";
import { takeFault, type Fault, type RecordedCall } from "./control";
import { ecrError, ecrJson, handleEcr } from "./ecr";
import { route, UnroutableRequest, type Routed } from "./router";
import { handleS3, s3Error } from "./s3";
import { handleSts, stsError } from "./sts";
import { AwsError, newRequestId, send, type AwsRequest, type AwsResponse } from "./wire";

// One AWS call: route it, record it, apply injected latency and faults, answer it in its
// service's protocol. Every failure becomes an AWS-shaped error: a handler bug is a 500
// InternalFailure, never a dropped connection or a crashed sandbox.

/** Kept for `GET /_sandbox/calls`; the oldest go first past this (a long demo polls forever). */
const MAX_CALLS = 50_000;

export type AwsHandlerDeps = {
  deploy: DeployContext;
  faults: Fault[];
  latency: { ms: number };
  calls: RecordedCall[];
  changed: () => void;
};

function errorFor(service: Routed["service"], error: AwsError, requestId: string, method: string): AwsResponse {
  switch (service) {
    case "ecr":
      return ecrError(error, requestId);
    case "s3":
      return s3Error(error, requestId, method);
    case "sts":
      return stsError(error, requestId);
    case "elasticbeanstalk":
      return ebError(error, requestId);
    default: {
      const never: never = service;
      throw new Error(`unknown service ${String(never)}`);
    }
  }
}

function answer(deps: AwsHandlerDeps, routed: Routed, request: AwsRequest, requestId: string): AwsResponse {
  const { state } = deps.deploy;
  switch (routed.service) {
    case "ecr":
      return ecrJson(200, handleEcr(state, routed.operation, routed.input, request), requestId);
    case "s3":
      return handleS3(state, routed.input, request, requestId);
    case "sts":
      return handleSts(routed.operation, requestId);
    case "elasticbeanstalk":
      return ebXml(routed.operation, handleBeanstalk(deps.deploy, routed.operation, routed.input, request, requestId), requestId);
    default: {
      const never: never = routed;
      throw new Error(`unknown route ${JSON.stringify(never)}`);
    }
  }
}

export async function handleAwsCall(deps: AwsHandlerDeps, req: IncomingMessage, res: ServerResponse, request: AwsRequest): Promise<void> {
  const started = Date.now();
  const requestId = newRequestId();
  const call: RecordedCall = { service: "", operation: "", at: new Date(started).toISOString(), durationMs: 0, params: {}, status: 0 };
  if (deps.calls.length >= MAX_CALLS) deps.calls.splice(0, MAX_CALLS / 10);
  deps.calls.push(call);
  const finish = (response: AwsResponse) => {
    call.status = response.status;
    call.durationMs = Date.now() - started;
    send(res, response);
  };
  let routed: Routed;
  try {
    routed = route(request);
  } catch (error) {
    const e = error instanceof UnroutableRequest ? error : new UnroutableRequest("ecr", "", String(error));
    Object.assign(call, { service: e.service, operation: e.operation });
    return finish(ecrError(e, requestId));
  }
  Object.assign(call, { service: routed.service, operation: routed.operation, params: routed.params });
  if (deps.latency.ms) await new Promise((resolve) => setTimeout(resolve, deps.latency.ms));
  const fault = takeFault(deps.faults, routed.service, routed.operation);
  if (fault?.code === "HANG") return; // never answers: the client's own timeout must fire
  if (fault?.code === "RESET") {
    call.durationMs = Date.now() - started;
    req.socket.destroy();
    return;
  }
  let response: AwsResponse;
  try {
    if (fault) throw new AwsError(fault.code, fault.message, fault.httpStatus, fault.httpStatus >= 500 ? "Receiver" : "Sender");
    response = answer(deps, routed, request, requestId);
    if (routed.mutates) deps.changed();
  } catch (error) {
    const aws = error instanceof AwsError ? error : new AwsError("InternalFailure", `The sandbox failed: ${(error as Error).message}`, 500, "Receiver");
    response = errorFor(routed.service, aws, requestId, request.method);
  }
  finish(response);
}
