import { createHash } from "node:crypto";
import { ACCOUNT_ID, DOCKER_AL2023, ECS_AL2, ebBucketName, emptyState, platformArnFor, repositoryUri, type ImageRecord, type SandboxState } from "./state";

// The demo world of DESIGN.md: the article's takumi-server with dev, staging and prod (prod
// is the one to protect), a web app, and a workers app on the ECS multi-container platform.
// Deterministic (seeded PRNG) so tests can rely on it; times are relative to `now`.

const DAY = 86_400_000;

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function manifestFor(repository: string, tag: string): string {
  const layer = createHash("sha256").update(`${repository}/${tag}/layer`).digest("hex");
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: {
      mediaType: "application/vnd.docker.container.image.v1+json",
      size: 7023,
      digest: `sha256:${createHash("sha256").update(`${repository}/${tag}/config`).digest("hex")}`,
    },
    layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 32654, digest: `sha256:${layer}` }],
  });
}

export function digestOf(manifest: string): string {
  return `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
}

export function makeImage(repository: string, tag: string | undefined, pushedAt: number, sizeBytes: number): ImageRecord {
  const manifest = manifestFor(repository, tag ?? `untagged-${pushedAt}`);
  return { digest: digestOf(manifest), tags: tag ? [tag] : [], sizeBytes, pushedAt, manifest };
}

function shaFrom(random: () => number): string {
  return Array.from({ length: 7 }, () => Math.floor(random() * 16).toString(16)).join("");
}

/** Adds `count` images tagged git_<sha> to a repository, fast enough for 10,000. */
export function generateImages(state: SandboxState, repository: string, count: number, now = Date.now()): number {
  const repo = (state.repositories[repository] ??= { name: repository, createdAt: now - 400 * DAY, images: [], generation: 0 });
  const random = prng(count * 7919 + repo.images.length);
  const existing = new Set(repo.images.flatMap((image) => image.tags));
  for (let i = 0; i < count; i++) {
    let tag = `git_${shaFrom(random)}`;
    while (existing.has(tag)) tag = `git_${shaFrom(random)}`;
    existing.add(tag);
    const pushedAt = now - Math.floor(((count - i) / count) * 365 * DAY);
    const digest = `sha256:${createHash("sha256").update(`${repository}:${tag}`).digest("hex")}`;
    repo.images.push({ digest, tags: [tag], sizeBytes: 100_000_000 + Math.floor(random() * 300_000_000), pushedAt, manifest: "" });
  }
  repo.generation++;
  return repo.images.length;
}

function dockerrunV1(image: string): string {
  return JSON.stringify({ AWSEBDockerrunVersion: "1", Image: { Name: image, Update: "true" }, Ports: [{ ContainerPort: "8080" }] }, null, 2);
}

function dockerrunV2(image: string): string {
  return JSON.stringify({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: "worker", image, essential: true, memory: 512 }] }, null, 2);
}

type AppSeed = { name: string; images: number; environments: { name: string; runs: number; stack: string }[]; seed: number; v2?: boolean };

const apps: AppSeed[] = [
  {
    name: "takumi-server",
    images: 36,
    seed: 42,
    environments: [
      { name: "takumi-srv-dev", runs: 3, stack: DOCKER_AL2023 },
      { name: "takumi-srv-staging", runs: 5, stack: DOCKER_AL2023 },
      { name: "takumi-srv-prod", runs: 9, stack: DOCKER_AL2023 },
    ],
  },
  { name: "takumi-web", images: 14, seed: 7, environments: [{ name: "takumi-web-prod", runs: 2, stack: DOCKER_AL2023 }] },
  { name: "takumi-workers", images: 10, seed: 99, v2: true, environments: [{ name: "takumi-workers-dev", runs: 1, stack: ECS_AL2 }] },
];

/** The image every demo and test relies on: the article's `dpl deploy takumi-server git_cf7edb2 takumi-srv-dev`. */
export const ARTICLE_TAG = "git_cf7edb2";

export function demoState(now = Date.now()): SandboxState {
  const state = emptyState();
  const bucket = ebBucketName();
  state.buckets[bucket] = { name: bucket, createdAt: now - 500 * DAY, objects: {} };
  let envCounter = 0;
  for (const app of apps) {
    const random = prng(app.seed);
    const images: ImageRecord[] = [];
    // Newest first: index 0 was pushed an hour ago, older ones about a day apart.
    for (let i = 0; i < app.images; i++) {
      const tag = app.name === "takumi-server" && i === 1 ? ARTICLE_TAG : `git_${shaFrom(random)}`;
      const pushedAt = now - 3_600_000 - i * DAY - Math.floor(random() * 6 * 3_600_000);
      images.push(makeImage(app.name, tag, pushedAt, 120_000_000 + Math.floor(random() * 250_000_000)));
    }
    images.push(makeImage(app.name, undefined, now - (app.images + 2) * DAY, 90_000_000));
    state.repositories[app.name] = { name: app.name, createdAt: now - 400 * DAY, images, generation: 1 };
    state.applications[app.name] = { name: app.name, description: `${app.name} (demo)`, createdAt: now - 400 * DAY, updatedAt: now - DAY };
    for (const env of app.environments) {
      const image = images[env.runs];
      const label = `${image.tags[0]}-seed`;
      const key = `${app.name}/${label}.json`;
      const uri = `${repositoryUri(app.name)}:${image.tags[0]}`;
      const body = app.v2 ? dockerrunV2(uri) : dockerrunV1(uri);
      state.buckets[bucket].objects[key] = {
        body: Buffer.from(body).toString("base64"),
        etag: `"${createHash("md5").update(body).digest("hex")}"`,
        contentType: "application/json",
        lastModified: image.pushedAt + 3_600_000,
      };
      state.versions.push({ application: app.name, label, bucket, key, status: "PROCESSED", createdAt: image.pushedAt + 3_600_000 });
      envCounter++;
      const id = `e-${createHash("sha1").update(env.name).digest("hex").slice(0, 10)}`;
      state.environments[env.name] = {
        id,
        name: env.name,
        application: app.name,
        versionLabel: label,
        solutionStack: env.stack,
        platformArn: platformArnFor(env.stack),
        status: "Ready",
        health: "Green",
        healthStatus: "Ok",
        cname: `${env.name}.${"us-east-1"}.elasticbeanstalk.com`,
        createdAt: now - 300 * DAY + envCounter,
        updatedAt: image.pushedAt + 3_600_000,
      };
      state.events.push({
        at: image.pushedAt + 3_600_000,
        application: app.name,
        environment: env.name,
        versionLabel: label,
        severity: "INFO",
        message: "Environment update completed successfully.",
      });
    }
  }
  return state;
}

export { ACCOUNT_ID };
