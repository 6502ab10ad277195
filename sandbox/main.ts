import path from "node:path";
import { startSandbox } from "./server";

// `npm run sandbox`: the sandbox alone. SANDBOX_PORT (4566), SANDBOX_HOST (127.0.0.1),
// SANDBOX_STATE_FILE (loaded at start, saved on change and on exit), SANDBOX_SEED=demo|empty,
// SANDBOX_DEPLOY_MS (simulated rollout duration, default 4000).

function port(): number {
  const raw = process.env.SANDBOX_PORT ?? "4566";
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`SANDBOX_PORT must be a port number (0-65535), got '${raw}'`);
    process.exit(2);
  }
  return value;
}

const seed = process.env.SANDBOX_SEED ?? "demo";
if (seed !== "demo" && seed !== "empty") {
  console.error(`SANDBOX_SEED must be 'demo' or 'empty', got '${seed}'`);
  process.exit(2);
}

const sandbox = await startSandbox({
  port: port(),
  host: process.env.SANDBOX_HOST ?? "127.0.0.1",
  stateFile: process.env.SANDBOX_STATE_FILE ? path.resolve(process.env.SANDBOX_STATE_FILE) : undefined,
  seed,
}).catch((error: Error) => {
  console.error(`sandbox could not start: ${error.message}`);
  process.exit(1);
});
console.log(`AWS sandbox (ECR, Elastic Beanstalk, S3, STS) listening on ${sandbox.url} (try AWS_ENDPOINT_URL=${sandbox.url})`);

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) process.exit(130); // a second Ctrl-C does not wait
  stopping = true;
  sandbox.close().then(
    () => process.exit(signal === "SIGINT" ? 130 : 0),
    (error: Error) => {
      console.error(`sandbox: ${error.message}`);
      process.exit(1);
    },
  );
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
