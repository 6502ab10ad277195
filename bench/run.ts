import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

// `npm run bench`: runs every bench/*.ts (except this file) one after another; each prints
// its own table. Benchmarks never fail on timing; a crashed benchmark is reported and the
// run goes on. `npm run bench -- deploy` runs only files whose name contains "deploy".

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.endsWith(".test.ts") && !file.startsWith("_"))
  .filter((file) => !filter || file.includes(filter))
  .sort();

const failures: string[] = [];
for (const file of files) {
  console.log(`\n### ${file}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, file)], { stdio: "inherit", env: { ...process.env, LOG_LEVEL: "silent" } });
  const outcome = result.error ? `could not start: ${result.error.message}` : result.signal ? `killed by ${result.signal}` : `exit ${result.status}`;
  console.log(`(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s, ${outcome})`);
  if (result.status !== 0) failures.push(`${file} (${outcome})`);
}
if (failures.length) {
  console.error(`\nbenchmarks that crashed: ${failures.join(", ")}`);
  process.exit(1);
}
