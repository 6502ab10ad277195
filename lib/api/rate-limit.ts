import "server-only";
import { config } from "@/lib/config";
import type { Actor } from "@/lib/core/actor";
import { DplError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";

// Requests per token (or per signed-in user) per minute, counted in PostgreSQL so every
// replica shares one count: one upsert on RateLimitWindow per request.

const WINDOW_MS = 60_000;

export function rateLimitBucket(actor: Actor): string {
  if (actor.type === "TOKEN") return `token:${actor.tokenId}`;
  if (actor.type === "USER") return `user:${actor.userId}`;
  return "system";
}

export function windowStartOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
}

export async function checkRateLimit(actor: Actor, now: Date = new Date()): Promise<void> {
  if (actor.type === "SYSTEM") return;
  const limit = config().DPL_RATE_LIMIT_PER_MINUTE;
  const bucket = rateLimitBucket(actor);
  const windowStart = windowStartOf(now);
  const count = await increment(bucket, windowStart);
  // Now and then, forget windows older than an hour (cheap, and keeps the table small).
  if (Math.random() < 0.01) {
    await db()
      .rateLimitWindow.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - 60 * WINDOW_MS) } } })
      .catch(() => {});
  }
  if (count > limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
    throw new DplError("RATE_LIMITED", `Too many requests: this token may make ${limit} per minute. Retry in ${retryAfterSeconds} s.`, {
      limit,
      retryAfterSeconds,
    });
  }
}

/** One statement, atomic under concurrency: the first request of a window inserts, the rest count up. */
async function increment(bucket: string, windowStart: Date): Promise<number> {
  const [row] = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitWindow" ("bucket", "windowStart", "count") VALUES (${bucket}, ${windowStart}, 1)
    ON CONFLICT ("bucket", "windowStart") DO UPDATE SET "count" = "RateLimitWindow"."count" + 1
    RETURNING "count"`;
  return row.count;
}
