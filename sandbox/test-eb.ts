import {
  CreateApplicationVersionCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  type EnvironmentDescription,
  type EventDescription,
} from "@aws-sdk/client-elastic-beanstalk";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { clientsFor } from "./test-clients";

// Elastic Beanstalk steps the sandbox tests repeat, done through the real SDK clients.

export const BUCKET = "elasticbeanstalk-us-east-1-123456789012";
export const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server";
type Aws = ReturnType<typeof clientsFor>;

export const v1 = (image: string) => ({ AWSEBDockerrunVersion: "1", Image: { Name: image, Update: "true" }, Ports: [{ ContainerPort: "8080" }] });
export const v2 = (image: string) => ({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: "worker", image, essential: true, memory: 256 }] });

/** Uploads a bundle (JSON object, or raw bytes such as a zip) and registers it as a version. */
export async function registerVersion(aws: Aws, label: string, bundle: unknown, application = "takumi-server", key = `${application}/${label}.json`) {
  const body = bundle instanceof Uint8Array ? bundle : JSON.stringify(bundle);
  await aws.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  await aws.eb.send(
    new CreateApplicationVersionCommand({ ApplicationName: application, VersionLabel: label, SourceBundle: { S3Bucket: BUCKET, S3Key: key }, Process: false }),
  );
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function describeEnvironment(aws: Aws, environment: string): Promise<EnvironmentDescription> {
  const { Environments } = await aws.eb.send(new DescribeEnvironmentsCommand({ EnvironmentNames: [environment] }));
  return Environments![0];
}

export function waitReady(aws: Aws, environment: string): Promise<EnvironmentDescription> {
  return waitFor(async () => {
    const env = await describeEnvironment(aws, environment);
    return env.Status === "Ready" ? env : undefined;
  }, `${environment} to be Ready`);
}

/** The events of one request, newest first, as EB returns them. */
export async function eventsOf(aws: Aws, requestId: string, environment?: string): Promise<EventDescription[]> {
  return (await aws.eb.send(new DescribeEventsCommand({ RequestId: requestId, EnvironmentName: environment }))).Events ?? [];
}
