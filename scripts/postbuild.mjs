// `output: "standalone"` leaves static assets and public/ out of .next/standalone; the
// standalone server serves them only when they sit beside it. The container entry point
// (migrations, then the server) is bundled beside it too, so the image needs no dev tools.
import { build } from "esbuild";
import { cpSync, existsSync } from "node:fs";

cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
if (existsSync("public")) cpSync("public", ".next/standalone/public", { recursive: true });
cpSync("prisma/migrations", ".next/standalone/prisma/migrations", { recursive: true });
await build({
  entryPoints: ["scripts/container-start.ts"],
  outfile: ".next/standalone/dpl-start.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Already in the standalone node_modules (the server uses them); bundling graphile-worker
  // would break its dynamic requires.
  external: ["pg", "graphile-worker", "pg-native"],
  banner: { js: "import { createRequire as __dplRequire } from 'node:module'; const require = __dplRequire(import.meta.url);" },
  logLevel: "warning",
});
