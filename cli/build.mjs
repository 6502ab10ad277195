// Bundles the CLI into one dependency-free file, cli/dist/dpl.mjs, that a CI image can copy.
import { build } from "esbuild";
import path from "node:path";

const here = import.meta.dirname;
export async function buildCli() {
  await build({
    entryPoints: [path.join(here, "src", "entry.ts")],
    outfile: path.join(here, "dist", "dpl.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __dplRequire } from 'node:module'; const require = __dplRequire(import.meta.url);" },
    logLevel: "warning",
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(here, "build.mjs")) await buildCli();
