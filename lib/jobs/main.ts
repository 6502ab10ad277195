import { config, ConfigError } from "@/lib/config";
import { startBackground } from "./index";

// A standalone worker with no web server: `npx tsx lib/jobs/main.ts`. The crash tests run it
// as a child process and SIGKILL it mid-step.

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
  const background = await startBackground();
  console.log(`dpl worker ${process.pid} started`);
  const stop = () => {
    void background.stop().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main();
