import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "@/lib/config";
import { PrismaClient } from "./generated/client";

// The one Prisma client of the process. Kept on globalThis so Next's dev-mode reloads do
// not open a new pool per edit.
const globalForPrisma = globalThis as unknown as { dplPrisma?: PrismaClient };

export function databaseUrl(): string {
  const url = config().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: set it to a postgres:// URL, or run `npm run demo`, which starts an embedded PostgreSQL.");
  }
  return url;
}

export function createPrismaClient(url: string = databaseUrl()): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 }),
    // Prisma's 5 s default aborts a poller's batch upsert on a busy machine and the work is
    // lost until the next poll; these transactions are short but must not fail for being slow.
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
}

export function db(): PrismaClient {
  globalForPrisma.dplPrisma ??= createPrismaClient();
  return globalForPrisma.dplPrisma;
}

export type { PrismaClient };
