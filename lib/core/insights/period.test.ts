import { describe, expect, it } from "vitest";
import { changeFailureRate, formatDuration, periodRange } from "./period";

describe("insights periods and formatting", () => {
  const now = new Date("2026-03-01T00:00:00Z");
  it("reads the period from the query, defaulting to 30 days", () => {
    expect(periodRange("7d", now)).toEqual({ period: "7d", days: 7, from: new Date("2026-02-22T00:00:00Z"), to: now });
    expect(periodRange("forever", now).period).toBe("30d");
    expect(periodRange(undefined, now).days).toBe(30);
  });
  it("has no change failure rate without changes", () => {
    expect(changeFailureRate({ changes: 0, changeFailures: 0 })).toBeNull();
    expect(changeFailureRate({ changes: 4, changeFailures: 1 })).toBe(0.25);
  });
  it("formats durations as a person reads them", () => {
    expect([formatDuration(null), formatDuration(42), formatDuration(2700), formatDuration(7200), formatDuration(3 * 86_400)]).toEqual([
      "–",
      "42 s",
      "45 min",
      "2.0 h",
      "3.0 d",
    ]);
  });
});
