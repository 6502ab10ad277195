import { describe, expect, it } from "vitest";
import { judgeProgress, type Progress } from "./judge-progress";

const t = (s: number) => new Date(Date.UTC(2026, 10, 28, 12, 0, s));
const progress: Progress = { versionLabel: "v-new", completedAt: null, cancelRequestedAt: null, deadline: t(50), healthSettleMs: 0 };
const completed = { at: t(5), severity: "INFO", message: "Environment update completed successfully." };
const ready = (versionLabel: string, health: string, at: Date) => ({ status: "Ready", health, versionLabel, observedAt: at });

describe("judgeProgress", () => {
  it("waits until our completion event, then needs Green observed after it", () => {
    expect(judgeProgress(progress, [], ready("v-new", "Green", t(3)), t(3)).kind).toBe("wait");
    expect(judgeProgress(progress, [completed], ready("v-new", "Green", t(6)), t(6))).toEqual({ kind: "succeeded", completedAt: t(5) });
  });

  it("a redeploy of the running label is not done because the label matches", () => {
    expect(judgeProgress(progress, [], ready("v-new", "Green", t(9)), t(9)).kind).toBe("wait");
  });

  it("fails on a failure event of our request, on Red after completion, and on timeout", () => {
    expect(judgeProgress(progress, [{ at: t(4), severity: "ERROR", message: "Failed to deploy application." }], null, t(4))).toMatchObject({
      kind: "failed",
      code: "EB_DEPLOY_FAILED",
    });
    expect(judgeProgress(progress, [completed], ready("v-new", "Red", t(7)), t(7))).toMatchObject({ kind: "failed", code: "HEALTH_RED" });
    expect(judgeProgress(progress, [], ready("v-old", "Green", t(60)), t(60))).toMatchObject({ kind: "failed", code: "DEPLOY_TIMEOUT" });
  });

  it("waits for the settle time before calling Green a success", () => {
    const settling = { ...progress, healthSettleMs: 3_000 };
    expect(judgeProgress(settling, [completed], ready("v-new", "Green", t(6)), t(6)).kind).toBe("wait");
    expect(judgeProgress(settling, [completed], ready("v-new", "Green", t(9)), t(9)).kind).toBe("succeeded");
  });

  it("ends CANCELLED when an abort was asked and EB rolled back", () => {
    const cancelling = { ...progress, cancelRequestedAt: t(2) };
    const events = [
      { at: t(1), severity: "WARN", message: "Environment update is being aborted." },
      { at: t(4), severity: "ERROR", message: "The environment was reverted to the previous configuration setting." },
    ];
    expect(judgeProgress(cancelling, events, ready("v-old", "Green", t(5)), t(5)).kind).toBe("cancelled");
  });
});
