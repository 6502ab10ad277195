import { DescribeApplicationsCommand, ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { config } from "@/lib/config";

// The cheapest Elastic Beanstalk read, for /api/health. Its own small client with short
// timeouts and one attempt: a health probe must answer fast even when AWS does not.

let client: ElasticBeanstalkClient | undefined;

export async function probeElasticBeanstalk(): Promise<void> {
  const c = config();
  client ??= new ElasticBeanstalkClient({
    region: c.AWS_REGION,
    endpoint: c.AWS_ENDPOINT_URL,
    maxAttempts: 1,
    customUserAgent: "dpl",
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true }),
  });
  await client.send(new DescribeApplicationsCommand({ ApplicationNames: ["dpl-health-probe"] }));
}
