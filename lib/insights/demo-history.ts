import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Ninety days of believable past deploys for the demo's environments, so /insights shows
// something in `npm run demo`: dev deploys often, staging daily, prod a few times a week
// with longer lead times, some failed deploys, rollbacks and changes marked faulty.
// The rows have no version label: the rollback use case only targets deploys with one, so
// this invented past can never be "rolled back to".

type Client = Pick<PrismaClient, "deploy">;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const profiles = [
  { environment: "takumi-srv-dev", perDay: 3, leadHours: [0.2, 3], failRate: 0.1, rollbackRate: 0.04 },
  { environment: "takumi-srv-staging", perDay: 1.2, leadHours: [2, 20], failRate: 0.06, rollbackRate: 0.08 },
  { environment: "takumi-srv-prod", perDay: 0.5, leadHours: [20, 96], failRate: 0.04, rollbackRate: 0.12 },
] as const;

/** A small deterministic generator (mulberry32): the same demo history on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function seedDemoHistory(
  client: Client,
  options: { application?: string; now?: Date; days?: number; waitForAdoptionMs?: number } = {},
): Promise<number> {
  const application = options.application ?? "takumi-server";
  const now = options.now ?? new Date();
  const days = options.days ?? 90;
  const end = now.getTime() - 2 * HOUR;
  const existing = await client.deploy.count({ where: { environmentName: { in: profiles.map((p) => p.environment) }, createdAt: { lt: new Date(end) } } });
  if (existing > 0) return 0;
  // The invented past ends before the version each environment was found running (its EXTERNAL
  // deploy's start), so the history reads in order: months of deploys, then the running version.
  // The poller adopts those versions just after it records the environments: give it a moment.
  const externals = () =>
    client.deploy.findMany({
      where: { kind: "EXTERNAL", environmentName: { in: profiles.map((p) => p.environment) } },
      select: { environmentName: true, startedAt: true },
    });
  let found = await externals();
  for (const deadline = Date.now() + (options.waitForAdoptionMs ?? 0); found.length < profiles.length && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    found = await externals();
  }
  const endFor = (environment: string) =>
    Math.min(end, ...found.filter((f) => f.environmentName === environment && f.startedAt).map((f) => (f.startedAt as Date).getTime() - HOUR));
  const rand = random(8);
  const rows: Prisma.DeployCreateManyInput[] = [];
  for (const p of profiles) {
    const last = endFor(p.environment);
    for (let t = last - days * DAY; t < last;) {
      t += (-Math.log(1 - rand()) * DAY) / p.perDay; // exponential gaps: deploys arrive at random
      if (t >= last) break;
      const sha = createHash("sha1").update(`${p.environment}${t}`).digest("hex");
      const lead = (p.leadHours[0] + rand() * (p.leadHours[1] - p.leadHours[0])) * HOUR;
      const duration = (3 + rand() * 6) * 60_000;
      const created = new Date(t - duration);
      const base = {
        applicationName: application,
        environmentName: p.environment,
        imageTag: `git_${sha.slice(0, 7)}`,
        commitSha: sha.slice(0, 7),
        imagePushedAt: new Date(t - lead),
        actorName: rand() < 0.6 ? "Dana Deployer" : "ci",
        source: rand() < 0.6 ? ("WEB" as const) : ("CLI" as const),
        createdAt: created,
        startedAt: created,
        finishedAt: new Date(t),
      };
      if (rand() < p.failRate) {
        rows.push({ ...base, status: "FAILED", errorCode: "HEALTH_RED", errorMessage: "Environment health went Red after the update." });
        continue;
      }
      const faulty = rand() < p.rollbackRate / 3;
      rows.push({ ...base, status: "SUCCEEDED", markedFaultyAt: faulty ? new Date(t + HOUR) : null });
      if (!faulty && rand() < p.rollbackRate) {
        const back = t + (10 + rand() * 80) * 60_000;
        if (back < last) {
          rows.push({
            ...base,
            kind: "ROLLBACK",
            status: "SUCCEEDED",
            imageTag: null,
            commitSha: null,
            imagePushedAt: null,
            reason: "Errors up after the deploy",
            createdAt: new Date(back - 4 * 60_000),
            startedAt: new Date(back - 4 * 60_000),
            finishedAt: new Date(back),
          });
          t = back;
        }
      }
    }
  }
  await client.deploy.createMany({ data: rows });
  return rows.length;
}
