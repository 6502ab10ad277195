import { z } from "zod";

// Retry policy of notification deliveries. Read from the environment here (not lib/config)
// because only the notifier uses it; tests shorten it.
const PolicySchema = z.object({
  DPL_NOTIFY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  DPL_NOTIFY_RETRY_BASE_MS: z.coerce.number().int().positive().default(10_000),
  DPL_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
});

export type DeliveryPolicy = { timeoutMs: number; retryBaseMs: number; maxAttempts: number };

export function deliveryPolicy(env: NodeJS.ProcessEnv = process.env): DeliveryPolicy {
  const c = PolicySchema.parse(env);
  return { timeoutMs: c.DPL_NOTIFY_TIMEOUT_MS, retryBaseMs: c.DPL_NOTIFY_RETRY_BASE_MS, maxAttempts: c.DPL_NOTIFY_MAX_ATTEMPTS };
}

/** Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failed attempt. */
export const retryDelayMs = (policy: DeliveryPolicy, attempts: number): number => policy.retryBaseMs * 2 ** (attempts - 1);

/** A receiver's 4xx (other than timeout and rate limiting) will not change on retry. */
export const isPermanent = (status: number | null): boolean => status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;
