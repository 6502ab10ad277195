import { unzipSync } from "fflate";
import { parse as parseYaml } from "yaml";
import { ACCOUNT_ID, isEcsPlatform, type EnvironmentRecord, type ImageRecord, type SandboxState, type VersionRecord } from "./state";

// What EB finds in a source bundle when it deploys it: a bare Dockerrun.aws.json, or a zip
// with Dockerrun.aws.json or docker-compose.yml at its root. The images named there must be
// pullable from (the sandbox's) ECR, and the format must suit the environment's platform.

export type BundleFormat = "1" | "2" | "compose" | "invalid";
export type Bundle = { format: BundleFormat; images: string[]; problem?: string };
export type BundleVerdict = { ok: true; images: ImageRecord[] } | { ok: false; lines: string[] };

const MISSING_BOTH =
  "Instance deployment: Both 'Dockerfile' and 'Dockerrun.aws.json' are missing in your source bundle. Include at least one of them. The deployment failed.";

function bundleFiles(body: Buffer, key: string): Record<string, string> {
  if (body[0] === 0x50 && body[1] === 0x4b) {
    const files = unzipSync(new Uint8Array(body));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString("utf8")]));
  }
  return { [/\.ya?ml$/.test(key) ? "docker-compose.yml" : "Dockerrun.aws.json"]: body.toString("utf8") };
}

type Dockerrun = {
  AWSEBDockerrunVersion?: string | number;
  Image?: { Name?: string };
  Ports?: { ContainerPort?: string | number }[];
  containerDefinitions?: { name?: string; image?: string; memory?: number; memoryReservation?: number }[];
};

function inspectDockerrun(doc: Dockerrun): Bundle {
  const version = String(doc.AWSEBDockerrunVersion ?? "");
  if (version === "1") {
    const image = doc.Image?.Name;
    if (image && !doc.Ports?.[0]?.ContainerPort) {
      return {
        format: "invalid",
        images: [],
        problem: "Invalid Dockerrun.aws.json: 'Ports' with a 'ContainerPort' is required when 'Image' is specified. The deployment failed.",
      };
    }
    return { format: "1", images: image ? [image] : [] };
  }
  if (version === "2") {
    const containers = Array.isArray(doc.containerDefinitions) ? doc.containerDefinitions : [];
    const lacking = containers.find((c) => !c?.memory && !c?.memoryReservation);
    if (lacking) {
      return {
        format: "invalid",
        images: [],
        problem: `ECS task definition validation: Invalid setting for container '${lacking.name ?? "?"}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      };
    }
    return { format: "2", images: containers.flatMap((c) => (typeof c?.image === "string" ? [c.image] : [])) };
  }
  return { format: "invalid", images: [], problem: `Unsupported AWSEBDockerrunVersion: ${version || "missing"}` };
}

/** The Dockerrun version (or "compose") of a bundle and the images it names. */
export function inspectBundle(body: Buffer, key: string): Bundle {
  try {
    const files = bundleFiles(body, key);
    const compose = files["docker-compose.yml"] ?? files["docker-compose.yaml"];
    if (compose !== undefined) {
      const doc = parseYaml(compose) as { services?: Record<string, { image?: unknown }> } | null;
      return { format: "compose", images: Object.values(doc?.services ?? {}).flatMap((s) => (typeof s?.image === "string" ? [s.image] : [])) };
    }
    const text = files["Dockerrun.aws.json"];
    if (text === undefined) return { format: "invalid", images: [], problem: MISSING_BOTH };
    return inspectDockerrun(JSON.parse(text) as Dockerrun);
  } catch (error) {
    return { format: "invalid", images: [], problem: `Invalid source bundle: ${(error as Error).message}. The deployment failed.` };
  }
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]{64}))?$/;

/** The sandbox-ECR image an image reference resolves to; `null` when it is not found there. */
export function resolveImage(state: SandboxState, reference: string): ImageRecord | null | "elsewhere" {
  const match = ECR_IMAGE.exec(reference);
  // Other registries (Docker Hub, other accounts) are out of the sandbox's sight: assumed pullable.
  if (!match || match[1] !== ACCOUNT_ID) return "elsewhere";
  const [, , repo, tag, digest] = match;
  const images = state.repositories[repo]?.images ?? [];
  return images.find((i) => (digest ? i.digest === digest : i.tags.includes(tag ?? "latest"))) ?? null;
}

export function judgeBundle(state: SandboxState, env: EnvironmentRecord, version: VersionRecord): BundleVerdict {
  const object = state.buckets[version.bucket]?.objects[version.key];
  if (!object)
    return { ok: false, lines: [`Unable to download the source bundle from S3 (Bucket: ${version.bucket} Key: ${version.key}). The deployment failed.`] };
  const bundle = inspectBundle(Buffer.from(object.body, "base64"), version.key);
  if (bundle.format === "invalid") return { ok: false, lines: [bundle.problem ?? "Invalid source bundle."] };
  if (isEcsPlatform(env) && bundle.format !== "2") {
    const found = bundle.format === "compose" ? "missing (docker-compose.yml is not supported on this platform)" : bundle.format;
    return { ok: false, lines: [`ECS Application sourcebundle validation error: Unsupported AWSEBDockerrunVersion: ${found}`] };
  }
  if (!isEcsPlatform(env) && bundle.format === "2") {
    return {
      ok: false,
      lines: [
        "Instance deployment: 'Dockerrun.aws.json' version 2 is not supported on this platform; use the ECS platform, or docker-compose.yml. The deployment failed.",
      ],
    };
  }
  const pulled: ImageRecord[] = [];
  const lines: string[] = [];
  for (const reference of bundle.images) {
    const image = resolveImage(state, reference);
    if (image === null)
      lines.push(`Failed to pull Docker image ${reference}: manifest for ${reference} not found: manifest unknown: Requested image not found.`);
    else if (image !== "elsewhere") pulled.push(image);
  }
  return lines.length ? { ok: false, lines } : { ok: true, images: pulled };
}
