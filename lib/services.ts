import pino from "pino";
import { config, publicUrl } from "@/lib/config";
import { createAwsPorts } from "@/lib/aws";
import type { Actor } from "@/lib/core/actor";
import { cancelDeploy, type CancelDeployInput } from "@/lib/core/deploys/cancel-deploy";
import { deleteOldVersions } from "@/lib/core/deploys/delete-old-versions";
import { getDeploy } from "@/lib/core/deploys/get-deploy";
import { performUpdate } from "@/lib/core/deploys/perform-update";
import { previewDeploy } from "@/lib/core/deploys/preview-deploy";
import { reconcileDeploys } from "@/lib/core/deploys/reconcile-deploys";
import { registerDeploy, type BundleHint } from "@/lib/core/deploys/register-deploy";
import { rollback, type RollbackInput } from "@/lib/core/deploys/rollback";
import { startDeploy, type StartDeployInput } from "@/lib/core/deploys/start-deploy";
import { trackDeploy } from "@/lib/core/deploys/track-deploy";
import { lockEnvironment, type LockEnvironmentInput } from "@/lib/core/environments/lock-environment";
import { unlockEnvironment, type UnlockEnvironmentInput } from "@/lib/core/environments/unlock-environment";
import { pollEnvironments } from "@/lib/core/inventory/poll-environments";
import { listImagesIfNeverListed, pollImages } from "@/lib/core/inventory/poll-images";
import { refreshInventory } from "@/lib/core/inventory/refresh-inventory";
import type { Deps, DomainEvent, Logger } from "@/lib/core/ports";
import { updateApplicationSettings, type UpdateApplicationSettingsInput } from "@/lib/core/settings/update-application-settings";
import { updateEnvironmentSettings, type UpdateEnvironmentSettingsInput } from "@/lib/core/settings/update-environment-settings";
import { previewTemplate, type TemplateInput } from "@/lib/core/templates/preview-template";
import { saveTemplate } from "@/lib/core/templates/save-template";
import { createAuditStore } from "@/lib/db/stores/audit-store";
import { createCatalogStore } from "@/lib/db/stores/catalog-store";
import { createDeployStore } from "@/lib/db/stores/deploy-store";
import { createInventoryStore } from "@/lib/db/stores/inventory-store";
import { createLockStore } from "@/lib/db/stores/lock-store";
import { createQueue } from "@/lib/db/stores/queue";
import { createSettingsStore } from "@/lib/db/stores/settings-store";

// The composition root: the real ports are built once from configuration; pages, actions,
// route handlers, jobs and tests get their use cases from here.

type Subscriber = (event: DomainEvent) => void | Promise<void>;

export type EventBus = { subscribe(fn: Subscriber): () => void; publish(event: DomainEvent): void };

function createEventBus(log: Logger): EventBus {
  const subscribers = new Set<Subscriber>();
  return {
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    // Called after commit. A slow or failing subscriber (a webhook, issue 8) never fails or delays the use case.
    publish(event) {
      for (const fn of subscribers) {
        Promise.resolve()
          .then(() => fn(event))
          .catch((error: unknown) => log.warn("domain event subscriber failed", { type: event.type, error: (error as Error).message }));
      }
    },
  };
}

function createLogger(): Logger {
  const logger = pino({ level: config().LOG_LEVEL, base: { service: "dpl" } });
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

export function createDeps(overrides: Partial<Deps> = {}): Deps {
  const c = config();
  const log = overrides.log ?? createLogger();
  return {
    clock: { now: () => new Date() },
    aws: createAwsPorts({
      region: c.AWS_REGION,
      endpoint: c.AWS_ENDPOINT_URL,
      connectTimeoutMs: c.DPL_AWS_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: c.DPL_AWS_REQUEST_TIMEOUT_MS,
      maxAttempts: c.DPL_AWS_MAX_ATTEMPTS,
    }),
    deploys: createDeployStore(),
    catalog: createCatalogStore(),
    locks: createLockStore(),
    audit: createAuditStore(),
    settings: createSettingsStore(),
    inventory: createInventoryStore(),
    queue: createQueue(),
    events: createEventBus(log),
    log,
    config: {
      trackIntervalMs: c.DPL_TRACK_INTERVAL_MS,
      healthSettleMs: c.DPL_HEALTH_SETTLE_MS,
      staleAfterMs: c.DPL_STALE_AFTER_MS,
      maxApplicationVersions: c.DPL_MAX_APPLICATION_VERSIONS,
      defaultContainerPort: c.DPL_DEFAULT_CONTAINER_PORT,
      region: c.AWS_REGION,
      publicUrl: publicUrl(),
    },
    ...overrides,
  };
}

export function createServices(deps: Deps = createDeps()) {
  const bus = deps.events as EventBus;
  return {
    deps,
    events: { subscribe: (fn: Subscriber) => bus.subscribe(fn) },
    startDeploy: (actor: Actor, input: StartDeployInput) => startDeploy(deps, actor, input),
    rollback: (actor: Actor, input: RollbackInput) => rollback(deps, actor, input),
    cancelDeploy: (actor: Actor, input: CancelDeployInput) => cancelDeploy(deps, actor, input),
    lockEnvironment: (actor: Actor, input: LockEnvironmentInput) => lockEnvironment(deps, actor, input),
    unlockEnvironment: (actor: Actor, input: UnlockEnvironmentInput) => unlockEnvironment(deps, actor, input),
    refreshInventory: (actor: Actor, input: { application?: string } = {}) => refreshInventory(deps, actor, input),
    previewDeploy: (actor: Actor, input: { environment: string; tag: string }) => previewDeploy(deps, actor, input),
    previewTemplate: (actor: Actor, input: TemplateInput) => previewTemplate(deps, actor, input),
    saveTemplate: (actor: Actor, input: TemplateInput) => saveTemplate(deps, actor, input),
    updateApplicationSettings: (actor: Actor, input: UpdateApplicationSettingsInput) => updateApplicationSettings(deps, actor, input),
    updateEnvironmentSettings: (actor: Actor, input: UpdateEnvironmentSettingsInput) => updateEnvironmentSettings(deps, actor, input),
    getDeploy: (actor: Actor, id: string) => getDeploy(deps, actor, id),
    listImagesIfNeverListed: (repository: string) => listImagesIfNeverListed(deps, repository),
    /** The worker's steps (lib/jobs): each is one short, idempotent job. */
    jobs: {
      register: (deployId: string, hint?: BundleHint) => registerDeploy(deps, deployId, hint),
      update: async (deployId: string) => {
        const deploy = await deps.deploys.get(deployId);
        if (deploy?.status === "UPDATING" && !deploy.updateIntentAt) await performUpdate(deps, deploy);
        else if (deploy && (deploy.status === "PENDING" || deploy.status === "REGISTERING")) await registerDeploy(deps, deployId);
      },
      track: (deployId: string) => trackDeploy(deps, deployId),
      reconcile: () => reconcileDeploys(deps),
      pollEnvironments: () => pollEnvironments(deps),
      pollImages: () => pollImages(deps),
      hygiene: async () => {
        const applications = new Set((await deps.aws.beanstalk.describeApplications()).map((a) => a.name));
        for (const application of applications) await deleteOldVersions(deps, application);
      },
    },
  };
}

export type Services = ReturnType<typeof createServices>;

const globalForServices = globalThis as unknown as { dplServices?: Services };

/** The process's services, built once (kept on globalThis so Next's dev reloads reuse them). */
export function services(): Services {
  globalForServices.dplServices ??= createServices();
  return globalForServices.dplServices;
}

/** Tests change configuration between files; production code never calls this. */
export function resetServicesForTests(): void {
  delete globalForServices.dplServices;
}
