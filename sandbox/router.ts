import { EB_READS } from "./beanstalk";
import { ECR_READS } from "./ecr";
import { s3Operation, type S3Target } from "./s3";
import { AwsError, credentialScope, type AwsRequest } from "./wire";

// Which service and operation a request is for, the way AWS endpoints tell: X-Amz-Target for
// awsJson (ECR), the form's Action and Version for awsQuery (Elastic Beanstalk, STS; the
// SigV4 credential scope names the service too), and anything else is path-style S3.

export const ECR_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
const EB_PARAMS = [
  "ApplicationName",
  "EnvironmentName",
  "EnvironmentId",
  "VersionLabel",
  "RequestId",
  "StartTime",
  "SourceBundle.S3Bucket",
  "SourceBundle.S3Key",
  "EnvironmentNames.member.1",
  "VersionLabels.member.1",
];
const S3_READS = new Set(["ListBuckets", "HeadBucket", "ListObjectsV2", "ListObjects", "HeadObject", "GetObject"]);

export type Routed =
  | { service: "ecr"; operation: string; params: Record<string, unknown>; input: Record<string, unknown>; mutates: boolean }
  | { service: "elasticbeanstalk" | "sts"; operation: string; params: Record<string, unknown>; input: URLSearchParams; mutates: boolean }
  | { service: "s3"; operation: string; params: Record<string, unknown>; input: S3Target; mutates: boolean };

/** A request that cannot even be routed (bad JSON): answered in the protocol it claimed. */
export class UnroutableRequest extends AwsError {
  constructor(
    readonly service: "ecr",
    readonly operation: string,
    message: string,
  ) {
    super("SerializationException", message);
  }
}

function ecrParams(input: Record<string, unknown>): Record<string, unknown> {
  const { repositoryName, repositoryNames, imageIds, maxResults, imageTag, filter } = input;
  return { repositoryName, repositoryNames, imageIds, maxResults, nextToken: input.nextToken ? "(token)" : undefined, imageTag, filter };
}

export function route(request: AwsRequest): Routed {
  const target = String(request.headers["x-amz-target"] ?? "");
  if (target.startsWith(ECR_PREFIX)) {
    const operation = target.slice(ECR_PREFIX.length);
    let input: unknown = {};
    try {
      input = request.body.length ? JSON.parse(request.body.toString("utf8")) : {};
    } catch {
      throw new UnroutableRequest("ecr", operation, "Start of structure or map found where not expected.");
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw new UnroutableRequest("ecr", operation, "Start of structure or map found where not expected.");
    }
    const json = input as Record<string, unknown>;
    return { service: "ecr", operation, params: ecrParams(json), input: json, mutates: !ECR_READS.has(operation) };
  }
  const form = String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  if (request.method === "POST" && request.path === "/" && form) {
    const params = new URLSearchParams(request.body.toString("utf8"));
    const sts = params.get("Version") === "2011-06-15" || credentialScope(request.headers).service === "sts";
    const operation = params.get("Action") ?? "";
    const recorded = Object.fromEntries(EB_PARAMS.filter((k) => params.has(k)).map((k) => [k, params.get(k)]));
    if (sts) return { service: "sts", operation, params: recorded, input: params, mutates: false };
    return { service: "elasticbeanstalk", operation, params: recorded, input: params, mutates: !EB_READS.has(operation) };
  }
  const op = s3Operation(request);
  const params: Record<string, unknown> = { Bucket: op.bucket, Key: op.key };
  if (op.operation === "ListObjectsV2") params.Prefix = request.query.get("prefix") ?? undefined;
  return { service: "s3", operation: op.operation, params, input: op, mutates: !S3_READS.has(op.operation) };
}
