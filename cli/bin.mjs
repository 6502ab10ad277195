#!/usr/bin/env node
// `npx dpl` from the repository: runs the bundled CLI, building it first when missing.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const bundle = path.join(import.meta.dirname, "dist", "dpl.mjs");
if (!existsSync(bundle)) {
  const { buildCli } = await import("./build.mjs");
  await buildCli();
}
await import(pathToFileURL(bundle).href);
