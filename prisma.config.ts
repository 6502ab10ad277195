import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 7's CLI downloads a native schema engine even for `generate`; this machine class
// is offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at a stub lets generate/validate/format
// run; migrations are applied by lib/db/migrate.ts instead (see README, "Migrations").
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "prisma", "schema-engine-offline.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
