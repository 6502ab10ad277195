// What lib/core needs from the outside world. Prisma stores (lib/db/stores), AWS adapters
// (lib/aws) and the clock implement these; unit tests pass in-memory versions
// (test/engine-memory.ts). The port types live in ./ports/, re-exported here.

import type { AwsPorts } from "./ports/aws-ports";
import type { JobRequest } from "./ports/records";
import type { DeployStatus } from "./ports/statuses";
import type { AuditStore, CatalogStore, DeployStore, InventoryStore, LockStore, SettingsStore } from "./ports/store-ports";

export * from "./ports/aws-ports";
export * from "./ports/records";
export * from "./ports/statuses";
export * from "./ports/store-ports";

export type Clock = { now(): Date };

export type Queue = { add(job: JobRequest): Promise<void> };

export type DomainEventType =
  "deploy.started" | "deploy.succeeded" | "deploy.failed" | "deploy.cancelled" | "deploy.rolled_back" | "environment.locked" | "environment.unlocked";

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
  defaultContainerPort: number;
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
