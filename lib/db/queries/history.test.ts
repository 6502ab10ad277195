import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { listEnvironmentSummaries } from "./environments";
import { listEnvironmentHistory, type HistoryRow } from "./history";

vi.mock("server-only", () => ({}));
useTestDatabase();

const t = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));

beforeAll(async () => {
  await db().application.create({ data: { name: "app" } });
  await db().environment.createMany({
    data: [
      { name: "app-dev", applicationName: "app", status: "Ready", health: "Green" },
      { name: "app-prod", applicationName: "app", status: "Updating", health: "Yellow", protected: true },
    ],
  });
  const deploy = (
    minute: number,
    status: "SUCCEEDED" | "FAILED" | "UPDATING",
    tag: string,
    environmentName = "app-dev",
    kind: "DEPLOY" | "EXTERNAL" = "DEPLOY",
  ) => ({
    kind,
    status,
    applicationName: "app",
    environmentName,
    imageTag: tag,
    imageDigest: `sha256:${tag}`,
    actorName: "dana",
    source: "WEB" as const,
    createdAt: t(minute),
    finishedAt: status === "UPDATING" ? null : t(minute + 1),
  });
  await db().deploy.createMany({
    data: [
      deploy(0, "SUCCEEDED", "git_0000000", "app-dev", "EXTERNAL"),
      deploy(10, "SUCCEEDED", "git_1111111"),
      deploy(20, "FAILED", "git_2222222"),
      // Two rows at the same instant as a refusal below: ties must neither repeat nor vanish.
      deploy(30, "SUCCEEDED", "git_3333333"),
      deploy(30, "SUCCEEDED", "git_3333334"),
      deploy(5, "UPDATING", "git_9999999", "app-prod"),
    ],
  });
  const audit = (minute: number, outcome: "REFUSED" | "DENIED" | "SUCCESS", environmentName = "app-dev") => ({
    at: t(minute),
    actorType: "USER" as const,
    actorName: "erin",
    source: "API" as const,
    action: "deploy.start",
    targetType: "environment",
    target: environmentName,
    environmentName,
    outcome,
    code: outcome === "SUCCESS" ? null : "ENVIRONMENT_LOCKED",
    message: outcome === "SUCCESS" ? "started" : "app-dev is locked by dana: release freeze.",
    details: { tag: "git_5555555" },
  });
  await db().auditEvent.createMany({ data: [audit(15, "REFUSED"), audit(30, "DENIED"), audit(31, "SUCCESS"), audit(16, "REFUSED", "app-prod")] });
  await db().lock.createMany({
    data: [
      { environmentName: "app-dev", reason: "old", authorName: "dana", expiresAt: new Date(Date.now() - 60_000) },
      { environmentName: "app-prod", reason: "release freeze", authorName: "dana" },
    ],
  });
});

describe("listEnvironmentHistory", () => {
  it("merges deploys and refusals newest first, across pages, each row exactly once", async () => {
    const rows: HistoryRow[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listEnvironmentHistory>> = await listEnvironmentHistory("app-dev", { cursor, limit: 2 });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const labels = rows.map((row) => (row.type === "deploy" ? row.imageTag : `${row.outcome}@${row.at.getUTCMinutes()}`));
    // The two deploys of minute 30 tie on time; their order is by id, which is random.
    expect([...labels.slice(0, 2)].sort()).toEqual(["git_3333333", "git_3333334"]);
    expect(labels.slice(2)).toEqual(["DENIED@30", "git_2222222", "REFUSED@15", "git_1111111", "git_0000000"]);
    const refusal = rows.find((row) => row.type === "refusal");
    expect(refusal).toMatchObject({ actorName: "erin", source: "API", code: "ENVIRONMENT_LOCKED", imageTag: "git_5555555" });
  });

  it("answers a hand-edited cursor with a page, not an error", async () => {
    for (const [source, id] of [
      ["d", "not-a-uuid"],
      ["a", "not-a-number"],
      ["a", "99999999999999999999"],
    ]) {
      const cursor = Buffer.from(JSON.stringify({ at: t(30).toISOString(), source, id }), "utf8").toString("base64url");
      const page = await listEnvironmentHistory("app-dev", { cursor, limit: 10 });
      expect(page.items.every((row) => row.at.getTime() <= t(30).getTime())).toBe(true);
    }
  });

  it("keeps environments apart and leaves successful audit rows out", async () => {
    const page = await listEnvironmentHistory("app-prod");
    expect(page.items.map((row) => row.type)).toEqual(["refusal", "deploy"]);
    expect(page.nextCursor).toBeNull();
  });
});

describe("listEnvironmentSummaries", () => {
  it("shows what runs, what is deploying, and only locks that still block", async () => {
    const summaries = await listEnvironmentSummaries({ applicationName: "app" });
    const dev = summaries.find((environment) => environment.name === "app-dev");
    const prod = summaries.find((environment) => environment.name === "app-prod");
    expect(["git_3333333", "git_3333334"]).toContain(dev?.running?.imageTag);
    expect(dev?.active).toBeNull();
    expect(dev?.lock).toBeNull();
    expect(prod?.running).toBeNull();
    expect(prod?.active).toMatchObject({ status: "UPDATING", imageTag: "git_9999999" });
    expect(prod?.lock).toMatchObject({ reason: "release freeze", authorName: "dana" });
  });
});
