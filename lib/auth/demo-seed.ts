import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db, type PrismaClient } from "@/lib/db/client";
import { ensureDemoUsers } from "./demo-users";
import { hashToken, isWellFormedToken } from "./token-format";
import { mintApiToken } from "./tokens";

// Demo mode's people and the demo deployer's API token. The token's plaintext lives only in
// the token file (the database keeps its hash), so a restart prints the same token while
// the file and its row both survive, and mints a new one otherwise.

export const demoTokenEnvironments = ["takumi-srv-dev", "takumi-srv-staging"];
export const demoTokenName = "demo CLI";

export type SeedDemoOptions = { client?: PrismaClient; tokenFile?: string };

export async function seedDemo(options: SeedDemoOptions = {}): Promise<{ deployerToken: string }> {
  const client = options.client ?? db();
  const tokenFile = options.tokenFile ?? path.join(process.cwd(), ".data", "demo-token");
  const users = await ensureDemoUsers(client);
  const deployer = users.find((user) => user.email === "deployer@demo.dpl");
  if (!deployer) throw new Error("the demo deployer could not be created");

  const saved = existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : "";
  if (isWellFormedToken(saved)) {
    const row = await client.apiToken.findUnique({ where: { tokenHash: hashToken(saved) }, select: { revokedAt: true, expiresAt: true } });
    if (row && !row.revokedAt && (!row.expiresAt || row.expiresAt > new Date())) return { deployerToken: saved };
  }
  // Minted by the seed (audited as SYSTEM) and owned by the demo deployer, whose CLI uses it.
  const seedActor = { type: "SYSTEM" as const, name: "dpl demo seed", role: "ADMIN" as const };
  const { token } = await mintApiToken(client, seedActor, deployer.id, { name: demoTokenName, role: "DEPLOYER", environments: demoTokenEnvironments });
  mkdirSync(path.dirname(tokenFile), { recursive: true });
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  return { deployerToken: token };
}
