import {
  AbortEnvironmentUpdateCommand,
  CreateApplicationVersionCommand,
  CreateStorageLocationCommand,
  DeleteApplicationVersionCommand,
  DescribeApplicationsCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  UpdateEnvironmentCommand,
  type ElasticBeanstalkClient,
  type EnvironmentDescription,
} from "@aws-sdk/client-elastic-beanstalk";
import type { Beanstalk, EbEnvironment } from "@/lib/core/ports";
import { toAwsCallError } from "./aws-error";

async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAwsCallError(operation, error);
  }
}

export function createBeanstalk(eb: ElasticBeanstalkClient): Beanstalk {
  let bucket: string | undefined;
  return {
    async describeApplications() {
      const out = await call("DescribeApplications", () => eb.send(new DescribeApplicationsCommand({})));
      return (out.Applications ?? []).filter((a) => a.ApplicationName).map((a) => ({ name: a.ApplicationName as string, description: a.Description ?? null }));
    },
    async describeEnvironments(filter = {}) {
      const out = await call("DescribeEnvironments", () =>
        eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: filter.names, ApplicationName: filter.applicationName, IncludeDeleted: false })),
      );
      return (out.Environments ?? []).filter((e) => e.EnvironmentName).map(toEnvironment);
    },
    async versionExists(application, label) {
      const out = await call("DescribeApplicationVersions", () =>
        eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: application, VersionLabels: [label] })),
      );
      return (out.ApplicationVersions ?? []).some((v) => v.VersionLabel === label);
    },
    async listVersions(application) {
      const versions: { label: string; createdAt: Date | null }[] = [];
      let token: string | undefined;
      do {
        const out = await call("DescribeApplicationVersions", () =>
          eb.send(new DescribeApplicationVersionsCommand({ ApplicationName: application, MaxRecords: 1000, NextToken: token })),
        );
        for (const v of out.ApplicationVersions ?? []) if (v.VersionLabel) versions.push({ label: v.VersionLabel, createdAt: v.DateCreated ?? null });
        token = out.NextToken;
      } while (token);
      return versions;
    },
    async storageBucket() {
      // The bucket name never changes for an account and region: one call per process.
      bucket ??= (await call("CreateStorageLocation", () => eb.send(new CreateStorageLocationCommand({})))).S3Bucket;
      if (!bucket) throw toAwsCallError("CreateStorageLocation", { name: "NoBucket", message: "CreateStorageLocation returned no bucket" });
      return bucket;
    },
    async createVersion({ application, label, bucket: s3Bucket, key, description }) {
      try {
        await eb.send(
          new CreateApplicationVersionCommand({
            ApplicationName: application,
            VersionLabel: label,
            Description: description.slice(0, 200),
            SourceBundle: { S3Bucket: s3Bucket, S3Key: key },
            Process: false,
          }),
        );
      } catch (error) {
        // A retry after a lost response finds its own version: same label means same bundle.
        const e = toAwsCallError("CreateApplicationVersion", error);
        if (e.awsCode === "InvalidParameterValue" && /already exists/i.test(e.message)) return;
        throw e;
      }
    },
    async deleteVersion(application, label) {
      await call("DeleteApplicationVersion", () =>
        eb.send(new DeleteApplicationVersionCommand({ ApplicationName: application, VersionLabel: label, DeleteSourceBundle: false })),
      );
    },
    async updateEnvironment(environment, label) {
      const out = await call("UpdateEnvironment", () => eb.send(new UpdateEnvironmentCommand({ EnvironmentName: environment, VersionLabel: label })));
      const requestId = out.$metadata.requestId;
      if (!requestId) throw toAwsCallError("UpdateEnvironment", { name: "NoRequestId", message: "UpdateEnvironment answered without a RequestId" });
      return { requestId };
    },
    async describeEvents({ environmentName, requestId, startTime }) {
      const out = await call("DescribeEvents", () =>
        eb.send(new DescribeEventsCommand({ EnvironmentName: environmentName, RequestId: requestId, StartTime: startTime, MaxRecords: 1000 })),
      );
      // EB lists newest first; callers want the order things happened.
      return (out.Events ?? [])
        .map((e) => ({
          at: e.EventDate ?? new Date(0),
          severity: e.Severity ?? "INFO",
          message: e.Message ?? "",
          requestId: e.RequestId ?? null,
          environmentName: e.EnvironmentName ?? null,
          versionLabel: e.VersionLabel ?? null,
        }))
        .sort((a, b) => a.at.getTime() - b.at.getTime());
    },
    async abortEnvironmentUpdate(environment) {
      await call("AbortEnvironmentUpdate", () => eb.send(new AbortEnvironmentUpdateCommand({ EnvironmentName: environment })));
    },
  };
}

function toEnvironment(e: EnvironmentDescription): EbEnvironment {
  return {
    name: e.EnvironmentName as string,
    applicationName: e.ApplicationName ?? "",
    id: e.EnvironmentId ?? null,
    status: e.Status ?? null,
    health: e.Health ?? null,
    healthStatus: e.HealthStatus ?? null,
    versionLabel: e.VersionLabel ?? null,
    solutionStack: e.SolutionStackName ?? null,
    platformArn: e.PlatformArn ?? null,
    cname: e.CNAME ?? null,
    updatedAt: e.DateUpdated ?? null,
  };
}
