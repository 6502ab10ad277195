import { unzipSync } from "fflate";
import { parse as parseYaml } from "yaml";
import { isEcsPlatform, repositoryUri, type EnvironmentRecord, type SandboxState, type VersionRecord } from "./state";

// The simulated rollout of UpdateEnvironment: the event sequence real EB emits, tagged with
// the request id, over `durationMs`. The deployed bundle is really parsed, so a template
// naming an image that is not in ECR fails here the way it fails on EB.

export type Rollout = { timers: NodeJS.Timeout[]; previousLabel?: string; requestId: string; environment: string; label: string };

type Verdict = { ok: true } | { ok: false; lines: string[] };

export type DeployContext = {
  state: SandboxState;
  durationMs: number;
  changed: () => void;
  rollouts: Map<string, Rollout>;
};

function bundleFiles(body: Buffer, key: string): Record<string, string> {
  if (body[0] === 0x50 && body[1] === 0x4b) {
    const files = unzipSync(new Uint8Array(body));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString("utf8")]));
  }
  return { [key.endsWith(".yml") || key.endsWith(".yaml") ? "docker-compose.yml" : "Dockerrun.aws.json"]: body.toString("utf8") };
}

/** Images named by the bundle, and the Dockerrun version (or "compose"). */
export function inspectBundle(body: Buffer, key: string): { format: "1" | "2" | "compose" | "invalid"; images: string[]; problem?: string } {
  try {
    const files = bundleFiles(body, key);
    if (files["docker-compose.yml"]) {
      const compose = parseYaml(files["docker-compose.yml"]) as { services?: Record<string, { image?: string }> };
      return { format: "compose", images: Object.values(compose?.services ?? {}).flatMap((s) => (s?.image ? [s.image] : [])) };
    }
    const text = files["Dockerrun.aws.json"];
    if (!text) return { format: "invalid", images: [], problem: "No Dockerrun.aws.json or docker-compose.yml found in the source bundle." };
    const doc = JSON.parse(text) as { AWSEBDockerrunVersion?: string | number; Image?: { Name?: string }; containerDefinitions?: { image?: string }[] };
    const version = String(doc.AWSEBDockerrunVersion ?? "");
    if (version === "1") return { format: "1", images: doc.Image?.Name ? [doc.Image.Name] : [] };
    if (version === "2") return { format: "2", images: (doc.containerDefinitions ?? []).flatMap((c) => (c.image ? [c.image] : [])) };
    return { format: "invalid", images: [], problem: `Unsupported AWSEBDockerrunVersion: ${version || "missing"}` };
  } catch (error) {
    return { format: "invalid", images: [], problem: `Invalid Dockerrun.aws.json: ${(error as Error).message}` };
  }
}

function imageExists(state: SandboxState, image: string): boolean {
  const match = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]{64}))?$/.exec(image);
  if (!match) return !image.includes(".dkr.ecr."); // other registries are out of the sandbox's sight
  const [, repo, tag, digest] = match;
  const images = state.repositories[repo]?.images ?? [];
  return images.some((i) => (digest ? i.digest === digest : i.tags.includes(tag ?? "latest")));
}

function verdictFor(state: SandboxState, env: EnvironmentRecord, version: VersionRecord): Verdict {
  const object = state.buckets[version.bucket]?.objects[version.key];
  if (!object) return { ok: false, lines: [`Unable to download source bundle from S3 (Bucket: ${version.bucket} Key: ${version.key}).`] };
  const bundle = inspectBundle(Buffer.from(object.body, "base64"), version.key);
  if (bundle.format === "invalid") return { ok: false, lines: [bundle.problem ?? "Invalid source bundle."] };
  if (isEcsPlatform(env) && bundle.format !== "2") {
    return {
      ok: false,
      lines: [`ECS Application sourcebundle validation error: Unsupported AWSEBDockerrunVersion: ${bundle.format === "compose" ? "compose" : bundle.format}`],
    };
  }
  if (!isEcsPlatform(env) && bundle.format === "2") {
    return {
      ok: false,
      lines: ["Invalid Dockerrun.aws.json version 2 for the Docker platform: multi-container Dockerrun files need the ECS platform. Abort deployment."],
    };
  }
  const missing = bundle.images.filter((image) => !imageExists(state, image));
  if (missing.length) {
    return {
      ok: false,
      lines: missing.map(
        (image) => `Failed to pull Docker image ${image}: manifest for ${image} not found: manifest unknown: Requested image not found. Retry...`,
      ),
    };
  }
  return { ok: true };
}

export function startRollout(ctx: DeployContext, env: EnvironmentRecord, version: VersionRecord, requestId: string): void {
  const { state, durationMs: d } = ctx;
  const previousLabel = env.versionLabel;
  const outcome = state.outcomes[env.name];
  delete state.outcomes[env.name];
  env.status = "Updating";
  env.health = "Grey";
  env.healthStatus = "Info";
  env.updatedAt = Date.now();
  env.pendingRequestId = requestId;
  const rollout: Rollout = { timers: [], previousLabel, requestId, environment: env.name, label: version.label };
  ctx.rollouts.set(env.name, rollout);
  const emit = (severity: string, message: string, label = version.label) => {
    state.events.push({ at: Date.now(), application: env.application, environment: env.name, versionLabel: label, requestId, severity, message });
    ctx.changed();
  };
  const at = (fraction: number, action: () => void) => rollout.timers.push(setTimeout(action, Math.round(d * fraction)));
  emit("INFO", "Environment update is starting.");
  at(0.25, () => emit("INFO", "Deploying new version to instance(s)."));
  at(0.55, () => {
    const verdict = verdictFor(state, env, version);
    if (!verdict.ok) {
      for (const line of verdict.lines) emit("ERROR", line);
      emit("ERROR", "[Instance: i-0sandbox01] Command failed on instance. Return code: 1 Output: Engine execution has encountered an error.");
      at(0.3, () => {
        emit("ERROR", "Failed to deploy application.");
        env.health = "Red";
        env.healthStatus = "Severe";
      });
      at(0.45, () => finish(ctx, env, rollout, "reverted"));
      return;
    }
    emit("INFO", "Instance deployment completed successfully.");
    at(0.25, () => emit("INFO", "New application version was deployed to running EC2 instances."));
    at(0.45, () => finish(ctx, env, rollout, outcome?.health === "Red" ? (outcome.afterMs > 0 ? "red-later" : "red") : "green", outcome?.afterMs ?? 0));
  });
}

function finish(ctx: DeployContext, env: EnvironmentRecord, rollout: Rollout, end: "green" | "red" | "red-later" | "reverted" | "aborted", afterMs = 0): void {
  const push = (severity: string, message: string, label = rollout.label, requestId: string | undefined = rollout.requestId) =>
    ctx.state.events.push({ at: Date.now(), application: env.application, environment: env.name, versionLabel: label, requestId, severity, message });
  ctx.rollouts.delete(env.name);
  env.pendingRequestId = undefined;
  env.status = "Ready";
  env.updatedAt = Date.now();
  if (end === "reverted" || end === "aborted") {
    env.versionLabel = rollout.previousLabel;
    push("INFO", "The environment was reverted to the previous configuration setting.", rollout.previousLabel);
    if (end === "aborted") {
      env.health = "Green";
      env.healthStatus = "Ok";
      push("WARN", "Environment update was aborted. The environment was rolled back to the previous version.", rollout.previousLabel);
    } else {
      push("ERROR", "Update environment operation is complete, but with errors. For more information, see troubleshooting documentation.");
      // Health recovers once the old version serves again, as on EB after a revert.
      setTimeout(() => {
        if (env.pendingRequestId) return;
        env.health = "Green";
        env.healthStatus = "Ok";
        push("INFO", "Environment health has transitioned from Severe to Ok.", env.versionLabel, undefined);
        ctx.changed();
      }, ctx.durationMs);
    }
  } else {
    env.versionLabel = rollout.label;
    if (end === "red") {
      env.health = "Red";
      env.healthStatus = "Severe";
      push("WARN", "Environment health has transitioned from Ok to Severe. 100.0 % of the requests are failing with HTTP 5xx.");
      push("ERROR", "Update environment operation is complete, but with errors. For more information, see troubleshooting documentation.");
    } else {
      env.health = "Green";
      env.healthStatus = "Ok";
      push("INFO", "Environment update completed successfully.");
      if (end === "red-later") {
        setTimeout(() => {
          if (env.pendingRequestId) return;
          env.health = "Red";
          env.healthStatus = "Severe";
          push(
            "WARN",
            "Environment health has transitioned from Ok to Severe. 100.0 % of the requests are failing with HTTP 5xx.",
            env.versionLabel,
            undefined,
          );
          ctx.changed();
        }, afterMs);
      }
    }
  }
  ctx.changed();
}

export function abortRollout(ctx: DeployContext, env: EnvironmentRecord): boolean {
  const rollout = ctx.rollouts.get(env.name);
  if (!rollout) return false;
  for (const timer of rollout.timers) clearTimeout(timer);
  ctx.state.events.push({
    at: Date.now(),
    application: env.application,
    environment: env.name,
    versionLabel: rollout.label,
    requestId: rollout.requestId,
    severity: "WARN",
    message: "Environment update is being aborted.",
  });
  env.status = "Aborting";
  rollout.timers = [setTimeout(() => finish(ctx, env, rollout, "aborted"), Math.round(ctx.durationMs * 0.3))];
  ctx.rollouts.set(env.name, rollout);
  ctx.changed();
  return true;
}

/** A restored state has no timers: finish anything that was mid-update. */
export function settleRestored(state: SandboxState): void {
  for (const env of Object.values(state.environments)) {
    if (env.status !== "Ready") {
      env.status = "Ready";
      env.health = "Green";
      env.healthStatus = "Ok";
      env.pendingRequestId = undefined;
    }
  }
}

export { repositoryUri };
