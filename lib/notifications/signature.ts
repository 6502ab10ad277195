import { createHmac, timingSafeEqual } from "node:crypto";

// Webhook signatures (docs/webhooks.md): `X-Dpl-Signature: t=<unix seconds>,v1=<hex>` where
// hex is HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp is signed so a receiver can
// refuse replays older than a few minutes.

export const SIGNATURE_HEADER = "x-dpl-signature";

export function signatureFor(secret: string, timestamp: number, body: string): string {
  const hex = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${hex}`;
}

/** The receiver's check, exactly as docs/webhooks.md shows it. */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
