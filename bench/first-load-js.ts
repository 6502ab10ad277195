import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { ensureBuilt, root } from "../scripts/stack";

// Benchmark 6 (issue 9), first-load JS per route: the JavaScript a browser downloads to show a
// page of the built app (`npm run build`) the first time, as Next's old build table counted it.
// Next 16 (Turbopack) no longer prints sizes, so this reads the build's manifests: the shared
// runtime (.next/build-manifest.json rootMainFiles) plus every chunk of the page's client
// reference manifest (.next/server/app/<route>/page_client-reference-manifest.js, entryJSFiles:
// the root and group layouts, error and not-found boundaries, the page). Sizes are the files on
// disk, raw and gzipped (zlib level 9, what a compressing proxy would send). Polyfills
// (nomodule) are left out, as Next did. Pages only: route handlers send no JS.
//   npm run bench -- first-load-js

type RscManifest = { entryJSFiles?: Record<string, string[]> };

const dotNext = path.join(root, ".next");
const sizes = new Map<string, { raw: number; gzip: number }>();
function size(file: string): { raw: number; gzip: number } {
  let known = sizes.get(file);
  if (!known) {
    const bytes = readFileSync(path.join(dotNext, file));
    known = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    sizes.set(file, known);
  }
  return known;
}
const total = (files: Iterable<string>) =>
  [...files].reduce((sum, file) => ({ raw: sum.raw + size(file).raw, gzip: sum.gzip + size(file).gzip }), { raw: 0, gzip: 0 });
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

function pageManifest(page: string): RscManifest | null {
  const file = path.join(dotNext, "server", "app", `${page}_client-reference-manifest.js`);
  if (!existsSync(file)) return null;
  // The file assigns globalThis.__RSC_MANIFEST[page]; run it in a sandbox of its own.
  const context: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, RscManifest> } = {};
  context.globalThis = context;
  vm.runInNewContext(readFileSync(file, "utf8"), context);
  return context.__RSC_MANIFEST?.[page] ?? null;
}

function main(): void {
  ensureBuilt();
  const build = JSON.parse(readFileSync(path.join(dotNext, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const routes = JSON.parse(readFileSync(path.join(dotNext, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const shared = new Set(build.rootMainFiles.filter((file) => file.endsWith(".js")));
  const rows: { route: string; chunks: number; raw: number; gzip: number; own: number }[] = [];
  for (const [page, route] of Object.entries(routes)) {
    if (!page.endsWith("/page") || route.startsWith("/_")) continue;
    const manifest = pageManifest(page);
    if (!manifest) continue;
    const files = new Set(shared);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const chunk of chunks) if (chunk.endsWith(".js")) files.add(chunk);
    const sum = total(files);
    rows.push({ route, chunks: files.size, raw: sum.raw, gzip: sum.gzip, own: total([...files].filter((f) => !shared.has(f))).gzip });
  }
  rows.sort((a, b) => a.route.localeCompare(b.route));
  const base = total(shared);
  console.log(`build ${readFileSync(path.join(dotNext, "BUILD_ID"), "utf8").trim()} in ${dotNext}`);
  console.log(`shared by every page (rootMainFiles): ${shared.size} chunks, ${kib(base.raw)} KiB raw, ${kib(base.gzip)} KiB gzip\n`);
  console.log(`| route | JS chunks | first-load JS KiB (raw) | first-load JS KiB (gzip) | of which page-specific KiB (gzip) |`);
  console.log(`|---|---:|---:|---:|---:|`);
  for (const row of rows) console.log(`| ${row.route} | ${row.chunks} | ${kib(row.raw)} | ${kib(row.gzip)} | ${kib(row.own)} |`);
  const largest = rows.reduce((a, b) => (b.gzip > a.gzip ? b : a), rows[0]);
  if (largest) console.log(`\nlargest: ${largest.route}, ${kib(largest.gzip)} KiB gzip`);
}

main();
