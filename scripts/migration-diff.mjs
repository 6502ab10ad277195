#!/usr/bin/env node
// Prints the SQL that takes one Prisma datamodel to another, using Prisma 6.19's WASM schema
// engine (a dev-only dependency): Prisma 7's CLI needs a native engine this machine cannot
// download. Usage:
//   node scripts/migration-diff.mjs --from-empty > x.sql
//   node scripts/migration-diff.mjs --from prisma/migrations/<last>/schema.prisma > x.sql
// The WASM engine opens a connection even for a pure datamodel diff: DATABASE_URL (or the
// local server on 127.0.0.1:5432) must be reachable. Review the SQL by hand: this mode has
// no rename detection and no data-loss warnings.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const fromEmpty = args.includes("--from-empty");
const fromIndex = args.indexOf("--from");
const toIndex = args.indexOf("--to");
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// Prisma 6 wants `url` in the datasource and the client engine; Prisma 7 rejects `url`.
function forPrisma6(schemaPath) {
  return readFileSync(schemaPath, "utf8")
    .replace(/provider\s*=\s*"postgresql"/, 'provider = "postgresql"\n  url = env("DATABASE_URL")')
    .replace(/provider\s*=\s*"prisma-client"/, 'provider = "prisma-client"\n  engineType = "client"');
}

const dir = mkdtempSync(path.join(tmpdir(), "dpl-diff-"));
const to = path.join(dir, "to.prisma");
writeFileSync(to, forPrisma6(toIndex >= 0 ? args[toIndex + 1] : path.join(root, "prisma/schema.prisma")));
const config = path.join(dir, "prisma.config.mjs");
writeFileSync(
  config,
  `import { PrismaPg } from ${JSON.stringify(path.join(root, "node_modules/@prisma/adapter-pg/dist/index.mjs"))};
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: ${JSON.stringify(to)},
  async adapter() { return new PrismaPg({ connectionString: ${JSON.stringify(url)}, allowExitOnIdle: true }); },
};
`,
);
const from = ["--from-empty"];
if (!fromEmpty) {
  if (fromIndex < 0) throw new Error("pass --from-empty or --from <previous schema.prisma>");
  const previous = path.join(dir, "from.prisma");
  writeFileSync(previous, forPrisma6(args[fromIndex + 1]));
  from.splice(0, 1, "--from-schema-datamodel", previous);
}
const sql = execFileSync(
  process.execPath,
  [path.join(root, "node_modules/prisma6/build/index.js"), "migrate", "diff", ...from, "--to-schema-datamodel", to, "--script", "--config", config],
  { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
process.stdout.write(sql);
