import type { DeployContext } from "./beanstalk-deploy";
import { handleEnvironmentOperation } from "./beanstalk-environments";
import { findApplication, lengthCheck, list, newestFirst, required, type Params } from "./beanstalk-params";
import { applicationView, versionView } from "./beanstalk-views";
import { ebBucketName, table } from "./state";
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

/** Operations that change nothing: the state file is not rewritten for them. */
export const EB_READS = new Set(["DescribeApplications", "DescribeEnvironments", "DescribeApplicationVersions", "DescribeEvents", "DescribeEnvironmentHealth"]);

function createApplicationVersion(ctx: DeployContext, params: Params, region: string): XmlValue {
  const { state } = ctx;
  const app = findApplication(state, required(params, "ApplicationName"));
  const label = required(params, "VersionLabel");
  lengthCheck("VersionLabel", label, 1, 100);
  const description = params.get("Description");
  lengthCheck("Description", description, 0, 200);
  if (state.versions.some((v) => v.application === app.name && v.label === label)) {
    throw new AwsError("InvalidParameterValue", `Application Version ${label} already exists.`);
  }
  if (state.versions.length >= state.versionQuota) {
    throw new AwsError(
      "TooManyApplicationVersionsException",
      `You cannot have more than ${state.versionQuota} Application Versions. Either remove some Application Versions or request a limit increase.`,
    );
  }
  // Real EB falls back to a sample application without a SourceBundle; dpl always sends one,
  // so the sandbox insists on it rather than inventing a sample bundle.
  const bucket = required(params, "SourceBundle.S3Bucket");
  const key = required(params, "SourceBundle.S3Key");
  lengthCheck("SourceBundle.S3Key", key, 1, 1024);
  if (!state.buckets[bucket]?.objects[key]) {
    throw new AwsError("InvalidParameterCombination", `Unable to download from S3 location (Bucket: ${bucket} Key: ${key}). Reason: Not Found`);
  }
  const now = Date.now();
  const version = {
    application: app.name,
    label,
    description: description ?? undefined,
    bucket,
    key,
    // With Process=true EB validates the bundle first; the sandbox does that at deploy time.
    status: params.get("Process") === "true" ? "PROCESSED" : "UNPROCESSED",
    createdAt: now,
  };
  state.versions.push(version);
  app.updatedAt = now;
  return { ApplicationVersion: versionView(version, region) };
}

function deleteApplicationVersion(ctx: DeployContext, params: Params): XmlValue {
  const { state } = ctx;
  const app = findApplication(state, required(params, "ApplicationName"));
  const label = required(params, "VersionLabel");
  const index = state.versions.findIndex((v) => v.application === app.name && v.label === label);
  if (index < 0) throw new AwsError("InvalidParameterValue", `No Application Version named '${label}' found.`);
  const users = Object.values(state.environments).filter(
    (env) => env.application === app.name && (env.versionLabel === label || ctx.rollouts.get(env.name)?.label === label),
  );
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
      const now = Date.now();
      state.applications[name] = { name, description: params.get("Description") ?? undefined, createdAt: now, updatedAt: now };
      return { Application: applicationView(state, state.applications[name], region) };
    }
    case "CreateStorageLocation": {
      const bucket = ebBucketName(region);
      state.buckets[bucket] ??= { name: bucket, createdAt: Date.now(), objects: table() };
      return { S3Bucket: bucket };
    }
    case "CreateApplicationVersion":
      return createApplicationVersion(ctx, params, region);
    case "DescribeApplicationVersions": {
      const app = params.get("ApplicationName");
      const labels = list(params, "VersionLabels");
      const versions = state.versions.filter((v) => (!app || v.application === app) && (labels.length === 0 || labels.includes(v.label)));
      // Without MaxRecords EB returns every version in one response.
      const page = newestFirst(versions, params, Number.MAX_SAFE_INTEGER, 1000);
      return { ApplicationVersions: page.items.map((v) => versionView(v, region)), NextToken: page.next };
    }
    case "DeleteApplicationVersion":
      return deleteApplicationVersion(ctx, params);
    case "":
      throw new AwsError("MissingAction", "Missing Action");
    default: {
      const result = handleEnvironmentOperation(ctx, operation, params, region, requestId);
      if (result === undefined) throw new AwsError("InvalidAction", `The action ${operation} is not valid for this web service.`);
      return result;
    }
  }
}
