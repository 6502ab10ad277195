import { createHash } from "node:crypto";
import { ACCOUNT_ID, type ImageRecord, type RepositoryRecord } from "./state";
import { AwsError } from "./wire";

// ECR images: how they are found, described, paged and pushed.

export type ImageId = { imageDigest?: string; imageTag?: string };
export const MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

export function digestOf(manifest: string): string {
  return `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
}

/** ECR reports the compressed size of the layers; a manifest without sizes counts its bytes. */
export function sizeOfManifest(manifest: string): number {
  try {
    const doc = JSON.parse(manifest) as { layers?: { size?: number }[] };
    if (Array.isArray(doc.layers)) return doc.layers.reduce((sum, layer) => sum + (Number(layer?.size) || 0), 0);
  } catch {
    // not JSON: ECR would refuse it at push; the control API may still store one
  }
  return Buffer.byteLength(manifest);
}

export function imageDetail(repo: RepositoryRecord, image: ImageRecord) {
  return {
    registryId: ACCOUNT_ID,
    repositoryName: repo.name,
    imageDigest: image.digest,
    ...(image.tags.length ? { imageTags: image.tags } : {}),
    imageSizeInBytes: image.sizeBytes,
    imagePushedAt: image.pushedAt / 1000,
    imageManifestMediaType: MANIFEST_V2,
    artifactMediaType: "application/vnd.docker.container.image.v1+json",
    imageScanStatus: { status: "COMPLETE", description: "The scan was completed successfully." },
    ...(image.lastPulledAt ? { lastRecordedPullTime: image.lastPulledAt / 1000 } : {}),
  };
}

/** A body already serialized: large DescribeImages pages are assembled from cached parts. */
export class RawJson {
  constructor(readonly text: string) {}
}

// Each image's detail JSON, kept until the image changes (tags move, a deploy pulls it): a
// page of 100 is then a string join, not 100 objects built and serialized per call.
const detailCache = new WeakMap<ImageRecord, { key: string; json: string }>();

export function imageDetailJson(repo: RepositoryRecord, image: ImageRecord): string {
  const key = `${repo.name}|${image.tags.join(",")}|${image.lastPulledAt ?? 0}|${image.sizeBytes}|${image.pushedAt}`;
  const cached = detailCache.get(image);
  if (cached?.key === key) return cached.json;
  const json = JSON.stringify(imageDetail(repo, image));
  detailCache.set(image, { key, json });
  return json;
}

export function findImage(repo: RepositoryRecord, id: ImageId): ImageRecord | undefined {
  return repo.images.find((image) => (!id.imageDigest || image.digest === id.imageDigest) && (!id.imageTag || image.tags.includes(id.imageTag)));
}

export function imageNotFound(repo: RepositoryRecord, id: ImageId): AwsError {
  return new AwsError(
    "ImageNotFoundException",
    `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${id.imageTag ?? "null"}'} does not exist within the repository with name '${repo.name}' in the registry with id '${ACCOUNT_ID}'`,
  );
}

export function byTagStatus(images: ImageRecord[], status: unknown): ImageRecord[] {
  if (status === "TAGGED") return images.filter((image) => image.tags.length > 0);
  if (status === "UNTAGGED") return images.filter((image) => image.tags.length === 0);
  return images;
}

const invalidToken = () => new AwsError("InvalidParameterException", "Invalid parameter at 'nextToken' failed to satisfy constraint: 'must be a valid token'");

/**
 * One page of `items`. The token is opaque to callers: the repository's identity and generation
 * and an offset. Images are only ever appended, so pushes during a walk never shift a page.
 */
export function pageOf<T>(items: T[], input: Record<string, unknown>, scope: string): { items: T[]; nextToken?: string } {
  const max = input.maxResults === undefined ? 100 : Number(input.maxResults);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new AwsError(
      "InvalidParameterException",
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000 and greater than or equal to 1'",
    );
  }
  let offset = 0;
  if (input.nextToken !== undefined) {
    if (typeof input.nextToken !== "string") throw invalidToken();
    const decoded = Buffer.from(input.nextToken, "base64url").toString();
    const cut = decoded.lastIndexOf("|");
    offset = Number(decoded.slice(cut + 1));
    if (cut < 0 || decoded.slice(0, cut) !== scope || !Number.isInteger(offset) || offset < 0) throw invalidToken();
  }
  const slice = items.slice(offset, offset + max);
  const end = offset + slice.length;
  return { items: slice, ...(end < items.length ? { nextToken: Buffer.from(`${scope}|${end}`).toString("base64url") } : {}) };
}

export function repositoryScope(repo: RepositoryRecord, extra = ""): string {
  return `${repo.name}:${repo.createdAt}:${repo.generation}:${extra}`;
}

/** Adds or re-tags an image; a tag moves from any other image (MUTABLE repositories). */
export function putImage(
  repo: RepositoryRecord,
  image: { digest?: string; tag?: string; manifest?: string; sizeBytes?: number; pushedAt?: number },
): ImageRecord {
  const manifest = image.manifest ?? "";
  const digest = image.digest ?? `sha256:${createHash("sha256").update(`${repo.name}:${image.tag}:${Date.now()}:${Math.random()}`).digest("hex")}`;
  if (image.tag) {
    for (const other of repo.images) {
      if (other.digest === digest || !other.tags.includes(image.tag)) continue;
      other.tags = other.tags.filter((t) => t !== image.tag);
      if (other.tags.length === 0) repo.generation++; // it moved from TAGGED to UNTAGGED
    }
  }
  let record = repo.images.find((existing) => existing.digest === digest);
  if (!record) {
    record = { digest, tags: [], sizeBytes: image.sizeBytes ?? 150_000_000, pushedAt: image.pushedAt ?? Date.now(), manifest };
    repo.images.push(record);
  } else if (record.tags.length === 0 && image.tag) {
    repo.generation++; // UNTAGGED to TAGGED
  }
  if (image.tag && !record.tags.includes(image.tag)) record.tags.push(image.tag);
  return record;
}
