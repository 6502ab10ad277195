import { createHash } from "node:crypto";
import { DAY, makeImage, prng, shaFrom } from "./generator";
import { DOCKER_AL2023, ECS_AL2, ebBucketName, emptyState, platformArnFor, repositoryUri, table, type ImageRecord, type SandboxState } from "./state";

// The demo world of DESIGN.md: the article's takumi-server with dev, staging and prod (prod
// is the one dpl protects), a web app, and a workers app on the ECS multi-container platform.
// Deterministic (seeded PRNG) so tests can rely on it; times are relative to `now`.

/** The image every demo and test relies on: the article's `dpl deploy takumi-server git_cf7edb2 takumi-srv-dev`. */
export const ARTICLE_TAG = "git_cf7edb2";
const HOUR = 3_600_000;

type EnvSeed = { name: string; stack: string; /** indexes into the app's images, newest first: running, then older deploys */ history: number[] };
type AppSeed = { name: string; images: number; seed: number; v2?: boolean; environments: EnvSeed[] };

const apps: AppSeed[] = [
  {
    name: "takumi-server",
    images: 36,
    seed: 42,
    environments: [
      { name: "takumi-srv-dev", stack: DOCKER_AL2023, history: [3, 4, 6] },
      { name: "takumi-srv-staging", stack: DOCKER_AL2023, history: [5, 8, 12] },
      { name: "takumi-srv-prod", stack: DOCKER_AL2023, history: [9, 12, 17] },
    ],
  },
  { name: "takumi-web", images: 14, seed: 7, environments: [{ name: "takumi-web-prod", stack: DOCKER_AL2023, history: [2, 5] }] },
  { name: "takumi-workers", images: 10, seed: 99, v2: true, environments: [{ name: "takumi-workers-dev", stack: ECS_AL2, history: [1, 3] }] },
];

export function dockerrunV1(image: string): string {
  return JSON.stringify({ AWSEBDockerrunVersion: "1", Image: { Name: image, Update: "true" }, Ports: [{ ContainerPort: "8080" }] }, null, 2);
}

export function dockerrunV2(image: string): string {
  return JSON.stringify({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: "worker", image, essential: true, memory: 512 }] }, null, 2);
}

function seedImages(app: AppSeed, now: number): ImageRecord[] {
  const random = prng(app.seed);
  const images: ImageRecord[] = [];
  // Newest first: index 0 was pushed an hour ago, older ones about a day apart.
  for (let i = 0; i < app.images; i++) {
    const tag = app.name === "takumi-server" && i === 1 ? ARTICLE_TAG : `git_${shaFrom(random)}`;
    const pushedAt = now - HOUR - i * DAY - Math.floor(random() * 6 * HOUR);
    images.push(makeImage(app.name, tag, pushedAt, 120_000_000 + Math.floor(random() * 250_000_000)));
  }
  // One untagged image (a tag that moved on), as real repositories have.
  images.push(makeImage(app.name, undefined, now - (app.images + 2) * DAY, 90_000_000, `${app.name}-untagged`));
  return images;
}

export function demoState(now = Date.now()): SandboxState {
  const state = emptyState();
  const bucket = ebBucketName();
  state.buckets[bucket] = { name: bucket, createdAt: now - 500 * DAY, objects: table() };
  for (const app of apps) {
    const images = seedImages(app, now);
    // ECR lists in push order (oldest first), like a repository that grew over time.
    state.repositories[app.name] = { name: app.name, createdAt: now - 400 * DAY, images: [...images].reverse(), generation: 0 };
    state.applications[app.name] = { name: app.name, description: `${app.name} (demo)`, createdAt: now - 400 * DAY, updatedAt: now - DAY };
    for (const env of app.environments) {
      let running = "";
      // Oldest deploy first, so the running version is the last one applied.
      for (const index of [...env.history].reverse()) {
        const image = images[index];
        const body = (app.v2 ? dockerrunV2 : dockerrunV1)(`${repositoryUri(app.name)}:${image.tags[0]}`);
        const label = `${image.tags[0]}-${createHash("sha256").update(body).digest("hex").slice(0, 12)}`;
        const key = `${app.name}/${label}.json`;
        const deployedAt = image.pushedAt + HOUR;
        if (!state.versions.some((v) => v.application === app.name && v.label === label)) {
          state.buckets[bucket].objects[key] = {
            body: Buffer.from(body).toString("base64"),
            etag: `"${createHash("md5").update(body).digest("hex")}"`,
            contentType: "application/json",
            lastModified: Math.floor(deployedAt / 1000) * 1000,
          };
          state.versions.push({ application: app.name, label, bucket, key, status: "UNPROCESSED", createdAt: deployedAt - 60_000 });
        }
        const requestId = createHash("sha1")
          .update(`${env.name}/${label}`)
          .digest("hex")
          .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, "$1-$2-$3-$4-$5");
        const event = (at: number, message: string) =>
          state.events.push({ at, application: app.name, environment: env.name, versionLabel: label, requestId, severity: "INFO", message });
        event(deployedAt, "Environment update is starting.");
        event(deployedAt + 20_000, "Deploying new version to instance(s).");
        event(deployedAt + 50_000, "Instance deployment completed successfully.");
        event(deployedAt + 60_000, "New application version was deployed to running EC2 instances.");
        event(deployedAt + 70_000, "Environment update completed successfully.");
        running = label;
      }
      const updatedAt = images[env.history[0]].pushedAt + HOUR + 70_000;
      state.environments[env.name] = {
        id: `e-${createHash("sha1").update(env.name).digest("hex").slice(0, 10)}`,
        name: env.name,
        application: app.name,
        versionLabel: running,
        solutionStack: env.stack,
        platformArn: platformArnFor(env.stack),
        status: "Ready",
        health: "Green",
        healthStatus: "Ok",
        cname: `${env.name}.us-east-1.elasticbeanstalk.com`,
        createdAt: now - 300 * DAY,
        updatedAt,
      };
    }
  }
  state.events.sort((a, b) => a.at - b.at);
  state.versions.sort((a, b) => a.createdAt - b.createdAt);
  return state;
}
