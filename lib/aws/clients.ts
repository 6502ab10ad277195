import { ECRClient } from "@aws-sdk/client-ecr";
import { ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { awsErrorCode } from "./aws-error";
import { reportAwsCall } from "./aws-calls";

export type AwsClientOptions = {
  region: string;
  endpoint?: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
};

export type AwsClients = { ecr: ECRClient; eb: ElasticBeanstalkClient; s3: S3Client };

type Stack = ECRClient["middlewareStack"] | ElasticBeanstalkClient["middlewareStack"] | S3Client["middlewareStack"];

function instrument(stack: Stack, service: string): void {
  // At "initialize" the middleware wraps the SDK's retries: one report per logical call.
  (stack as ECRClient["middlewareStack"]).add(
    (next, context) => async (args) => {
      const started = performance.now();
      const operation = String(context.commandName ?? "unknown").replace(/Command$/, "");
      try {
        const result = await next(args);
        reportAwsCall({ service, operation, durationMs: performance.now() - started, ok: true });
        return result;
      } catch (error) {
        reportAwsCall({ service, operation, durationMs: performance.now() - started, ok: false, errorCode: awsErrorCode(error) });
        throw error;
      }
    },
    { step: "initialize", name: "dplAwsCallReporter" },
  );
}

/**
 * Clients built once from configuration. The SDK has no timeouts by default: a hung
 * connection would hang the worker forever, so both connect and socket timeouts are set;
 * retries are the SDK's standard mode (throttling and transient errors, jittered backoff).
 */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const common = {
    region: options.region,
    endpoint: options.endpoint,
    maxAttempts: options.maxAttempts,
    retryMode: "standard",
    // Lets the sandbox tell dpl's own calls from a test's (docs/iam-policy.json is checked
    // against exactly these) and shows up in CloudTrail's userAgent on real AWS.
    customUserAgent: "dpl",
    requestHandler: new NodeHttpHandler({ connectionTimeout: options.connectTimeoutMs, requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true }),
  };
  const ecr = new ECRClient(common);
  const eb = new ElasticBeanstalkClient(common);
  // Path-style for a local endpoint (no bucket DNS); checksums only when required, because
  // aws-chunked uploads are not spoken by every S3 stand-in (aws-reference.md, S3).
  const s3 = new S3Client({
    ...common,
    forcePathStyle: Boolean(options.endpoint),
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  instrument(ecr.middlewareStack, "ECR");
  instrument(eb.middlewareStack, "ElasticBeanstalk");
  instrument(s3.middlewareStack, "S3");
  return { ecr, eb, s3 };
}
