import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/core/actor";
import { DplError } from "@/lib/core/errors";
import { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import type { ApiResult } from "./handler";

// Idempotency-Key for POST /api/v1/deploys: the same key from the same token within 24 h
// returns the stored first response; the same key with another body is 409
// IDEMPOTENCY_KEY_REUSED. A key is claimed by inserting its row before the deploy is
// started (status 0 = in progress), so two concurrent retries cannot both start one.
// Only a successful response (2xx) is kept: a refused or failed attempt created nothing, so
// the key is released and a retry runs again.

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IN_PROGRESS = 0;
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

export function requestHash(value: unknown): string {
  return createHash("sha256").update(stableStringify(value)).digest("hex");
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function idempotencyOwner(actor: Actor): string | null {
  if (actor.type === "TOKEN") return actor.tokenId;
  if (actor.type === "USER") return actor.userId;
  return null;
}

export async function withIdempotency(actor: Actor, key: string | null, hash: string, run: () => Promise<ApiResult>): Promise<ApiResult> {
  const tokenId = idempotencyOwner(actor);
  if (!key || !tokenId) return run();
  const now = new Date();
  const client = db();
  // An expired key is forgotten, then the key is claimed (or found taken).
  // So is a claim left in progress by a process that died (a deploy request takes seconds, not minutes).
  await client.idempotencyKey.deleteMany({
    where: {
      tokenId,
      key,
      OR: [
        { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } },
        { status: IN_PROGRESS, createdAt: { lt: new Date(now.getTime() - ABANDONED_AFTER_MS) } },
      ],
    },
  });
  const claimed = await client.idempotencyKey.createMany({
    data: [{ tokenId, key, requestHash: hash, status: IN_PROGRESS, body: {}, createdAt: now }],
    skipDuplicates: true,
  });
  if (claimed.count === 0) {
    const existing = await client.idempotencyKey.findUnique({ where: { tokenId_key: { tokenId, key } } });
    if (!existing) return withIdempotency(actor, key, hash, run);
    if (existing.requestHash !== hash) {
      throw new DplError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request body; use a new key for a new request.", {
        idempotencyKey: key,
      });
    }
    if (existing.status === IN_PROGRESS) {
      throw new DplError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry in a moment.", { idempotencyKey: key });
    }
    return { status: existing.status, body: existing.body, headers: { "Idempotent-Replayed": "true" } };
  }
  let result: ApiResult;
  try {
    result = await run();
  } catch (error) {
    await release(tokenId, key);
    throw error;
  }
  if (result.status >= 200 && result.status < 300) {
    await client.idempotencyKey
      .update({ where: { tokenId_key: { tokenId, key } }, data: { status: result.status, body: result.body as Prisma.InputJsonValue } })
      .catch(async (error: unknown) => {
        console.error("dpl: could not store an idempotent response:", (error as Error).message);
        await release(tokenId, key);
      });
  } else {
    await release(tokenId, key);
  }
  return result;
}

async function release(tokenId: string, key: string): Promise<void> {
  await db()
    .idempotencyKey.deleteMany({ where: { tokenId, key, status: IN_PROGRESS } })
    .catch(() => {});
}
