import { CreateEnvironmentCommand, DescribeEnvironmentsCommand, ElasticBeanstalkClient } from "@aws-sdk/client-elastic-beanstalk";
import { mintApiToken } from "../../lib/auth/tokens";
import type { PrismaClient } from "../../lib/db/client";

// What the load benchmarks set up before they fire: extra Elastic Beanstalk environments in the
// sandbox that dpl's poller knows, and an unscoped DEPLOYER token to deploy to them.

/** Creates the environments in the sandbox, then waits until EB says Ready and dpl's database knows them all. */
export async function createEnvironments(sandboxUrl: string, client: PrismaClient, application: string, names: string[]): Promise<void> {
  const eb = new ElasticBeanstalkClient({ endpoint: sandboxUrl, region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" } });
  for (const name of names) {
    await eb.send(
      new CreateEnvironmentCommand({ ApplicationName: application, EnvironmentName: name, SolutionStackName: "64bit Amazon Linux 2023 v4.3.0 running Docker" }),
    );
  }
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ready = ((await eb.send(new DescribeEnvironmentsCommand({ ApplicationName: application }))).Environments ?? []).filter(
      (e) => names.includes(e.EnvironmentName ?? "") && e.Status === "Ready",
    ).length;
    const known = await client.environment.count({ where: { name: { in: names } } });
    if (ready === names.length && known === names.length) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the ${names.length} environments were not Ready and known to dpl within 120 s`);
}

/** A DEPLOYER token of the demo deployer with no environment scopes: every unprotected environment. */
export async function unscopedDeployerToken(client: PrismaClient, name: string): Promise<string> {
  const deployer = await client.user.findFirst({ where: { email: "deployer@demo.dpl" }, select: { id: true } });
  if (!deployer) throw new Error("no demo deployer");
  const { token } = await mintApiToken(client, { type: "SYSTEM", name: "bench", role: "ADMIN" }, deployer.id, { name, role: "DEPLOYER", environments: [] });
  return token;
}
