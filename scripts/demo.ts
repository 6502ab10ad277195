import path from "node:path";
import { buildIfStale } from "./build-if-stale";
import { freePort, root, startStack } from "./stack";

// `npm run demo`: dpl with no configuration. Embedded PostgreSQL (unless DATABASE_URL is
// set), the AWS sandbox seeded with the article's takumi-server, demo sign-in, and the
// built dashboard on http://127.0.0.1:3000. Ctrl-C stops everything; .data/ keeps state.

const dataDir = path.join(root, ".data");
const say = (line: string) => console.log(`[demo] ${line}`);

async function main() {
  buildIfStale(say);
  const port = Number(process.env.PORT ?? 3000);
  const sandboxPort = await freePort(Number(process.env.SANDBOX_PORT ?? 4566));
  const stack = await startStack({
    dataDir,
    databaseName: "dpl",
    port,
    sandboxPort,
    sandboxStateFile: path.join(dataDir, "sandbox-state.json"),
    log: say,
  });
  const { announceDemo } = await import("./demo-announce");
  await announceDemo(stack, dataDir, say);
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("stopping...");
    await stack.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  stack.server.once("exit", (code) => {
    if (!stopping) {
      say(`the dashboard exited (code ${code}); stopping the rest`);
      void shutdown(code ?? 1);
    }
  });
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
