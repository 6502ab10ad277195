import { describe, expect, it } from "vitest";
import { formatBytes } from "./bytes";
import { commitShaFromTag, fillUrlTemplate, shortDigest } from "./digest";
import { formatDuration, formatExact, formatRelative } from "./time";

const now = new Date("2026-11-28T12:00:00Z");

describe("formatRelative", () => {
  it("says just now, then the largest whole unit, past and future", () => {
    expect(formatRelative(new Date("2026-11-28T11:59:55Z"), now)).toBe("just now");
    expect(formatRelative(new Date("2026-11-28T11:57:00Z"), now)).toBe("3 minutes ago");
    expect(formatRelative(new Date("2026-11-28T09:00:00Z"), now)).toBe("3 hours ago");
    expect(formatRelative(new Date("2026-11-27T12:00:00Z"), now)).toBe("yesterday");
    expect(formatRelative(new Date("2026-11-28T14:00:00Z"), now)).toBe("in 2 hours");
  });
});

describe("formatExact", () => {
  it("names the time zone it is shown in", () => {
    expect(formatExact(now, "UTC")).toContain("12:00:00");
    expect(formatExact(now, "UTC")).toContain("UTC");
    expect(formatExact(now, "Asia/Tokyo")).toContain("21:00:00");
  });
});

describe("formatDuration", () => {
  it("picks a readable unit", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(7_440_000)).toBe("2 h 04 min");
  });
});

describe("formatBytes / digests / URL templates", () => {
  it("formats sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(91_540_000n)).toBe("87.3 MiB");
  });
  it("shortens digests and reads commit shas from tags", () => {
    expect(shortDigest("sha256:0123456789abcdef0123")).toBe("0123456789ab");
    expect(commitShaFromTag("git_cf7edb2", "^git_([0-9a-f]{7,40})$")).toBe("cf7edb2");
    expect(commitShaFromTag("latest", "^git_([0-9a-f]{7,40})$")).toBeNull();
    expect(commitShaFromTag("x", "([")).toBeNull();
  });
  it("fills URL templates and refuses half-filled ones", () => {
    expect(fillUrlTemplate("https://github.com/acme/api/commit/{sha}", { sha: "cf7edb2" })).toBe("https://github.com/acme/api/commit/cf7edb2");
    expect(fillUrlTemplate("https://github.com/acme/api/compare/{from}...{to}", { from: "a" })).toBeNull();
    expect(fillUrlTemplate(null, { sha: "a" })).toBeNull();
  });
});
