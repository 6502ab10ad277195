import path from "node:path";
import { startSandbox } from "./server";

// `npm run sandbox`: the sandbox alone. SANDBOX_PORT (4566), SANDBOX_STATE_FILE,
// SANDBOX_SEED=demo|empty, SANDBOX_DEPLOY_MS (simulated rollout duration).
const sandbox = await startSandbox({
  port: Number(process.env.SANDBOX_PORT ?? 4566),
  stateFile: process.env.SANDBOX_STATE_FILE ? path.resolve(process.env.SANDBOX_STATE_FILE) : undefined,
  seed: process.env.SANDBOX_SEED === "empty" ? "empty" : "demo",
});
console.log(`AWS sandbox (ECR, Elastic Beanstalk, S3, STS) on ${sandbox.url}; try AWS_ENDPOINT_URL=${sandbox.url}`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
