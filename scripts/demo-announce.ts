import path from "node:path";
import { seedDemo } from "../lib/auth/demo-seed";
import { createPrismaClient } from "../lib/db/client";
import { seedDemoHistory } from "../lib/insights/demo-history";
import type { Stack } from "./stack";

// What `npm run demo` prints once everything is up: where dpl runs and the demo deployer's
// API token (also in .data/demo-token), so the CLI works at once.
export async function announceDemo(stack: Stack, dataDir: string, say: (line: string) => void): Promise<void> {
  const tokenFile = path.join(dataDir, "demo-token");
  const { deployerToken } = await seedDemoFor(stack, tokenFile);
  say(`dpl is running on ${stack.appUrl} (Ctrl-C stops it)`);
  say("sign in as Vera Viewer, Dana Deployer or Adam Admin (demo mode)");
  say(`API token of the demo deployer (takumi-srv-dev, takumi-srv-staging), also in ${path.relative(process.cwd(), tokenFile) || tokenFile}:`);
  say(`  export DPL_URL=${stack.appUrl} DPL_TOKEN=${deployerToken}`);
  say("  npx dpl deploy takumi-server git_cf7edb2 takumi-srv-dev");
}

/** Seeds the demo users and token through the stack's own database (this process has no DATABASE_URL). */
export async function seedDemoFor(stack: Pick<Stack, "database">, tokenFile: string): Promise<{ deployerToken: string }> {
  const client = createPrismaClient(stack.database.appUrl);
  try {
    const seeded = await seedDemo({ client, tokenFile, waitForEnvironmentMs: 30_000 });
    await seedDemoHistory(client, { waitForAdoptionMs: 30_000 }); // 90 days of past deploys, so /insights has something to show
    return seeded;
  } finally {
    await client.$disconnect();
  }
}
