import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/db";
import { checkRateLimit, rateLimitBucket, windowStartOf } from "./rate-limit";

vi.mock("server-only", () => ({}));

useTestDatabase();

describe("rate limit", () => {
  it("counts concurrent first requests of a window exactly, and refuses the one over the limit", async () => {
    const actor: Actor = { type: "USER", userId: "00000000-0000-4000-8000-0000000000aa", name: "Rae", role: "DEPLOYER" };
    const now = new Date("2026-11-29T10:00:30Z");
    const results = await Promise.allSettled(Array.from({ length: 130 }, () => checkRateLimit(actor, now)));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(10); // DPL_RATE_LIMIT_PER_MINUTE defaults to 120
    for (const r of refused)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "RATE_LIMITED", details: { limit: 120, retryAfterSeconds: 30 } });
    const row = await db().rateLimitWindow.findUnique({ where: { bucket_windowStart: { bucket: rateLimitBucket(actor), windowStart: windowStartOf(now) } } });
    expect(row?.count).toBe(130);
  });
});
