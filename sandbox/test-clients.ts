import { ECRClient } from "@aws-sdk/client-ecr";
import { ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";

// The real AWS SDK v3 clients pointed at a sandbox (or moto), with dummy credentials and the
// SDK's default checksum behaviour (so S3 uploads arrive aws-chunked with a CRC32 trailer).

export type ClientOptions = { requestTimeout?: number; maxAttempts?: number; region?: string };

export function clientOptions(endpoint: string, options: ClientOptions = {}) {
  return {
    endpoint,
    region: options.region ?? "us-east-1",
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: options.requestTimeout ?? 5_000, throwOnRequestTimeout: true }),
  };
}

export function clientsFor(endpoint: string, options: ClientOptions = {}) {
  const common = clientOptions(endpoint, options);
  return {
    ecr: new ECRClient(common),
    eb: new ElasticBeanstalkClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sts: new STSClient(common),
  };
}
