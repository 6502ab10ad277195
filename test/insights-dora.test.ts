import { describe, expect, it } from "vitest";
import { changeFailureRate, deploysPerDay } from "@/lib/core/insights/period";
import { db } from "@/lib/db/client";
import { doraDaily, doraSummaries } from "@/lib/insights/dora";
import { useTestDatabase } from "@/test/db";

// A hand-made history whose DORA numbers are worked out below by hand, in comments, deploy
// by deploy; the SQL must agree.

useTestDatabase();

const at = (iso: string) => new Date(`${iso}Z`);
const period = { from: at("2026-01-01T00:00:00"), to: at("2026-01-11T00:00:00") }; // 10 days

type Row = {
  env: string;
  kind?: "DEPLOY" | "ROLLBACK" | "EXTERNAL";
  status?: "SUCCEEDED" | "FAILED" | "PENDING";
  finished?: string;
  pushed?: string;
  faulty?: string;
};

const history: Row[] = [
  // shop-prod
  { env: "shop-prod", finished: "2025-12-31T23:00:00", pushed: "2025-12-31T20:00:00" }, // before the period: not counted
  { env: "shop-prod", finished: "2026-01-02T10:00:00", pushed: "2026-01-02T08:00:00" }, // d1: lead 2 h
  { env: "shop-prod", finished: "2026-01-03T10:00:00", pushed: "2026-01-03T06:00:00" }, // d2: lead 4 h, rolled back by r1 -> change failure
  { env: "shop-prod", kind: "ROLLBACK", finished: "2026-01-03T10:30:00" }, // r1: restores d2 after 30 min
  { env: "shop-prod", status: "FAILED", finished: "2026-01-04T09:00:00", pushed: "2026-01-04T08:00:00" }, // f1: failed deploy, never live
  { env: "shop-prod", finished: "2026-01-05T12:00:00", pushed: "2026-01-05T11:00:00", faulty: "2026-01-05T13:00:00" }, // d3: lead 1 h, marked faulty
  { env: "shop-prod", finished: "2026-01-05T14:00:00", pushed: "2026-01-04T14:00:00" }, // d4: lead 24 h; restores d3 after 2 h
  { env: "shop-prod", kind: "EXTERNAL", finished: "2026-01-06T00:00:00" }, // made outside dpl: not a dpl deploy
  { env: "shop-prod", finished: "2026-01-10T23:00:00", pushed: "2026-01-10T21:00:00" }, // d5: lead 2 h, rolled back after the period
  { env: "shop-prod", kind: "ROLLBACK", finished: "2026-01-11T01:00:00" }, // r2: after the period, restores d5 after 2 h
  { env: "shop-prod", status: "PENDING" }, // unfinished: not counted
  // shop-dev
  { env: "shop-dev", finished: "2026-01-02T12:00:00", pushed: "2026-01-02T11:30:00" }, // e1: lead 30 min
  { env: "shop-dev", finished: "2026-01-06T12:00:00" }, // e2: push time unknown, no lead time
  { env: "shop-dev", finished: "2026-01-07T12:00:00", pushed: "2026-01-07T11:00:00", faulty: "2026-01-07T15:00:00" }, // e3: lead 1 h, faulty, not yet restored
  { env: "shop-dev", status: "FAILED", finished: "2026-01-08T12:00:00" },
  { env: "shop-dev", status: "FAILED", finished: "2026-01-09T12:00:00" },
];

async function seed() {
  await db().deploy.createMany({
    data: history.map((r) => ({
      applicationName: "shop",
      environmentName: r.env,
      kind: r.kind ?? "DEPLOY",
      status: r.status ?? "SUCCEEDED",
      finishedAt: r.finished ? at(r.finished) : null,
      imagePushedAt: r.pushed ? at(r.pushed) : null,
      markedFaultyAt: r.faulty ? at(r.faulty) : null,
      actorName: "fixture",
      source: "API" as const,
    })),
  });
}

describe("DORA metrics over a hand-computed fixture", () => {
  it("per environment and overall", async () => {
    await seed();
    const [overall, dev, prod] = await doraSummaries(db(), period);
    // prod: d1 d2 r1 d3 d4 d5 = 6 deploys; changes d1..d5 = 5; failures d2 (rolled back), d3 (faulty), d5 (rolled back) = 3;
    // lead times 2 h, 4 h, 1 h, 24 h, 2 h -> median 2 h; restores 30 min, 2 h, 2 h -> median 2 h.
    expect(prod).toEqual({
      environment: "shop-prod",
      deploys: 6,
      changes: 5,
      changeFailures: 3,
      failedDeploys: 1,
      leadTimeMedianSeconds: 7200,
      restoreMedianSeconds: 7200,
      unrestored: 0,
    });
    // dev: e1 e2 e3 = 3 deploys and changes; failure e3 (faulty, unrestored); lead 30 min and 1 h -> median 45 min.
    expect(dev).toEqual({
      environment: "shop-dev",
      deploys: 3,
      changes: 3,
      changeFailures: 1,
      failedDeploys: 2,
      leadTimeMedianSeconds: 2700,
      restoreMedianSeconds: null,
      unrestored: 1,
    });
    // overall: leads 0.5 1 1 2 2 4 24 h -> median 2 h; restores 0.5 2 2 h -> 2 h.
    expect(overall).toEqual({
      environment: null,
      deploys: 9,
      changes: 8,
      changeFailures: 4,
      failedDeploys: 3,
      leadTimeMedianSeconds: 7200,
      restoreMedianSeconds: 7200,
      unrestored: 1,
    });
    expect(changeFailureRate(overall!)).toBe(0.5);
    expect(deploysPerDay(overall!, 10)).toBeCloseTo(0.9);
    expect(changeFailureRate(prod!)).toBeCloseTo(0.6);
  });

  it("for one environment", async () => {
    const rows = await doraSummaries(db(), { ...period, environment: "shop-dev" });
    expect(rows.map((r) => [r.environment, r.deploys, r.changeFailures, r.failedDeploys])).toEqual([
      [null, 3, 1, 2],
      ["shop-dev", 3, 1, 2],
    ]);
  });

  it("an empty period gives zeros, not errors", async () => {
    const rows = await doraSummaries(db(), { from: at("2020-01-01T00:00:00"), to: at("2020-02-01T00:00:00") });
    expect(rows).toEqual([
      {
        environment: null,
        deploys: 0,
        changes: 0,
        changeFailures: 0,
        failedDeploys: 0,
        leadTimeMedianSeconds: null,
        restoreMedianSeconds: null,
        unrestored: 0,
      },
    ]);
  });

  it("per day, for the charts", async () => {
    const days = await doraDaily(db(), period);
    const byDay = new Map(days.map((d) => [d.day, d]));
    expect(byDay.get("2026-01-03")).toEqual({ day: "2026-01-03", deploys: 2, changeFailures: 1, failedDeploys: 0, leadTimeMedianHours: 4 });
    expect(byDay.get("2026-01-05")).toEqual({ day: "2026-01-05", deploys: 2, changeFailures: 1, failedDeploys: 0, leadTimeMedianHours: 12.5 });
    expect(byDay.get("2026-01-08")).toEqual({ day: "2026-01-08", deploys: 0, changeFailures: 0, failedDeploys: 1, leadTimeMedianHours: null });
    expect(byDay.get("2026-01-10")).toMatchObject({ deploys: 1, changeFailures: 1 });
    expect(byDay.has("2026-01-11")).toBe(false);
    expect(days.reduce((n, d) => n + d.deploys, 0)).toBe(9);
  });
});

describe("the demo history", () => {
  it("fills 90 days once, with failures, rollbacks and lead times, and never offers itself as a rollback target", async () => {
    const { seedDemoHistory } = await import("@/lib/insights/demo-history");
    const now = new Date("2026-06-01T00:00:00Z");
    const inserted = await seedDemoHistory(db(), { now });
    expect(inserted).toBeGreaterThan(200);
    expect(await seedDemoHistory(db(), { now })).toBe(0);
    const [overall, ...perEnvironment] = await doraSummaries(db(), { from: new Date(now.getTime() - 90 * 86_400_000), to: now });
    expect(perEnvironment.map((s) => s.environment)).toEqual(["takumi-srv-dev", "takumi-srv-prod", "takumi-srv-staging"]);
    expect(overall!.changeFailures).toBeGreaterThan(0);
    expect(overall!.failedDeploys).toBeGreaterThan(0);
    expect(overall!.leadTimeMedianSeconds).toBeGreaterThan(0);
    expect(await db().deploy.count({ where: { environmentName: { startsWith: "takumi-srv-" }, versionLabel: { not: null } } })).toBe(0);
  });
});
