import type { Stack } from "./stack";

// What `npm run demo` prints once everything is up. The sign-in issue adds the demo
// deployer's API token here (written to .data/demo-token).
export async function announceDemo(stack: Stack, _dataDir: string, say: (line: string) => void): Promise<void> {
  say(`dpl is running on ${stack.appUrl} (Ctrl-C stops it)`);
}
