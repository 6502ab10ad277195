import "server-only";
import { db } from "@/lib/db/client";

// The deploy page and its live stream. Event ids are bigints in the database and strings
// everywhere past this module (JSON and React props cannot carry bigints).

export type DeployStatus = "PENDING" | "REGISTERING" | "UPDATING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export type DeployDetail = {
  id: string;
  kind: "DEPLOY" | "ROLLBACK" | "EXTERNAL";
  status: DeployStatus;
  applicationName: string;
  environmentName: string;
  imageTag: string | null;
  imageDigest: string | null;
  imageUri: string | null;
  commitSha: string | null;
  versionLabel: string | null;
  previousVersionLabel: string | null;
  templateRevision: number | null;
  rollbackOfId: string | null;
  actorName: string;
  source: "WEB" | "API" | "CLI" | "SYSTEM";
  reason: string | null;
  force: boolean;
  lockAfter: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  updateIntentAt: Date | null;
  completedAt: Date | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
  bundleFileName: string | null;
};

export async function getDeployDetail(id: string): Promise<DeployDetail | null> {
  if (!isUuid(id)) return null;
  return db().deploy.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      status: true,
      applicationName: true,
      environmentName: true,
      imageTag: true,
      imageDigest: true,
      imageUri: true,
      commitSha: true,
      versionLabel: true,
      previousVersionLabel: true,
      templateRevision: true,
      rollbackOfId: true,
      actorName: true,
      source: true,
      reason: true,
      force: true,
      lockAfter: true,
      errorCode: true,
      errorMessage: true,
      createdAt: true,
      startedAt: true,
      updateIntentAt: true,
      completedAt: true,
      finishedAt: true,
      cancelRequestedAt: true,
      bundleFileName: true,
    },
  });
}

/** The bundle's text when it is a bare Dockerrun JSON (a zip is not shown inline). */
export async function getDeployBundleText(id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const row = await db().deploy.findUnique({ where: { id }, select: { bundle: true, bundleFileName: true } });
  if (!row?.bundle || !row.bundleFileName?.endsWith(".json")) return null;
  return Buffer.from(row.bundle).toString("utf8");
}

export type DeployEventRow = { id: string; at: string; severity: string; message: string; source: string };

/** Events of a deploy after `afterId`, oldest first: what a viewer has not seen yet. */
export async function listDeployEventsAfter(deployId: string, afterId: string | null = null, limit = 500): Promise<DeployEventRow[]> {
  if (!isUuid(deployId)) return [];
  const after = afterId && /^\d{1,19}$/.test(afterId) ? BigInt(afterId) : null;
  const rows = await db().deployEvent.findMany({
    where: { deployId, ...(after !== null ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, at: true, severity: true, message: true, source: true },
  });
  return rows.map((row) => ({ ...row, id: row.id.toString(), at: row.at.toISOString() }));
}

export type DeployProgress = {
  status: DeployStatus;
  startedAt: Date | null;
  updateIntentAt: Date | null;
  finishedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export async function getDeployProgress(id: string): Promise<DeployProgress | null> {
  if (!isUuid(id)) return null;
  return db().deploy.findUnique({
    where: { id },
    select: { status: true, startedAt: true, updateIntentAt: true, finishedAt: true, errorCode: true, errorMessage: true },
  });
}

/** What "roll back" from this deploy restores: the newest SUCCEEDED deploy of the environment created before it. */
export async function findRollbackTarget(
  environmentName: string,
  before: Date,
): Promise<{ id: string; imageTag: string | null; versionLabel: string | null } | null> {
  return db().deploy.findFirst({
    where: { environmentName, status: "SUCCEEDED", createdAt: { lt: before } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, imageTag: true, versionLabel: true },
  });
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
