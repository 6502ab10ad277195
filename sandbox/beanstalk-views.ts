import { ACCOUNT_ID, type ApplicationRecord, type EnvironmentRecord, type EventRecord, type SandboxState, type VersionRecord } from "./state";
import { iso, type XmlValue } from "./wire";

// How Elastic Beanstalk describes its objects on the wire (awsQuery XML, ISO timestamps).

export function applicationView(state: SandboxState, app: ApplicationRecord, region: string): XmlValue {
  return {
    ApplicationArn: `arn:aws:elasticbeanstalk:${region}:${ACCOUNT_ID}:application/${app.name}`,
    ApplicationName: app.name,
    Description: app.description,
    DateCreated: iso(app.createdAt),
    DateUpdated: iso(app.updatedAt),
    Versions: state.versions.filter((v) => v.application === app.name).map((v) => v.label),
    ConfigurationTemplates: [],
  };
}

export function environmentView(env: EnvironmentRecord, region: string): { [key: string]: XmlValue } {
  return {
    EnvironmentName: env.name,
    EnvironmentId: env.id,
    ApplicationName: env.application,
    VersionLabel: env.versionLabel,
    SolutionStackName: env.solutionStack,
    PlatformArn: env.platformArn,
    EndpointURL: `awseb-${env.id}.${region}.elb.amazonaws.com`,
    CNAME: env.cname,
    DateCreated: iso(env.createdAt),
    DateUpdated: iso(env.updatedAt),
    Status: env.status,
    AbortableOperationInProgress: env.status === "Updating",
    Health: env.health,
    HealthStatus: env.healthStatus,
    Tier: { Name: "WebServer", Type: "Standard", Version: "1.0" },
    EnvironmentLinks: [],
    EnvironmentArn: `arn:aws:elasticbeanstalk:${region}:${ACCOUNT_ID}:environment/${env.application}/${env.name}`,
  };
}

export function versionView(version: VersionRecord, region: string): XmlValue {
  return {
    ApplicationVersionArn: `arn:aws:elasticbeanstalk:${region}:${ACCOUNT_ID}:applicationversion/${version.application}/${version.label}`,
    ApplicationName: version.application,
    Description: version.description,
    VersionLabel: version.label,
    SourceBundle: { S3Bucket: version.bucket, S3Key: version.key },
    DateCreated: iso(version.createdAt),
    DateUpdated: iso(version.createdAt),
    Status: version.status,
  };
}

export function eventView(event: EventRecord): XmlValue {
  return {
    EventDate: iso(event.at),
    Message: event.message,
    ApplicationName: event.application,
    VersionLabel: event.versionLabel,
    EnvironmentName: event.environment,
    RequestId: event.requestId,
    Severity: event.severity,
  };
}

const HEALTH_ATTRIBUTES = ["Status", "Color", "Causes", "ApplicationMetrics", "InstancesHealth", "HealthStatus", "RefreshedAt"];

/** DescribeEnvironmentHealth answers only the attributes asked for ("All" for every one). */
export function healthView(env: EnvironmentRecord, attributeNames: string[]): XmlValue {
  const wanted = attributeNames.includes("All") ? HEALTH_ATTRIBUTES : attributeNames;
  const causes =
    env.health === "Red"
      ? ["Incorrect application version found on all instances.", "Application update failed."]
      : env.status === "Updating"
        ? ["Command is executing on all instances."]
        : [];
  const all: Record<string, XmlValue> = {
    HealthStatus: env.healthStatus,
    Status: env.status,
    Color: env.health,
    Causes: causes,
    ApplicationMetrics: { InstancesWithMetrics: 0 },
    RefreshedAt: iso(Date.now()),
    InstancesHealth: {
      NoData: 0,
      Unknown: 0,
      Pending: env.status === "Launching" ? 1 : 0,
      Ok: env.health === "Green" ? 1 : 0,
      Info: env.health === "Grey" && env.status !== "Launching" ? 1 : 0,
      Warning: 0,
      Degraded: 0,
      Severe: env.health === "Red" ? 1 : 0,
    },
  };
  return { EnvironmentName: env.name, ...Object.fromEntries(wanted.filter((name) => name in all).map((name) => [name, all[name]])) };
}
