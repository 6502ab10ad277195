import { createHash, randomInt } from "node:crypto";

// dpl API tokens: `dpl_` + 40 base62 characters (about 238 bits). Only the sha256 of the
// whole string is stored; a fast hash is right here because the secret is random, not a
// password (no dictionary to slow down), and lookups happen on every API call.

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const bodyLength = 40;

export const tokenPattern = /^dpl_[0-9A-Za-z]{40}$/;

export function generateToken(): string {
  let body = "";
  // randomInt draws without modulo bias.
  for (let i = 0; i < bodyLength; i++) body += alphabet[randomInt(alphabet.length)];
  return `dpl_${body}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What the tokens page shows to tell tokens apart without revealing them. */
export function tokenPrefix(token: string): string {
  return token.slice(0, 10);
}

export function isWellFormedToken(value: string): boolean {
  return tokenPattern.test(value);
}
