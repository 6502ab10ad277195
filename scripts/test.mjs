#!/usr/bin/env node
// `npm test`: one build shared by every end-to-end and CLI test, then Vitest (unit and
// integration), then Playwright (Chromium). Prints each suite's wall time; exits non-zero
// on the first failure.
import { spawnSync } from "node:child_process";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const steps = [
  ["build", "npm", ["run", "build"]],
  ["vitest", "npx", ["vitest", "run"]],
  ["playwright", "npx", ["playwright", "test"]],
];
const times = [];
let failed;
for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  times.push([name, ((Date.now() - started) / 1000).toFixed(1)]);
  if (result.status !== 0) {
    failed = name;
    break;
  }
}
console.log("\nsuite wall times:");
for (const [name, seconds] of times) console.log(`  ${name.padEnd(12)} ${seconds.padStart(7)} s`);
if (failed) {
  console.error(`\n${failed} failed`);
  process.exit(1);
}
