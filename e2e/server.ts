import { writeFileSync } from "node:fs";
import path from "node:path";
import { seedDemoFor } from "../scripts/demo-announce";
import { ensureBuilt, freePort, root, startStack } from "../scripts/stack";

// The app the Playwright suite drives: the shared build, a fresh database and a sandbox with
// fast simulated deploys, so specs wait on visible state in seconds, not minutes.
ensureBuilt();
const stack = await startStack({
  dataDir: path.join(root, ".data", "e2e"),
  databaseName: `dpl_e2e_${Date.now()}`,
  port: Number(process.env.E2E_PORT ?? 3100),
  sandboxPort: await freePort(),
  deployDurationMs: 1_500,
  env: { DPL_TRACK_INTERVAL_MS: "300", DPL_ENVIRONMENT_POLL_MS: "2000", DPL_IMAGE_POLL_MS: "5000", DPL_RECONCILE_INTERVAL_MS: "5000" },
});
// The demo users for the setup project's sign-ins, and a deployer token the API specs read.
await seedDemoFor(stack, path.join(root, ".data", "e2e", "demo-token"));
// Specs that steer the sandbox (e.g. make the next deploy go Red) read its URL from here.
writeFileSync(path.join(root, ".data", "e2e", "stack.json"), JSON.stringify({ appUrl: stack.appUrl, sandboxUrl: stack.sandboxUrl }));
console.log(`e2e stack ready: ${stack.appUrl} (sandbox ${stack.sandboxUrl})`);
const stop = () => void stack.stop().finally(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
