import "server-only";
import { db } from "@/lib/db/client";

// What the overview and the environment page show of each environment: EB's state as the
// poller last saw it, plus dpl's own view (what is running, what is deploying, the lock).

export const activeStatuses = ["PENDING", "REGISTERING", "UPDATING"] as const;

export type RunningDeploy = {
  id: string;
  kind: "DEPLOY" | "ROLLBACK" | "EXTERNAL";
  imageTag: string | null;
  imageDigest: string | null;
  commitSha: string | null;
  versionLabel: string | null;
  actorName: string;
  finishedAt: Date | null;
  createdAt: Date;
};

export type ActiveDeploy = {
  id: string;
  kind: "DEPLOY" | "ROLLBACK" | "EXTERNAL";
  status: "PENDING" | "REGISTERING" | "UPDATING";
  imageTag: string | null;
  actorName: string;
  createdAt: Date;
};

export type OpenLock = { id: string; reason: string; authorName: string; authorId: string | null; createdAt: Date; expiresAt: Date | null };

export type EnvironmentSummary = {
  name: string;
  applicationName: string;
  protected: boolean;
  status: string | null;
  health: string | null;
  healthStatus: string | null;
  versionLabel: string | null;
  solutionStack: string | null;
  cname: string | null;
  polledAt: Date | null;
  running: RunningDeploy | null;
  active: ActiveDeploy | null;
  lock: OpenLock | null;
};

const environmentSelect = {
  name: true,
  applicationName: true,
  protected: true,
  status: true,
  health: true,
  healthStatus: true,
  versionLabel: true,
  solutionStack: true,
  cname: true,
  polledAt: true,
} as const;

const runningSelect = {
  id: true,
  kind: true,
  imageTag: true,
  imageDigest: true,
  commitSha: true,
  versionLabel: true,
  actorName: true,
  finishedAt: true,
  createdAt: true,
  environmentName: true,
} as const;

/** Environments (optionally of one application, or by name) with what runs, what deploys and the lock. */
export async function listEnvironmentSummaries(filter: { applicationName?: string; names?: string[] } = {}): Promise<EnvironmentSummary[]> {
  const environments = await db().environment.findMany({
    where: { goneAt: null, applicationName: filter.applicationName, name: filter.names ? { in: filter.names } : undefined },
    select: environmentSelect,
    orderBy: [{ applicationName: "asc" }, { name: "asc" }],
  });
  if (environments.length === 0) return [];
  const names = environments.map((environment) => environment.name);
  const now = new Date();
  const [running, active, locks] = await Promise.all([
    // The running image: the newest deploy that ended SUCCEEDED (EXTERNAL adoptions end SUCCEEDED too).
    Promise.all(
      names.map((name) =>
        db().deploy.findFirst({
          where: { environmentName: name, status: "SUCCEEDED" },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: runningSelect,
        }),
      ),
    ),
    db().deploy.findMany({
      where: { environmentName: { in: names }, status: { in: [...activeStatuses] } },
      select: { id: true, kind: true, status: true, imageTag: true, actorName: true, createdAt: true, environmentName: true },
    }),
    db().lock.findMany({
      where: { environmentName: { in: names }, releasedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { id: true, reason: true, authorName: true, authorId: true, createdAt: true, expiresAt: true, environmentName: true },
    }),
  ]);
  const runningByName = new Map(running.filter((deploy) => deploy !== null).map((deploy) => [deploy.environmentName, deploy]));
  const activeByName = new Map(active.map((deploy) => [deploy.environmentName, deploy]));
  const lockByName = new Map(locks.map((lock) => [lock.environmentName, lock]));
  return environments.map((environment) => {
    const activeDeploy = activeByName.get(environment.name);
    return {
      ...environment,
      running: runningByName.get(environment.name) ?? null,
      active: activeDeploy ? { ...activeDeploy, status: activeDeploy.status as ActiveDeploy["status"] } : null,
      lock: lockByName.get(environment.name) ?? null,
    };
  });
}

export type ApplicationOverview = {
  name: string;
  ecrRepository: string | null;
  environments: EnvironmentSummary[];
};

/** Every application with its environments, for the overview. */
export async function listApplicationsOverview(): Promise<ApplicationOverview[]> {
  const [applications, environments] = await Promise.all([
    db().application.findMany({ select: { name: true, ecrRepository: true }, orderBy: { name: "asc" } }),
    listEnvironmentSummaries(),
  ]);
  return applications.map((application) => ({
    ...application,
    environments: environments.filter((environment) => environment.applicationName === application.name),
  }));
}

export type ApplicationLinks = {
  name: string;
  repositoryName: string;
  commitUrlTemplate: string | null;
  compareUrlTemplate: string | null;
  tagPattern: string;
};

export async function getApplicationLinks(name: string): Promise<ApplicationLinks | null> {
  const application = await db().application.findUnique({
    where: { name },
    select: { name: true, ecrRepository: true, commitUrlTemplate: true, compareUrlTemplate: true, tagPattern: true },
  });
  if (!application) return null;
  const { ecrRepository, ...rest } = application;
  return { ...rest, repositoryName: ecrRepository ?? application.name };
}

export type EnvironmentDetail = EnvironmentSummary & { application: ApplicationLinks; deployTimeoutSec: number; ebUpdatedAt: Date | null };

export async function getEnvironmentDetail(name: string): Promise<EnvironmentDetail | null> {
  const [summary] = await listEnvironmentSummaries({ names: [name] });
  if (!summary) return null;
  const [application, extra] = await Promise.all([
    getApplicationLinks(summary.applicationName),
    db().environment.findUnique({ where: { name }, select: { deployTimeoutSec: true, ebUpdatedAt: true } }),
  ]);
  if (!application || !extra) return null;
  return { ...summary, ...extra, application };
}

export type EnvironmentEventRow = { id: string; at: Date; severity: string; message: string };

/** The newest EB events of an environment, as the poller stored them. */
export async function listEnvironmentEvents(name: string, limit = 15): Promise<EnvironmentEventRow[]> {
  const rows = await db().environmentEvent.findMany({
    where: { environmentName: name },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, severity: true, message: true },
  });
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
