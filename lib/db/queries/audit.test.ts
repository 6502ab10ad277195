import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { iterateAuditEvents, listAuditEvents } from "./audit";

vi.mock("server-only", () => ({}));
useTestDatabase();

const base = Date.UTC(2026, 10, 1);
const total = 3_000;

beforeAll(async () => {
  const rows = Array.from({ length: total }, (_, i) => ({
    // Pairs of rows share a millisecond: the id breaks the tie.
    at: new Date(base + Math.floor(i / 2) * 1_000),
    actorType: "USER" as const,
    actorName: i % 3 === 0 ? "dana" : "erin",
    action: i % 5 === 0 ? "environment.lock" : "deploy.start",
    targetType: "environment",
    target: i % 2 ? "app-dev" : "app-prod",
    environmentName: i % 2 ? "app-dev" : "app-prod",
    outcome: i % 7 === 0 ? ("REFUSED" as const) : ("SUCCESS" as const),
    message: `event ${i}`,
  }));
  await db().auditEvent.createMany({ data: rows });
});

describe("listAuditEvents", () => {
  it("pages through every row once, newest first", async () => {
    const seen = new Set<string>();
    let previous = Number.POSITIVE_INFINITY;
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAuditEvents>> = await listAuditEvents({}, { cursor, limit: 250 });
      for (const row of page.items) {
        expect(row.at.getTime()).toBeLessThanOrEqual(previous);
        previous = row.at.getTime();
        seen.add(row.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(total);
  });

  it("combines filters: actor, environment, action, outcome and a time range", async () => {
    const page = await listAuditEvents(
      { actor: "dana", environment: "app-prod", action: "deploy.start", outcome: "REFUSED", from: new Date(base), to: new Date(base + 500_000) },
      { limit: 1000 },
    );
    expect(page.items.length).toBeGreaterThan(0);
    for (const row of page.items) {
      expect(row).toMatchObject({ actorName: "dana", environmentName: "app-prod", action: "deploy.start", outcome: "REFUSED" });
      expect(row.at.getTime()).toBeLessThan(base + 500_000);
    }
    const expected = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 2 === 0 && i % 5 !== 0 && i % 7 === 0).length;
    expect(page.items).toHaveLength(expected);
  });

  it("pages a filtered log across ties exactly as one long page lists it", async () => {
    const filters = { environment: "app-prod", actor: "dana", from: new Date(base + 100_000), to: new Date(base + 1_200_000) };
    const whole = await listAuditEvents(filters, { limit: 1000 });
    expect(whole.nextCursor).toBeNull();
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAuditEvents>> = await listAuditEvents(filters, { cursor, limit: 7 });
      paged.push(...page.items.map((row) => row.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.items.map((row) => row.id));
    expect(paged.length).toBeGreaterThan(7);
  });

  it("answers a hand-edited cursor with the first page, not an error", async () => {
    const first = await listAuditEvents({}, { limit: 3 });
    for (const id of ["x", "99999999999999999999", "-1"]) {
      const cursor = Buffer.from(JSON.stringify({ at: new Date(base).toISOString(), id }), "utf8").toString("base64url");
      expect((await listAuditEvents({}, { cursor, limit: 3 })).items.map((row) => row.id)).toEqual(first.items.map((row) => row.id));
    }
  });

  it("iterates all matching rows for the CSV export in batches", async () => {
    let count = 0;
    for await (const row of iterateAuditEvents({ outcome: "REFUSED" }, 100)) {
      expect(row.outcome).toBe("REFUSED");
      count += 1;
    }
    expect(count).toBe(Math.ceil(total / 7));
  });
});
