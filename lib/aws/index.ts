import type { AwsPorts } from "@/lib/core/ports";
import { createBeanstalk } from "./beanstalk";
import { createAwsClients, type AwsClientOptions } from "./clients";
import { createEcrRegistry } from "./ecr-registry";
import { createS3BundleStore } from "./s3-bundle-store";

export { onAwsCall, type AwsCall } from "./aws-calls";

/** The AWS side of dpl's ports, built from options (see services.ts for the config mapping). */
export function createAwsPorts(options: AwsClientOptions): AwsPorts {
  const clients = createAwsClients(options);
  return { registry: createEcrRegistry(clients.ecr, options.region), beanstalk: createBeanstalk(clients.eb), bundles: createS3BundleStore(clients.s3) };
}
