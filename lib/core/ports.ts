import type { Actor, Source } from "./actor";

// What lib/core needs from the outside world. Prisma stores (lib/db/stores), AWS adapters
// (lib/aws) and the clock implement these; unit tests pass in-memory versions.

export type Clock = { now(): Date };

export type DeployKind = "DEPLOY" | "ROLLBACK" | "EXTERNAL";
export type DeployStatus = "PENDING" | "REGISTERING" | "UPDATING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
export type TemplateFormat = "DOCKERRUN_V1" | "DOCKERRUN_V2" | "COMPOSE";
export type AuditOutcome = "SUCCESS" | "REFUSED" | "DENIED" | "FAILURE";

// ---- AWS ----

export type RegistryImage = {
  repositoryName: string;
  digest: string;
  tags: string[];
  sizeBytes: number;
  pushedAt: Date;
  mediaType?: string | null;
};

export type RepositoryListing = { repositoryName: string; registryId: string; repositoryUri: string; images: RegistryImage[] };

export type Registry = {
  /** The image a tag names, or null when the tag (or the repository) does not exist. */
  findImage(repository: string, ref: { tag: string } | { digest: string }): Promise<(RegistryImage & { repositoryUri: string }) | null>;
  /** Every image of a repository (DescribeImages, maxResults 1000: the fewest calls). */
  listImages(repository: string): Promise<RepositoryListing | null>;
};

export type EbEnvironment = {
  name: string;
  applicationName: string;
  id: string | null;
  status: string | null;
  health: string | null;
  healthStatus: string | null;
  versionLabel: string | null;
  solutionStack: string | null;
  platformArn: string | null;
  cname: string | null;
  updatedAt: Date | null;
};

export type EbEvent = {
  at: Date;
  severity: string;
  message: string;
  requestId: string | null;
  environmentName: string | null;
  versionLabel: string | null;
};

export type Beanstalk = {
  describeApplications(): Promise<{ name: string; description: string | null }[]>;
  /** All environments (one call), optionally narrowed to some names. */
  describeEnvironments(filter?: { names?: string[]; applicationName?: string }): Promise<EbEnvironment[]>;
  versionExists(application: string, label: string): Promise<boolean>;
  listVersions(application: string): Promise<{ label: string; createdAt: Date | null }[]>;
  /** CreateStorageLocation: the account's EB bucket (idempotent). */
  storageBucket(): Promise<string>;
  /** "already exists" counts as success: a retry after a lost response must not fail. */
  createVersion(input: { application: string; label: string; bucket: string; key: string; description: string }): Promise<void>;
  deleteVersion(application: string, label: string): Promise<void>;
  updateEnvironment(environment: string, label: string): Promise<{ requestId: string }>;
  /** Oldest first. */
  describeEvents(input: { environmentName?: string; requestId?: string; startTime?: Date }): Promise<EbEvent[]>;
  abortEnvironmentUpdate(environment: string): Promise<void>;
};

export type BundleStore = {
  put(input: { bucket: string; key: string; bytes: Uint8Array; contentType: string }): Promise<void>;
};

export type AwsPorts = { registry: Registry; beanstalk: Beanstalk; bundles: BundleStore };

// ---- records ----

export type ApplicationRecord = {
  name: string;
  ecrRepository: string | null;
  commitUrlTemplate: string | null;
  compareUrlTemplate: string | null;
  tagPattern: string;
};

export type EnvironmentRecord = {
  name: string;
  applicationName: string;
  protected: boolean;
  deployTimeoutSec: number;
  status: string | null;
  health: string | null;
  versionLabel: string | null;
  solutionStack: string | null;
  platformArn: string | null;
  goneAt: Date | null;
};

export type TemplateRecord = {
  applicationName: string;
  revision: number;
  format: TemplateFormat;
  body: string;
  files: Record<string, string>;
};

export type LockRecord = {
  id: string;
  environmentName: string;
  reason: string;
  authorId: string | null;
  authorName: string;
  createdAt: Date;
  expiresAt: Date | null;
};

export type DeployRecord = {
  id: string;
  kind: DeployKind;
  status: DeployStatus;
  applicationName: string;
  environmentName: string;
  imageTag: string | null;
  imageDigest: string | null;
  imageUri: string | null;
  imagePushedAt: Date | null;
  commitSha: string | null;
  bundleHash: string | null;
  bundleFileName: string | null;
  bundle: Uint8Array | null;
  versionLabel: string | null;
  s3Bucket: string | null;
  s3Key: string | null;
  templateRevision: number | null;
  previousVersionLabel: string | null;
  rollbackOfId: string | null;
  actorId: string | null;
  actorName: string;
  tokenId: string | null;
  source: Source;
  reason: string | null;
  force: boolean;
  lockAfter: boolean;
  updateIntentAt: Date | null;
  ebRequestId: string | null;
  eventsCursor: Date | null;
  completedAt: Date | null;
  cancelRequestedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
};

export type NewDeploy = Pick<DeployRecord, "kind" | "applicationName" | "environmentName" | "actorName" | "source"> &
  Partial<Omit<DeployRecord, "id" | "status" | "createdAt" | "updatedAt">> & { status?: DeployStatus };

export type DeployPatch = Partial<Omit<DeployRecord, "id" | "createdAt" | "updatedAt" | "status">>;

export type DeployEventInput = { at: Date; severity: string; message: string; source?: string; requestId?: string | null };

export type AuditEntry = {
  actor: Actor;
  source?: Source;
  action: string;
  targetType: string;
  target: string;
  applicationName?: string | null;
  environmentName?: string | null;
  deployId?: string | null;
  outcome: AuditOutcome;
  code?: string | null;
  message?: string | null;
  details?: Record<string, unknown>;
};

export type JobName = "register" | "update" | "track" | "reconcile" | "poll-inventory" | "hygiene";
export type JobRequest = {
  task: JobName;
  payload: Record<string, unknown>;
  runAt?: Date;
  jobKey?: string;
  /** "preserve_run_at": a recurring job already waiting keeps its time (replicas do not multiply it). */
  jobKeyMode?: "replace" | "preserve_run_at";
  maxAttempts?: number;
};

export type ApplicationVersionRecord = {
  applicationName: string;
  versionLabel: string;
  bundleHash: string | null;
  s3Bucket: string | null;
  s3Key: string | null;
  createdByDpl: boolean;
  createdAt: Date;
  deletedAt: Date | null;
};

// ---- stores ----

export type DeployStore = {
  /** Inserts the deploy with its audit row and job in one transaction; the partial unique index turns a race into ENVIRONMENT_BUSY. */
  create(deploy: NewDeploy, audit: Omit<AuditEntry, "deployId">, job?: JobRequest | ((id: string) => JobRequest)): Promise<DeployRecord>;
  get(id: string): Promise<DeployRecord | null>;
  /**
   * Compare-and-set: applies the change only when the deploy is still in one of `from` (and
   * matches `where`), with its audit row and follow-up job in the same transaction. Returns
   * null when another worker got there first.
   */
  update(
    id: string,
    change: {
      from: DeployStatus[];
      to?: DeployStatus;
      patch?: DeployPatch;
      where?: { updateIntentAt?: Date | null; ebRequestId?: string | null };
      audit?: AuditEntry;
      jobs?: JobRequest[];
      lock?: { reason: string; author: Actor } | null;
    },
  ): Promise<DeployRecord | null>;
  appendEvents(id: string, events: DeployEventInput[]): Promise<number>;
  listEvents(id: string): Promise<{ at: Date; severity: string; message: string; requestId: string | null }[]>;
  active(environment: string): Promise<DeployRecord | null>;
  listActive(): Promise<DeployRecord[]>;
  /** Newest SUCCEEDED deploys of an environment, newest first. */
  succeeded(environment: string, limit: number): Promise<DeployRecord[]>;
  latest(environment: string): Promise<DeployRecord | null>;
  /** The newest deploy whose version label is this one (any status), for adoption and rollback re-creation. */
  byLabel(application: string, label: string): Promise<DeployRecord | null>;
};

export type CatalogStore = {
  application(name: string): Promise<ApplicationRecord | null>;
  environment(name: string): Promise<EnvironmentRecord | null>;
  template(application: string): Promise<TemplateRecord | null>;
  version(application: string, label: string): Promise<ApplicationVersionRecord | null>;
  versionByHash(application: string, hash: string): Promise<ApplicationVersionRecord | null>;
  saveVersion(version: Omit<ApplicationVersionRecord, "createdAt" | "deletedAt">): Promise<void>;
  markVersionDeleted(application: string, label: string): Promise<void>;
  /** dpl-created, not deleted, oldest first. */
  listVersions(application: string): Promise<ApplicationVersionRecord[]>;
  /** Version labels of the last `n` SUCCEEDED deploys of every environment of the application. */
  recentSuccessfulLabels(application: string, n: number): Promise<Set<string>>;
};

export type LockStore = {
  /** The open lock, if any (expired ones included: the caller decides with the clock). */
  open(environment: string): Promise<LockRecord | null>;
  create(lock: Omit<LockRecord, "id" | "createdAt">, audit: AuditEntry): Promise<LockRecord>;
  release(id: string, releasedByName: string, audit: AuditEntry): Promise<boolean>;
};

export type AuditStore = { record(entry: AuditEntry): Promise<void> };

export type SettingsStore = {
  saveTemplate(template: Omit<TemplateRecord, "revision"> & { message: string | null; author: Actor }, audit: AuditEntry): Promise<TemplateRecord>;
  updateApplication(name: string, patch: Partial<Omit<ApplicationRecord, "name">>, audit: AuditEntry): Promise<void>;
  updateEnvironment(name: string, patch: { protected?: boolean; deployTimeoutSec?: number }, audit: AuditEntry): Promise<void>;
};

export type InventoryStore = {
  /** Upserts what EB reported; returns the names of applications seen for the first time. */
  saveApplications(applications: { name: string; description: string | null }[], defaultTemplate: (name: string) => Omit<TemplateRecord, "applicationName" | "revision">): Promise<string[]>;
  saveEnvironments(environments: EbEnvironment[], polledAt: Date): Promise<void>;
  /** One environment as the tracker just saw it, so pages show progress between polls. */
  saveEnvironmentState(environment: EbEnvironment, polledAt: Date): Promise<void>;
  saveEnvironmentEvents(events: (EbEvent & { environmentName: string })[]): Promise<void>;
  saveImages(listing: RepositoryListing, syncedAt: Date): Promise<void>;
  saveRepositoryError(repository: string, error: string, at: Date): Promise<void>;
  repositories(): Promise<string[]>;
  /** Latest event time stored per environment, the cursor of the next poll. */
  lastEventAt(environment: string): Promise<Date | null>;
  image(repository: string, tag: string): Promise<RegistryImage | null>;
  previousImage(repository: string, before: Date): Promise<RegistryImage | null>;
  repositoryUri(repository: string): Promise<string | null>;
};

export type Queue = { add(job: JobRequest): Promise<void> };

export type DomainEventType =
  | "deploy.started"
  | "deploy.succeeded"
  | "deploy.failed"
  | "deploy.cancelled"
  | "deploy.rolled_back"
  | "environment.locked"
  | "environment.unlocked";

export type DomainEvent = {
  type: DomainEventType;
  deployId?: string;
  environment: string;
  application: string;
  actorName?: string;
  imageTag?: string | null;
  status?: DeployStatus;
  errorCode?: string | null;
  errorMessage?: string | null;
  reason?: string | null;
  at: Date;
};

/** Called after commit; notifications and metrics (issue 8) subscribe. A failing subscriber never fails the use case. */
export type DomainEvents = { publish(event: DomainEvent): void };

export type Logger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

export type Settings = {
  trackIntervalMs: number;
  healthSettleMs: number;
  staleAfterMs: number;
  maxApplicationVersions: number;
  region: string;
  publicUrl: string;
};

export type Deps = {
  clock: Clock;
  aws: AwsPorts;
  deploys: DeployStore;
  catalog: CatalogStore;
  locks: LockStore;
  audit: AuditStore;
  settings: SettingsStore;
  inventory: InventoryStore;
  queue: Queue;
  events: DomainEvents;
  log: Logger;
  config: Settings;
};
