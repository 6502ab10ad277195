// How tracking decides, from EB's events for our RequestId and the environment as observed.
// The messages are the ones the EB CLI waits for (ebcli/operations/commonops.py); the label
// alone never decides, because a redeploy of the running label already "matches" it.

export type ObservedEvent = { at: Date; severity: string; message: string };
export type ObservedEnvironment = { status: string | null; health: string | null; versionLabel: string | null; observedAt: Date };

export type Progress = {
  versionLabel: string;
  completedAt: Date | null;
  cancelRequestedAt: Date | null;
  deadline: Date;
  healthSettleMs: number;
};

export type Verdict =
  | { kind: "wait"; completedAt: Date | null }
  | { kind: "succeeded"; completedAt: Date }
  | { kind: "failed"; code: string; message: string; completedAt: Date | null }
  | { kind: "cancelled"; message: string };

const completionMessages = ["Environment update completed successfully.", "Successfully deployed new configuration to environment."];

export function isCompletionEvent(message: string): boolean {
  return completionMessages.some((text) => message.startsWith(text));
}

export function isFailureEvent(event: ObservedEvent): boolean {
  return (
    event.message.startsWith("Failed to deploy application.") ||
    event.message.startsWith("The environment was reverted to the previous configuration setting.") ||
    event.message.startsWith("Environment health has been set to RED") ||
    event.message.startsWith("Update environment operation is complete, but with errors.") ||
    event.severity === "ERROR" ||
    event.severity === "FATAL"
  );
}

/** "Environment update is being aborted." / "Environment update was aborted. ..." */
export function isAbortEvent(message: string): boolean {
  return /\babort/i.test(message);
}

/** `events`: every event of our request seen so far, oldest first. */
export function judgeProgress(progress: Progress, events: ObservedEvent[], environment: ObservedEnvironment | null, now: Date): Verdict {
  // An abort (ours, or someone's in the console) ends CANCELLED once EB is Ready again; its
  // revert events are part of the abort, not a failure. The abort event may predate
  // cancelRequestedAt (we record the request after AbortEnvironmentUpdate answers).
  const abort = events.find((event) => isAbortEvent(event.message));
  if (abort || progress.cancelRequestedAt) {
    if (abort && environment?.status === "Ready") return { kind: "cancelled", message: abort.message };
    if (abort) return { kind: "wait", completedAt: progress.completedAt };
  }
  const failure = events.find(isFailureEvent);
  if (failure && !progress.cancelRequestedAt) return { kind: "failed", code: "EB_DEPLOY_FAILED", message: failure.message, completedAt: progress.completedAt };
  const completion = events.find((event) => isCompletionEvent(event.message));
  const completedAt = progress.completedAt ?? completion?.at ?? null;
  if (completedAt && environment && environment.observedAt > completedAt) {
    const onOurLabel = environment.status === "Ready" && environment.versionLabel === progress.versionLabel;
    if (onOurLabel && environment.health === "Red") {
      return { kind: "failed", code: "HEALTH_RED", message: `Health turned Red after the update completed (${environment.versionLabel}).`, completedAt };
    }
    const settled = environment.observedAt.getTime() - completedAt.getTime() >= progress.healthSettleMs;
    if (onOurLabel && environment.health === "Green" && settled) return { kind: "succeeded", completedAt };
    if (environment.status === "Ready" && environment.versionLabel !== progress.versionLabel) {
      return {
        kind: "failed",
        code: "EB_DEPLOY_FAILED",
        message: `The update completed but the environment runs ${environment.versionLabel ?? "no version"}, not ${progress.versionLabel}.`,
        completedAt,
      };
    }
  }
  if (now >= progress.deadline) {
    return {
      kind: "failed",
      code: "DEPLOY_TIMEOUT",
      message: `No result from Elastic Beanstalk before the environment's deploy timeout (${progress.deadline.toISOString()}).`,
      completedAt,
    };
  }
  return { kind: "wait", completedAt };
}
