import { config, ConfigError } from "@/lib/config";
import { startObservers } from "@/lib/metrics/start-observers";
import { startBackground } from "./index";

// A standalone worker with no web server: `npx tsx lib/jobs/main.ts`. The crash tests run it
// as a child process and SIGKILL it mid-step. Deploys finish here, so the observers that turn
// their events into notifications and metrics run here too.

async function main(): Promise<void> {
  try {
    config();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  startObservers();
  const background = await startBackground();
  console.log(`dpl worker ${process.pid} started`);
  const stop = () => {
    void background.stop().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main();
