import { randomUUID } from "node:crypto";
import { DplError } from "@/lib/core/errors";
import type {
  ApplicationRecord,
  ApplicationVersionRecord,
  AuditEntry,
  Deps,
  DeployRecord,
  EbEnvironment,
  EbEvent,
  EnvironmentRecord,
  JobRequest,
  LockRecord,
  RegistryImage,
  TemplateRecord,
} from "@/lib/core/ports";
import { activeStatuses, assertTransition } from "@/lib/core/deploys/state-machine";
import { defaultTemplate } from "@/lib/core/templates/default-template";

// In-memory ports for lib/core unit tests: the same contracts as the Prisma stores and AWS
// adapters, in plain maps. Integration tests use the real ones.

export type Memory = ReturnType<typeof memoryWorld>;

export function memoryWorld(start = new Date("2026-11-28T12:00:00Z")) {
  let now = start.getTime();
  const deploys = new Map<string, DeployRecord>();
  const audit: AuditEntry[] = [];
  const jobs: JobRequest[] = [];
  const locks: (LockRecord & { releasedAt: Date | null })[] = [];
  const applications = new Map<string, ApplicationRecord>();
  const environments = new Map<string, EnvironmentRecord>();
  const templates = new Map<string, TemplateRecord>();
  const versions = new Map<string, ApplicationVersionRecord>();
  const images: (RegistryImage & { repositoryUri: string })[] = [];
  const eb = new Map<string, EbEnvironment>();
  const ebEvents: EbEvent[] = [];
  const calls: string[] = [];
  const clock = { now: () => new Date(now) };
  const advance = (ms: number) => (now += ms);

  const deps: Deps = {
    clock,
    log: { info() {}, warn() {}, error() {} },
    events: { publish() {} },
    queue: { add: async (job) => void jobs.push(job) },
    config: {
      trackIntervalMs: 50,
      healthSettleMs: 0,
      staleAfterMs: 1_000,
      maxApplicationVersions: 100,
      defaultContainerPort: 8080,
      region: "us-east-1",
      publicUrl: "http://dpl.test",
    },
    audit: { record: async (entry) => void audit.push(entry) },
    deploys: {
      async create(input, entry, job) {
        if (
          input.status !== "SUCCEEDED" &&
          [...deploys.values()].some((d) => d.environmentName === input.environmentName && activeStatuses.includes(d.status))
        ) {
          const active = [...deploys.values()].find((d) => d.environmentName === input.environmentName && activeStatuses.includes(d.status));
          throw new DplError("ENVIRONMENT_BUSY", `${input.environmentName} is busy`, { deployId: active?.id });
        }
        const record = blankDeploy({ ...input, id: randomUUID(), createdAt: clock.now(), updatedAt: clock.now() });
        deploys.set(record.id, record);
        audit.push({ ...entry, deployId: record.id });
        if (job) jobs.push(typeof job === "function" ? job(record.id) : job);
        return record;
      },
      async adopt(input, entry, latestId) {
        const latest = [...deploys.values()]
          .filter((d) => d.environmentName === input.environmentName)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
        if ((latest?.id ?? null) !== latestId) return null;
        const record = blankDeploy({ ...input, id: randomUUID(), createdAt: clock.now(), updatedAt: clock.now() });
        deploys.set(record.id, record);
        audit.push({ ...entry, deployId: record.id });
        return record;
      },
      get: async (id) => deploys.get(id) ?? null,
      async update(id, change) {
        const d = deploys.get(id);
        if (!d || !change.from.includes(d.status)) return null;
        if (change.where && "updateIntentAt" in change.where && d.updateIntentAt?.getTime() !== change.where.updateIntentAt?.getTime()) return null;
        if (change.where && "ebRequestId" in change.where && d.ebRequestId !== change.where.ebRequestId) return null;
        if (change.to) assertTransition(d.status, change.to);
        const next = { ...d, ...change.patch, status: change.to ?? d.status, updatedAt: clock.now() };
        deploys.set(id, next);
        if (change.audit) audit.push({ ...change.audit, deployId: id });
        jobs.push(...(change.jobs ?? []));
        if (change.lock)
          locks.push({
            id: randomUUID(),
            environmentName: d.environmentName,
            reason: change.lock.reason,
            authorId: null,
            authorName: change.lock.author.name,
            createdAt: clock.now(),
            expiresAt: null,
            releasedAt: null,
          });
        return next;
      },
      appendEvents: async () => 0,
      listEvents: async () => [],
      active: async (env) => [...deploys.values()].find((d) => d.environmentName === env && activeStatuses.includes(d.status)) ?? null,
      listActive: async () => [...deploys.values()].filter((d) => activeStatuses.includes(d.status)),
      succeeded: async (env, limit) =>
        [...deploys.values()]
          .filter((d) => d.environmentName === env && d.status === "SUCCEEDED")
          .reverse()
          .slice(0, limit),
      latest: async (env) => [...deploys.values()].filter((d) => d.environmentName === env).pop() ?? null,
      byLabel: async (app, label) => [...deploys.values()].filter((d) => d.applicationName === app && d.versionLabel === label && d.bundle).pop() ?? null,
    },
    catalog: {
      application: async (name) => applications.get(name) ?? null,
      environment: async (name) => environments.get(name) ?? null,
      template: async (app) => templates.get(app) ?? null,
      version: async (app, label) => versions.get(`${app}/${label}`) ?? null,
      versionByHash: async (app, hash) => [...versions.values()].find((v) => v.applicationName === app && v.bundleHash === hash && !v.deletedAt) ?? null,
      saveVersion: async (v) => void versions.set(`${v.applicationName}/${v.versionLabel}`, { ...v, createdAt: clock.now(), deletedAt: null }),
      markVersionDeleted: async (app, label) => {
        const v = versions.get(`${app}/${label}`);
        if (v) v.deletedAt = clock.now();
      },
      listVersions: async (app) => [...versions.values()].filter((v) => v.applicationName === app && !v.deletedAt),
      recentSuccessfulLabels: async () => new Set<string>(),
    },
    locks: {
      open: async (env) => locks.find((l) => l.environmentName === env && !l.releasedAt) ?? null,
      async create(lock, entry) {
        const record = { ...lock, id: randomUUID(), createdAt: clock.now(), releasedAt: null };
        locks.push(record);
        audit.push(entry);
        return record;
      },
      async release(id, _by, entry) {
        const lock = locks.find((l) => l.id === id && !l.releasedAt);
        if (!lock) return false;
        lock.releasedAt = clock.now();
        audit.push(entry);
        return true;
      },
    },
    settings: {
      saveTemplate: async () => {
        throw new Error("not in memory");
      },
      updateApplication: async () => {},
      updateEnvironment: async () => {},
    },
    inventory: {
      saveApplications: async () => [],
      saveEnvironments: async () => {},
      saveEnvironmentState: async () => {},
      saveEnvironmentEvents: async () => {},
      saveImages: async () => {},
      saveRepositoryError: async () => {},
      repositories: async () => [],
      hasSynced: async () => true,
      lastEventAt: async () => null,
      image: async () => null,
      previousImage: async () => null,
      repositoryUri: async () => null,
    },
    aws: {
      registry: {
        async findImage(repository, ref) {
          calls.push("DescribeImages");
          return images.find((i) => i.repositoryName === repository && ("tag" in ref ? i.tags.includes(ref.tag) : i.digest === ref.digest)) ?? null;
        },
        listImages: async () => null,
      },
      bundles: { put: async () => void calls.push("PutObject") },
      beanstalk: {
        describeApplications: async () => [...applications.keys()].map((name) => ({ name, description: null })),
        async describeEnvironments(filter = {}) {
          calls.push("DescribeEnvironments");
          return [...eb.values()].filter((e) => !filter.names || filter.names.includes(e.name));
        },
        versionExists: async () => true,
        listVersions: async () => [],
        storageBucket: async () => "elasticbeanstalk-us-east-1-123456789012",
        createVersion: async () => void calls.push("CreateApplicationVersion"),
        deleteVersion: async () => {},
        async updateEnvironment(environment, label) {
          calls.push("UpdateEnvironment");
          const e = eb.get(environment);
          if (e) eb.set(environment, { ...e, status: "Updating" });
          void label;
          return { requestId: randomUUID() };
        },
        describeEvents: async ({ requestId }) => ebEvents.filter((e) => !requestId || e.requestId === requestId),
        abortEnvironmentUpdate: async () => void calls.push("AbortEnvironmentUpdate"),
      },
    },
  };

  /** The demo seed in miniature: one application, a dev and a protected prod environment, one image. */
  function seed() {
    applications.set("takumi-server", {
      name: "takumi-server",
      ecrRepository: "takumi-server",
      commitUrlTemplate: "https://github.com/acme/api/commit/{sha}",
      compareUrlTemplate: null,
      tagPattern: "^git_([0-9a-f]{7,40})$",
    });
    templates.set("takumi-server", { applicationName: "takumi-server", revision: 1, ...defaultTemplate() });
    for (const [name, isProtected] of [
      ["takumi-srv-dev", false],
      ["takumi-srv-prod", true],
    ] as const) {
      environments.set(name, {
        name,
        applicationName: "takumi-server",
        protected: isProtected,
        deployTimeoutSec: 1800,
        status: "Ready",
        health: "Green",
        versionLabel: "v0",
        solutionStack: "64bit Amazon Linux 2023 v4.3.0 running Docker",
        platformArn: null,
        goneAt: null,
      });
      eb.set(name, {
        name,
        applicationName: "takumi-server",
        id: name,
        status: "Ready",
        health: "Green",
        healthStatus: "Ok",
        versionLabel: "v0",
        solutionStack: "64bit Amazon Linux 2023 v4.3.0 running Docker",
        platformArn: null,
        cname: null,
        updatedAt: null,
      });
    }
    images.push({
      repositoryName: "takumi-server",
      digest: `sha256:${"c".repeat(64)}`,
      tags: ["git_cf7edb2"],
      sizeBytes: 1,
      pushedAt: clock.now(),
      repositoryUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server",
    });
  }

  return { deps, deploys, audit, jobs, locks, applications, environments, templates, versions, images, eb, ebEvents, calls, advance, seed };
}

function blankDeploy(
  input: Partial<DeployRecord> & Pick<DeployRecord, "id" | "kind" | "applicationName" | "environmentName" | "actorName" | "source" | "createdAt" | "updatedAt">,
): DeployRecord {
  const nulls = {
    imageTag: null,
    imageDigest: null,
    imageUri: null,
    imagePushedAt: null,
    commitSha: null,
    bundleHash: null,
    bundleFileName: null,
    bundle: null,
    versionLabel: null,
    s3Bucket: null,
    s3Key: null,
    templateRevision: null,
    previousVersionLabel: null,
    rollbackOfId: null,
    actorId: null,
    tokenId: null,
    reason: null,
    updateIntentAt: null,
    ebRequestId: null,
    eventsCursor: null,
    completedAt: null,
    cancelRequestedAt: null,
    errorCode: null,
    errorMessage: null,
    startedAt: null,
    finishedAt: null,
  };
  return { ...nulls, status: "PENDING", force: false, lockAfter: false, ...input } as DeployRecord;
}
