import { describe, expect, it } from "vitest";
import { generateToken, hashToken, isWellFormedToken, tokenPrefix } from "./token-format";

describe("API token format", () => {
  it("is dpl_ and 40 base62 characters, different every time", () => {
    const tokens = new Set(Array.from({ length: 200 }, generateToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^dpl_[0-9A-Za-z]{40}$/);
  });

  it("hashes to sha256 hex and shows only a short prefix", () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(4));
    expect(tokenPrefix(token)).toHaveLength(10);
    expect(token.startsWith(tokenPrefix(token))).toBe(true);
  });

  it("recognises malformed tokens", () => {
    expect(isWellFormedToken(generateToken())).toBe(true);
    for (const bad of ["", "dpl_", "dpl_short", `xyz_${"a".repeat(40)}`, `dpl_${"a".repeat(39)}!`, `dpl_${"a".repeat(41)}`, ` dpl_${"a".repeat(40)}`]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });
});
