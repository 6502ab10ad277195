import { createHash } from "node:crypto";
import { abortRollout, startRollout, type DeployContext } from "./beanstalk-deploy";
import { applicationView, environmentView, eventView, healthView, versionView } from "./beanstalk-views";
import { DOCKER_AL2023, ebBucketName, platformArnFor, type EnvironmentRecord, type SandboxState } from "./state";
import { AwsError, toXml, type AwsRequest, type AwsResponse, type XmlValue } from "./wire";

// AWS Elastic Beanstalk, awsQuery: form-encoded `Action=<Op>&Version=2010-12-01&...`,
// XML answers with the request id in the body and the x-amzn-requestid header.

const NS = "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/";

export function ebXml(operation: string, result: XmlValue, requestId: string): AwsResponse {
  const body = `<${operation}Response xmlns="${NS}"><${operation}Result>${toXml(result)}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
  return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
}

export function ebError(error: AwsError, requestId: string): AwsResponse {
  const body = `<ErrorResponse xmlns="${NS}"><Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${toXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body };
}

type Params = URLSearchParams;

function required(params: Params, name: string): string {
  const value = params.get(name);
  if (value === null || value === "") throw new AwsError("MissingParameter", `The request must contain the parameter ${name}`);
  return value;
}

function list(params: Params, name: string): string[] {
  const items: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) items.push(params.get(`${name}.member.${i}`)!);
  return items;
}

function lengthCheck(name: string, value: string | null, min: number, max: number): void {
  if (value !== null && (value.length < min || value.length > max)) {
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value '${value}' at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have length ${value.length < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
    );
  }
}

function application(state: SandboxState, name: string) {
  const app = state.applications[name];
  if (!app) throw new AwsError("InvalidParameterValue", `No Application named '${name}' found.`);
  return app;
}

function environment(state: SandboxState, params: Params): EnvironmentRecord {
  const name = params.get("EnvironmentName");
  const id = params.get("EnvironmentId");
  if (!name && !id) throw new AwsError("MissingParameter", "Either EnvironmentName or EnvironmentId must be specified.");
  lengthCheck("EnvironmentName", name, 4, 40);
  const env = name ? state.environments[name] : Object.values(state.environments).find((e) => e.id === id);
  if (!env)
    throw new AwsError(
      "InvalidParameterValue",
      name ? `No Environment found for EnvironmentName = '${name}'.` : `No Environment found for EnvironmentId = '${id}'.`,
    );
  return env;
}

function paginate<T>(items: T[], params: Params, defaultMax: number, maxLimit: number): { items: T[]; next?: string } {
  const maxRecords = params.has("MaxRecords") ? Number(params.get("MaxRecords")) : defaultMax;
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > maxLimit) {
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value '${params.get("MaxRecords")}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to ${maxLimit}`,
    );
  }
  const offset = params.has("NextToken") ? Number(Buffer.from(params.get("NextToken")!, "base64url").toString()) || 0 : 0;
  const slice = items.slice(offset, offset + maxRecords);
  return { items: slice, next: offset + maxRecords < items.length ? Buffer.from(String(offset + maxRecords)).toString("base64url") : undefined };
}

export function handleBeanstalk(ctx: DeployContext, operation: string, params: Params, request: AwsRequest, requestId: string): XmlValue {
  const { state } = ctx;
  const region = request.region;
  switch (operation) {
    case "DescribeApplications": {
      const names = list(params, "ApplicationNames");
      const apps = Object.values(state.applications).filter((app) => names.length === 0 || names.includes(app.name));
      return { Applications: apps.map((app) => applicationView(state, app, region)) };
    }
    case "CreateApplication": {
      const name = required(params, "ApplicationName");
      lengthCheck("ApplicationName", name, 1, 100);
      if (state.applications[name]) throw new AwsError("InvalidParameterValue", `Application ${name} already exists.`);
      state.applications[name] = { name, description: params.get("Description") ?? undefined, createdAt: Date.now(), updatedAt: Date.now() };
      return { Application: applicationView(state, state.applications[name], region) };
    }
    case "DescribeEnvironments": {
      const app = params.get("ApplicationName");
      const names = list(params, "EnvironmentNames");
      const ids = list(params, "EnvironmentIds");
      const envs = Object.values(state.environments).filter(
        (env) => (!app || env.application === app) && (names.length === 0 || names.includes(env.name)) && (ids.length === 0 || ids.includes(env.id)),
      );
      return { Environments: envs.map((env) => environmentView(env, region)) };
    }
    case "CreateEnvironment": {
      const app = application(state, required(params, "ApplicationName"));
      const name = required(params, "EnvironmentName");
      lengthCheck("EnvironmentName", name, 4, 40);
      if (!/^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/.test(name))
        throw new AwsError(
          "InvalidParameterValue",
          `Value ${name} at 'EnvironmentName' failed to satisfy constraint: Member must contain only letters, digits, and the dash character and may not start or end with a dash`,
        );
      if (state.environments[name]) throw new AwsError("InvalidParameterValue", `Environment ${name} already exists.`);
      const label = params.get("VersionLabel") ?? undefined;
      if (label && !state.versions.some((v) => v.application === app.name && v.label === label))
        throw new AwsError("InvalidParameterValue", `No Application Version named '${label}' found.`);
      const stack = params.get("SolutionStackName") ?? DOCKER_AL2023;
      const env: EnvironmentRecord = {
        id: `e-${createHash("sha1")
          .update(name + Date.now())
          .digest("hex")
          .slice(0, 10)}`,
        name,
        application: app.name,
        versionLabel: label,
        solutionStack: stack,
        platformArn: params.get("PlatformArn") ?? platformArnFor(stack, region),
        status: "Ready",
        health: "Green",
        healthStatus: "Ok",
        cname: `${params.get("CNAMEPrefix") ?? name}.${region}.elasticbeanstalk.com`,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      };
      state.environments[name] = env;
      state.events.push({ at: Date.now(), application: app.name, environment: name, requestId, severity: "INFO", message: "createEnvironment is starting." });
      return environmentView(env, region);
    }
    case "CreateStorageLocation": {
      const bucket = ebBucketName(region);
      state.buckets[bucket] ??= { name: bucket, createdAt: Date.now(), objects: {} };
      return { S3Bucket: bucket };
    }
    case "CreateApplicationVersion": {
      const app = application(state, required(params, "ApplicationName"));
      const label = required(params, "VersionLabel");
      lengthCheck("VersionLabel", label, 1, 100);
      const description = params.get("Description");
      lengthCheck("Description", description, 0, 200);
      if (state.versions.some((v) => v.application === app.name && v.label === label))
        throw new AwsError("InvalidParameterValue", `Application Version ${label} already exists.`);
      if (state.versions.length >= state.versionQuota) {
        throw new AwsError(
          "TooManyApplicationVersionsException",
          `You cannot have more than ${state.versionQuota} Application Versions. Either remove some Application Versions or request a limit increase.`,
        );
      }
      const bucket = required(params, "SourceBundle.S3Bucket");
      const key = required(params, "SourceBundle.S3Key");
      if (!state.buckets[bucket]?.objects[key]) {
        throw new AwsError("InvalidParameterCombination", `Unable to download from S3 location (Bucket: ${bucket} Key: ${key}). Reason: Not Found`);
      }
      const version = {
        application: app.name,
        label,
        description: description ?? undefined,
        bucket,
        key,
        status: params.get("Process") === "true" ? "PROCESSED" : "UNPROCESSED",
        createdAt: Date.now(),
      };
      state.versions.push(version);
      return { ApplicationVersion: versionView(version, region) };
    }
    case "DescribeApplicationVersions": {
      const app = params.get("ApplicationName");
      const labels = list(params, "VersionLabels");
      const versions = state.versions
        .filter((v) => (!app || v.application === app) && (labels.length === 0 || labels.includes(v.label)))
        .sort((a, b) => b.createdAt - a.createdAt);
      const page = paginate(versions, params, 1000, 1000);
      return { ApplicationVersions: page.items.map((v) => versionView(v, region)), NextToken: page.next };
    }
    case "DeleteApplicationVersion": {
      const app = application(state, required(params, "ApplicationName"));
      const label = required(params, "VersionLabel");
      const index = state.versions.findIndex((v) => v.application === app.name && v.label === label);
      if (index < 0) throw new AwsError("InvalidParameterValue", `No Application Version named '${label}' found.`);
      const users = Object.values(state.environments).filter((env) => env.application === app.name && env.versionLabel === label);
      if (users.length) {
        throw new AwsError(
          "InvalidParameterValue",
          `Unable to delete application version ${label} because it is being used by environment(s): ${users.map((e) => e.name).join(", ")}`,
        );
      }
      const [removed] = state.versions.splice(index, 1);
      if (params.get("DeleteSourceBundle") === "true") delete state.buckets[removed.bucket]?.objects[removed.key];
      return {};
    }
    case "UpdateEnvironment": {
      const env = environment(state, params);
      const label = params.get("VersionLabel");
      if (label === null) return environmentView(env, region); // configuration-only updates are out of scope
      lengthCheck("VersionLabel", label, 1, 100);
      const version = state.versions.find((v) => v.application === env.application && v.label === label);
      if (!version) throw new AwsError("InvalidParameterValue", `No Application Version named '${label}' found.`);
      if (env.status !== "Ready")
        throw new AwsError("InvalidParameterValue", `Environment named ${env.name} is in an invalid state for this operation. Must be Ready.`);
      startRollout(ctx, env, version, requestId);
      return environmentView(env, region);
    }
    case "DescribeEvents": {
      const app = params.get("ApplicationName");
      const envName = params.get("EnvironmentName");
      const rid = params.get("RequestId");
      const start = params.has("StartTime") ? Date.parse(params.get("StartTime")!) : undefined;
      const end = params.has("EndTime") ? Date.parse(params.get("EndTime")!) : undefined;
      if ((start !== undefined && Number.isNaN(start)) || (end !== undefined && Number.isNaN(end)))
        throw new AwsError("ValidationError", "Invalid timestamp for StartTime or EndTime.");
      const events = state.events
        .filter(
          (e) =>
            (!app || e.application === app) &&
            (!envName || e.environment === envName) &&
            (!rid || e.requestId === rid) &&
            (start === undefined || e.at >= start) &&
            (end === undefined || e.at < end),
        )
        .reverse();
      const page = paginate(events, params, 100, 1000);
      return { Events: page.items.map(eventView), NextToken: page.next };
    }
    case "DescribeEnvironmentHealth":
      return healthView(environment(state, params));
    case "AbortEnvironmentUpdate": {
      const env = environment(state, params);
      if (env.status !== "Updating" || !abortRollout(ctx, env)) {
        throw new AwsError("InvalidParameterValue", `Environment named ${env.name} has no abortable operation in progress.`);
      }
      return {};
    }
    default:
      throw new AwsError("InvalidAction", `The action ${operation} is not valid for this web service.`);
  }
}
