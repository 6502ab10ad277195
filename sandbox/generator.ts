import { createHash } from "node:crypto";
import { digestOf, MANIFEST_V2 } from "./ecr-images";
import type { ImageRecord, SandboxState } from "./state";

// Deterministic images for the demo seed and for benchmarks: a seeded PRNG, so the same call
// gives the same tags and digests; only push times are relative to `now`.

export const DAY = 86_400_000;

/** mulberry32: tiny, fast, good enough to scatter demo data. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shaFrom(random: () => number): string {
  return Array.from({ length: 7 }, () => Math.floor(random() * 16).toString(16)).join("");
}

const hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** A Docker v2 manifest whose layer sizes add up to `sizeBytes`, as ECR reports them. */
export function manifestFor(repository: string, tag: string, sizeBytes: number): string {
  const base = Math.floor(sizeBytes * 0.7);
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_V2,
    config: { mediaType: "application/vnd.docker.container.image.v1+json", size: 7023, digest: `sha256:${hex(`${repository}/${tag}/config`)}` },
    layers: [
      { mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: base, digest: `sha256:${hex(`${repository}/base`)}` },
      { mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: sizeBytes - base, digest: `sha256:${hex(`${repository}/${tag}/app`)}` },
    ],
  });
}

export function makeImage(repository: string, tag: string | undefined, pushedAt: number, sizeBytes: number, untaggedName = "untagged"): ImageRecord {
  const manifest = manifestFor(repository, tag ?? untaggedName, sizeBytes);
  return { digest: digestOf(manifest), tags: tag ? [tag] : [], sizeBytes, pushedAt, manifest };
}

/**
 * Appends `count` images tagged git_<sha> to a repository (created if missing), spread over the
 * past year, oldest first. 10,000 take a few tens of milliseconds: no manifest is kept (ECR's
 * BatchGetImage gets a minimal one). Returns the repository's image count.
 */
export function generateImages(state: SandboxState, repository: string, count: number, now = Date.now()): number {
  const repo = (state.repositories[repository] ??= { name: repository, createdAt: now - 400 * DAY, images: [], generation: 0 });
  const random = prng(count * 7919 + repo.images.length);
  const existing = new Set(repo.images.flatMap((image) => image.tags));
  for (let i = 0; i < count; i++) {
    let tag = `git_${shaFrom(random)}`;
    while (existing.has(tag)) tag = `git_${shaFrom(random)}`;
    existing.add(tag);
    const pushedAt = now - Math.floor(((count - i) / count) * 365 * DAY);
    repo.images.push({
      digest: `sha256:${hex(`${repository}:${tag}`)}`,
      tags: [tag],
      sizeBytes: 100_000_000 + Math.floor(random() * 300_000_000),
      pushedAt,
      manifest: "",
    });
  }
  return repo.images.length;
}
