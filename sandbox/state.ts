// The sandbox's whole world: JSON-serializable so it can be saved to and loaded from a file.

export const ACCOUNT_ID = "123456789012";
export const DEFAULT_REGION = "us-east-1";

export type ImageRecord = {
  digest: string;
  tags: string[];
  sizeBytes: number;
  pushedAt: number; // epoch milliseconds
  manifest: string;
  /** Set when a simulated deploy pulls the image (ECR's lastRecordedPullTime). */
  lastPulledAt?: number;
};

export type RepositoryRecord = {
  name: string;
  createdAt: number;
  /** Append-only in push order, so a pagination offset stays valid while images are pushed. */
  images: ImageRecord[];
  /**
   * Bumped when an existing image changes in a way that shifts offsets (a tag moving leaves an
   * image untagged, which moves it between tagStatus filters), so a stale nextToken is refused
   * instead of silently skipping images.
   */
  generation: number;
  imageTagMutability?: "MUTABLE" | "IMMUTABLE";
};

export type ApplicationRecord = { name: string; description?: string; createdAt: number; updatedAt: number };

export type VersionRecord = {
  application: string;
  label: string;
  description?: string;
  bucket: string;
  key: string;
  status: string;
  createdAt: number;
};

export type EnvironmentRecord = {
  id: string;
  name: string;
  application: string;
  versionLabel?: string;
  solutionStack: string;
  platformArn: string;
  status: string;
  health: string;
  healthStatus: string;
  cname: string;
  createdAt: number;
  updatedAt: number;
  /** The deploy in flight, if any: saved with the state so a restart can finish it. */
  pendingRequestId?: string;
  pendingLabel?: string;
};

export type EventRecord = {
  at: number;
  application: string;
  environment?: string;
  versionLabel?: string;
  requestId?: string;
  severity: string;
  message: string;
};

export type ObjectRecord = {
  body: string /* base64 */;
  etag: string;
  contentType: string;
  lastModified: number;
  /** The checksum the uploader sent (SDK v3 sends CRC32 by default), echoed back like S3. */
  checksum?: { algorithm: string; value: string };
};

export type BucketRecord = { name: string; createdAt: number; objects: Record<string, ObjectRecord> };

export type Outcome = { health: "Green" | "Red"; afterMs: number };

export type SandboxState = {
  repositories: Record<string, RepositoryRecord>;
  applications: Record<string, ApplicationRecord>;
  versions: VersionRecord[];
  environments: Record<string, EnvironmentRecord>;
  events: EventRecord[];
  buckets: Record<string, BucketRecord>;
  outcomes: Record<string, Outcome>;
  versionQuota: number;
};

/**
 * A name-keyed table with no prototype. Names come from callers (a bucket may be called
 * "toString", an application "constructor"), so a plain object would find Object.prototype's
 * members under them, and "__proto__" would replace the prototype instead of adding an entry.
 */
export function table<T>(entries: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

export function emptyState(): SandboxState {
  return {
    repositories: table(),
    applications: table(),
    versions: [],
    environments: table(),
    events: [],
    buckets: table(),
    outcomes: table(),
    versionQuota: 1000,
  };
}

/** A state read back from JSON (a saved file), with every table prototype-free again. */
export function reviveState(saved: Partial<SandboxState>): SandboxState {
  const state = { ...emptyState(), ...saved };
  const buckets = Object.values(saved.buckets ?? {}).map((bucket) => ({ ...bucket, objects: table(bucket.objects) }));
  return {
    ...state,
    repositories: table(state.repositories),
    applications: table(state.applications),
    environments: table(state.environments),
    buckets: table(Object.fromEntries(buckets.map((bucket) => [bucket.name, bucket]))),
    outcomes: table(state.outcomes),
  };
}

export const DOCKER_AL2023 = "64bit Amazon Linux 2023 v4.3.0 running Docker";
export const ECS_AL2 = "64bit Amazon Linux 2 v3.5.0 running ECS";

export function platformArnFor(stack: string, region = DEFAULT_REGION): string {
  const slug = stack.includes("ECS") ? "ECS running on 64bit Amazon Linux 2/3.5.0" : "Docker running on 64bit Amazon Linux 2023/4.3.0";
  return `arn:aws:elasticbeanstalk:${region}::platform/${slug}`;
}

export function isEcsPlatform(environment: EnvironmentRecord): boolean {
  return environment.solutionStack.includes("ECS");
}

export function ebBucketName(region = DEFAULT_REGION): string {
  return `elasticbeanstalk-${region}-${ACCOUNT_ID}`;
}

export function repositoryUri(name: string, region = DEFAULT_REGION): string {
  return `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${name}`;
}
