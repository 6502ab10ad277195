import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { root } from "./stack";

// `npm run demo` should not rebuild when nothing changed (a build takes a minute here).

const inputs = ["app", "lib", "public", "instrumentation.ts", "proxy.ts", "next.config.js", "package-lock.json", "postcss.config.mjs"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "generated" || child === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function buildIfStale(log: (line: string) => void = console.log): void {
  const marker = path.join(root, ".next", "standalone", "server.js");
  const built = existsSync(marker) ? statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs : 0;
  const changed = Math.max(...inputs.map((input) => newestMtime(path.join(root, input))));
  if (built > changed) return;
  log(built ? "sources changed since the last build: rebuilding (about a minute)..." : "building dpl (about a minute, once)...");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("`npm run build` failed; see the output above.");
}
