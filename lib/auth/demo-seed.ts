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

export const demoProtectedEnvironment = "takumi-srv-prod";

export type SeedDemoOptions = {
  client?: PrismaClient;
  tokenFile?: string;
  /** How long to wait for the poller to record takumi-srv-prod before protecting it (0: only if present). */
  waitForEnvironmentMs?: number;
};

export async function seedDemo(options: SeedDemoOptions = {}): Promise<{ deployerToken: string }> {
  const client = options.client ?? db();
  const tokenFile = options.tokenFile ?? path.join(process.cwd(), ".data", "demo-token");
  const users = await ensureDemoUsers(client);
  const deployer = users.find((user) => user.email === "deployer@demo.dpl");
  if (!deployer) throw new Error("the demo deployer could not be created");

  await protectDemoProduction(client, options.waitForEnvironmentMs ?? 0);

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

/**
 * The demo's production is protected, once: EB is the source of truth for which environments
 * exist, so the row appears with the poller's first pass. The seed's own audit row marks it
 * done, so an admin who later lifts the protection is not overruled by a restart.
 */
async function protectDemoProduction(client: PrismaClient, waitMs: number): Promise<void> {
  const done = await client.auditEvent.count({ where: { action: "environment.protect", actorName: "dpl demo seed", target: demoProtectedEnvironment } });
  if (done > 0) return;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const environment = await client.environment.findUnique({ where: { name: demoProtectedEnvironment }, select: { protected: true } });
    if (environment) {
      await client.$transaction([
        client.environment.update({ where: { name: demoProtectedEnvironment }, data: { protected: true } }),
        client.auditEvent.create({
          data: {
            actorType: "SYSTEM",
            actorName: "dpl demo seed",
            source: "SYSTEM",
            action: "environment.protect",
            targetType: "environment",
            target: demoProtectedEnvironment,
            environmentName: demoProtectedEnvironment,
            outcome: "SUCCESS",
            message: "The demo's production environment is protected: deploys need its name typed, tokens an explicit scope.",
          },
        }),
      ]);
      return;
    }
    if (Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
