import { judgeBundle } from "./beanstalk-bundle";
import type { EnvironmentRecord, SandboxState, VersionRecord } from "./state";

// The simulated rollout of UpdateEnvironment: the event sequence real EB emits, tagged with
// the request id, over `durationMs`. The deployed bundle is really parsed, so a template
// naming an image that is not in ECR fails here the way it fails on EB.

export type Rollout = { timers: NodeJS.Timeout[]; previousLabel?: string; requestId: string; environment: string; label: string };

export type DeployContext = {
  state: SandboxState;
  durationMs: number;
  changed: () => void;
  rollouts: Map<string, Rollout>;
  /** Every pending timer, so reset and close leave nothing running. */
  timers: Set<NodeJS.Timeout>;
  /** A pending health change per environment (Red later, Green again after a revert). */
  healthTimers: Map<string, NodeJS.Timeout>;
};

type End = "green" | "red" | "red-later" | "reverted" | "aborted";

const SEVERE =
  "Environment health has transitioned from Ok to Severe. 100.0 % of the requests are failing with HTTP 5xx. ELB health is failing or not available for all instances.";
/** How long health stays Red after a revert at least, so a poller sees it even with fast rollouts. */
const REVERTED_RED_MS = 1_000;
const WITH_ERRORS = "Update environment operation is complete, but with errors. For more information, see troubleshooting documentation.";

export function later(ctx: DeployContext, ms: number, action: () => void): NodeJS.Timeout {
  const timer = setTimeout(() => {
    ctx.timers.delete(timer);
    action();
  }, ms);
  ctx.timers.add(timer);
  return timer;
}

export function clearAllTimers(ctx: DeployContext): void {
  for (const timer of ctx.timers) clearTimeout(timer);
  ctx.timers.clear();
  ctx.rollouts.clear();
  ctx.healthTimers.clear();
}

function setHealth(env: EnvironmentRecord, health: "Green" | "Red" | "Grey"): void {
  env.health = health;
  env.healthStatus = health === "Green" ? "Ok" : health === "Red" ? "Severe" : "Info";
}

function record(ctx: DeployContext, env: EnvironmentRecord, severity: string, message: string, label?: string, requestId?: string): void {
  ctx.state.events.push({ at: Date.now(), application: env.application, environment: env.name, versionLabel: label, requestId, severity, message });
  ctx.changed();
}

function healthLater(ctx: DeployContext, env: EnvironmentRecord, ms: number, health: "Green" | "Red"): void {
  const timer = later(ctx, ms, () => {
    ctx.healthTimers.delete(env.name);
    if (env.status !== "Ready" || env.health === health) return;
    const from = env.healthStatus;
    setHealth(env, health);
    // Health transitions are not part of any request: EB tags them with no RequestId.
    if (health === "Red") record(ctx, env, "WARN", SEVERE, env.versionLabel);
    else record(ctx, env, "INFO", `Environment health has transitioned from ${from} to Ok.`, env.versionLabel);
  });
  ctx.healthTimers.set(env.name, timer);
}

/** Starts the rollout; `resumed` continues one that a restart interrupted. */
export function startRollout(ctx: DeployContext, env: EnvironmentRecord, version: VersionRecord, requestId: string, resumed = false): void {
  const { state, durationMs: d } = ctx;
  const outcome = state.outcomes[env.name];
  delete state.outcomes[env.name];
  const pendingHealth = ctx.healthTimers.get(env.name);
  if (pendingHealth) clearTimeout(pendingHealth);
  ctx.healthTimers.delete(env.name);
  Object.assign(env, { status: "Updating", updatedAt: Date.now(), pendingRequestId: requestId, pendingLabel: version.label });
  setHealth(env, "Grey");
  const rollout: Rollout = { timers: [], previousLabel: env.versionLabel, requestId, environment: env.name, label: version.label };
  ctx.rollouts.set(env.name, rollout);
  const emit = (severity: string, message: string) => record(ctx, env, severity, message, version.label, requestId);
  const at = (fraction: number, action: () => void) => rollout.timers.push(later(ctx, Math.round(d * fraction), action));
  if (!resumed) emit("INFO", "Environment update is starting.");
  at(0.25, () => emit("INFO", "Deploying new version to instance(s)."));
  at(0.55, () => {
    const verdict = judgeBundle(state, env, version);
    if (!verdict.ok) {
      for (const line of verdict.lines) emit("ERROR", line);
      emit("ERROR", "[Instance: i-0sandbox0000000001] Command failed on instance. Return code: 1 Output: Engine execution has encountered an error.");
      at(0.3, () => {
        emit("ERROR", "Failed to deploy application.");
        setHealth(env, "Red");
      });
      at(0.45, () => finish(ctx, env, rollout, "reverted"));
      return;
    }
    for (const image of verdict.images) image.lastPulledAt = Date.now();
    emit("INFO", "Instance deployment completed successfully.");
    at(0.25, () => emit("INFO", "New application version was deployed to running EC2 instances."));
    const end: End = outcome?.health === "Red" ? (outcome.afterMs > 0 ? "red-later" : "red") : "green";
    at(0.45, () => finish(ctx, env, rollout, end, outcome?.afterMs ?? 0));
  });
}

function finish(ctx: DeployContext, env: EnvironmentRecord, rollout: Rollout, end: End, afterMs = 0): void {
  const emit = (severity: string, message: string, label = rollout.label) => record(ctx, env, severity, message, label, rollout.requestId);
  ctx.rollouts.delete(env.name);
  Object.assign(env, { status: "Ready", updatedAt: Date.now(), pendingRequestId: undefined, pendingLabel: undefined });
  switch (end) {
    case "aborted":
      env.versionLabel = rollout.previousLabel;
      setHealth(env, "Green");
      emit("INFO", "The environment was reverted to the previous configuration setting.", rollout.previousLabel);
      emit("WARN", "Environment update was aborted. The environment was rolled back to the previous version.", rollout.previousLabel);
      return;
    case "reverted":
      // The old version serves again; health recovers a while later, as on EB after a revert.
      env.versionLabel = rollout.previousLabel;
      emit("INFO", "The environment was reverted to the previous configuration setting.", rollout.previousLabel);
      emit("ERROR", WITH_ERRORS);
      healthLater(ctx, env, Math.max(ctx.durationMs, REVERTED_RED_MS), "Green");
      return;
    case "red":
      // The new version is running and failing its health checks (an all-at-once deploy of a
      // broken build): EB keeps it; getting back is dpl's rollback.
      env.versionLabel = rollout.label;
      setHealth(env, "Red");
      emit("WARN", SEVERE);
      emit("WARN", "Environment health has been set to RED");
      emit("ERROR", WITH_ERRORS);
      return;
    case "green":
    case "red-later":
      env.versionLabel = rollout.label;
      setHealth(env, "Green");
      emit("INFO", "Environment update completed successfully.");
      if (end === "red-later") healthLater(ctx, env, afterMs, "Red");
      return;
    default: {
      const never: never = end;
      throw new Error(`unknown rollout end ${String(never)}`);
    }
  }
}

export function abortRollout(ctx: DeployContext, env: EnvironmentRecord): boolean {
  const rollout = ctx.rollouts.get(env.name);
  if (!rollout) return false;
  for (const timer of rollout.timers) {
    clearTimeout(timer);
    ctx.timers.delete(timer);
  }
  record(ctx, env, "WARN", "Environment update is being aborted.", rollout.label, rollout.requestId);
  env.status = "Aborting";
  rollout.timers = [later(ctx, Math.round(ctx.durationMs * 0.3), () => finish(ctx, env, rollout, "aborted"))];
  return true;
}

/** A restored state has no timers: carry on whatever was in flight when it was saved. */
export function resumeRollouts(ctx: DeployContext): void {
  for (const env of Object.values(ctx.state.environments)) {
    if (env.status === "Launching") {
      Object.assign(env, { status: "Ready", health: "Green", healthStatus: "Ok" });
      continue;
    }
    if (env.status !== "Updating" && env.status !== "Aborting") continue;
    const version = ctx.state.versions.find((v) => v.application === env.application && v.label === env.pendingLabel);
    const requestId = env.pendingRequestId ?? "";
    if (env.status === "Updating" && version) {
      startRollout(ctx, env, version, requestId, true);
      continue;
    }
    const rollout: Rollout = { timers: [], previousLabel: env.versionLabel, requestId, environment: env.name, label: env.pendingLabel ?? "" };
    finish(ctx, env, rollout, env.status === "Aborting" ? "aborted" : "reverted");
  }
}
