import { assertSignInConfig } from "@/lib/auth/sign-in-policy";
import { config, ConfigError } from "@/lib/config";

/**
 * Start-up of the server process: fail fast on bad configuration with one clear line, then
 * run the job worker beside the web server unless DPL_WORKER=0.
 */
export async function startServer(): Promise<void> {
  try {
    assertSignInConfig(config());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  (await import("@/lib/metrics/start-observers")).startObservers();
  if (!config().DPL_WORKER) return;
  const jobs = await import("@/lib/jobs");
  const background = await jobs.startBackground();
  const stop = () => {
    void background.stop().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
