import { createHash } from "node:crypto";
import { abortRollout, later, startRollout, type DeployContext } from "./beanstalk-deploy";
import { findApplication, findEnvironment, lengthCheck, list, newestFirst, required, timeParam, type Params } from "./beanstalk-params";
import { environmentView, eventView, healthView } from "./beanstalk-views";
import { DOCKER_AL2023, platformArnFor, type EnvironmentRecord } from "./state";
import { AwsError, type XmlValue } from "./wire";

// Elastic Beanstalk environments: describe, create, update (the simulated rollout), abort,
// events and health.

const SEVERITIES = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/;

function createEnvironment(ctx: DeployContext, params: Params, region: string, requestId: string): XmlValue {
  const { state } = ctx;
  const app = findApplication(state, required(params, "ApplicationName"));
  const name = required(params, "EnvironmentName");
  lengthCheck("EnvironmentName", name, 4, 40);
  if (!NAME_RULE.test(name)) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value ${name} at 'EnvironmentName' failed to satisfy constraint: Member must contain only letters, digits, and the dash character and may not start or end with a dash`,
    );
  }
  if (state.environments[name]) throw new AwsError("InvalidParameterValue", `Environment ${name} already exists.`);
  const label = params.get("VersionLabel") ?? undefined;
  if (label && !state.versions.some((v) => v.application === app.name && v.label === label)) {
    throw new AwsError("InvalidParameterValue", `No Application Version named '${label}' found.`);
  }
  const stack = params.get("SolutionStackName") ?? DOCKER_AL2023;
  const now = Date.now();
  const env: EnvironmentRecord = {
    id: `e-${createHash("sha1").update(`${name}:${now}`).digest("hex").slice(0, 10)}`,
    name,
    application: app.name,
    versionLabel: label,
    solutionStack: stack,
    platformArn: params.get("PlatformArn") ?? platformArnFor(stack, region),
    status: "Launching",
    health: "Grey",
    healthStatus: "Pending",
    cname: `${params.get("CNAMEPrefix") ?? name}.${region}.elasticbeanstalk.com`,
    createdAt: now,
    updatedAt: now,
  };
  state.environments[name] = env;
  const emit = (message: string) =>
    state.events.push({ at: Date.now(), application: app.name, environment: name, versionLabel: label, requestId, severity: "INFO", message });
  emit("createEnvironment is starting.");
  later(ctx, ctx.durationMs, () => {
    if (state.environments[name] !== env) return;
    Object.assign(env, { status: "Ready", health: "Green", healthStatus: "Ok", updatedAt: Date.now() });
    emit(`Successfully launched environment: ${name}`);
    ctx.changed();
  });
  return environmentView(env, region);
}

function updateEnvironment(ctx: DeployContext, params: Params, region: string, requestId: string): XmlValue {
  const { state } = ctx;
  const env = findEnvironment(state, params);
  const label = params.get("VersionLabel");
  if (label !== null) lengthCheck("VersionLabel", label, 1, 100);
  const version = label === null ? undefined : state.versions.find((v) => v.application === env.application && v.label === label);
  if (label !== null && !version) throw new AwsError("InvalidParameterValue", `No Application Version named '${label}' found.`);
  if (env.status !== "Ready") {
    throw new AwsError("InvalidParameterValue", `Environment named ${env.name} is in an invalid state for this operation. Must be Ready.`);
  }
  // A configuration-only update (no VersionLabel) is outside what dpl does: acknowledged as is.
  if (version) startRollout(ctx, env, version, requestId);
  return environmentView(env, region);
}

function describeEvents(ctx: DeployContext, params: Params): XmlValue {
  const app = params.get("ApplicationName");
  const envName = params.get("EnvironmentName");
  const envId = params.get("EnvironmentId");
  const envById = envId ? Object.values(ctx.state.environments).find((e) => e.id === envId)?.name : undefined;
  const label = params.get("VersionLabel");
  const rid = params.get("RequestId");
  const minSeverity = SEVERITIES.indexOf(params.get("Severity") ?? "TRACE");
  if (minSeverity < 0)
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value '${params.get("Severity")}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [${SEVERITIES.join(", ")}]`,
    );
  const start = timeParam(params, "StartTime");
  const end = timeParam(params, "EndTime");
  // StartTime is inclusive, EndTime exclusive, as the API reference says.
  const events = ctx.state.events.filter(
    (e) =>
      (!app || e.application === app) &&
      (!envName || e.environment === envName) &&
      (!envId || e.environment === envById) &&
      (!label || e.versionLabel === label) &&
      (!rid || e.requestId === rid) &&
      SEVERITIES.indexOf(e.severity) >= minSeverity &&
      (start === undefined || e.at >= start) &&
      (end === undefined || e.at < end),
  );
  const page = newestFirst(events, params, 100, 1000);
  return { Events: page.items.map(eventView), NextToken: page.next };
}

/** Returns undefined for an operation this module does not know. */
export function handleEnvironmentOperation(ctx: DeployContext, operation: string, params: Params, region: string, requestId: string): XmlValue | undefined {
  const { state } = ctx;
  switch (operation) {
    case "DescribeEnvironments": {
      const app = params.get("ApplicationName");
      const label = params.get("VersionLabel");
      const names = list(params, "EnvironmentNames");
      const ids = list(params, "EnvironmentIds");
      const envs = Object.values(state.environments).filter(
        (env) =>
          (!app || env.application === app) &&
          (!label || env.versionLabel === label) &&
          (names.length === 0 || names.includes(env.name)) &&
          (ids.length === 0 || ids.includes(env.id)),
      );
      return { Environments: envs.map((env) => environmentView(env, region)) };
    }
    case "CreateEnvironment":
      return createEnvironment(ctx, params, region, requestId);
    case "UpdateEnvironment":
      return updateEnvironment(ctx, params, region, requestId);
    case "AbortEnvironmentUpdate": {
      const env = findEnvironment(state, params);
      if (env.status !== "Updating" || !abortRollout(ctx, env)) {
        throw new AwsError("InvalidParameterValue", `Environment named ${env.name} has no abortable operation in progress.`);
      }
      return {};
    }
    case "DescribeEvents":
      return describeEvents(ctx, params);
    case "DescribeEnvironmentHealth":
      return healthView(findEnvironment(state, params), list(params, "AttributeNames"));
    default:
      return undefined;
  }
}
