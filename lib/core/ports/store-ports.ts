import type { Actor } from "../actor";
import type { EbEnvironment, EbEvent, RegistryImage, RepositoryListing } from "./aws-ports";
import type {
  ApplicationRecord,
  ApplicationVersionRecord,
  AuditEntry,
  DeployEventInput,
  DeployPatch,
  DeployRecord,
  EnvironmentRecord,
  JobRequest,
  LockRecord,
  NewDeploy,
  TemplateRecord,
} from "./records";
import type { DeployStatus } from "./statuses";

// Persistence, implemented by lib/db/stores with Prisma (and in memory by test/engine-memory.ts).

export type DeployStore = {
  /** Inserts the deploy with its audit row and job in one transaction; the partial unique index turns a race into ENVIRONMENT_BUSY. */
  create(deploy: NewDeploy, audit: Omit<AuditEntry, "deployId">, job?: JobRequest | ((id: string) => JobRequest)): Promise<DeployRecord>;
  /**
   * Inserts an EXTERNAL deploy with its audit row, only if the environment's latest deploy is
   * still `latestId` (serialised per environment), so two pollers adopt a change once. Returns
   * null when something else was recorded first.
   */
  adopt(deploy: NewDeploy, audit: Omit<AuditEntry, "deployId">, latestId: string | null): Promise<DeployRecord | null>;
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
  saveApplications(
    applications: { name: string; description: string | null }[],
    defaultTemplate: (name: string) => Omit<TemplateRecord, "applicationName" | "revision">,
  ): Promise<string[]>;
  saveEnvironments(environments: EbEnvironment[], polledAt: Date): Promise<void>;
  /** One environment as the tracker just saw it, so pages show progress between polls. */
  saveEnvironmentState(environment: EbEnvironment, polledAt: Date): Promise<void>;
  saveEnvironmentEvents(events: (EbEvent & { environmentName: string })[]): Promise<void>;
  saveImages(listing: RepositoryListing, syncedAt: Date): Promise<void>;
  saveRepositoryError(repository: string, error: string, at: Date): Promise<void>;
  repositories(): Promise<string[]>;
  /** Whether the repository has been listed at least once (successfully or not). */
  hasSynced(repository: string): Promise<boolean>;
  /** Latest event time stored per environment, the cursor of the next poll. */
  lastEventAt(environment: string): Promise<Date | null>;
  image(repository: string, tag: string): Promise<RegistryImage | null>;
  previousImage(repository: string, before: Date): Promise<RegistryImage | null>;
  repositoryUri(repository: string): Promise<string | null>;
};
