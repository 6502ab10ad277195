import type { DeployView } from "@/lib/core/deploys/deploy-view";
import { commitShaOf, commitUrlOf } from "@/lib/core/deploys/commit-links";
import type { ApplicationLinks, EnvironmentSummary } from "@/lib/db/queries/environments";
import type { ImageRow } from "@/lib/db/queries/images";
import type { ApiDeployRow } from "./queries";

// JSON shapes of the API (schemas.ts describes them): dates as ISO strings, names as the
// CLI reads them.

const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

export function presentDeploy(view: DeployView) {
  return {
    id: view.id,
    kind: view.kind,
    status: view.status,
    application: view.application,
    environment: view.environment,
    imageTag: view.imageTag,
    imageDigest: view.imageDigest,
    digest: view.imageDigest,
    commitSha: view.commitSha,
    versionLabel: view.versionLabel,
    actorName: view.actorName,
    actor: view.actorName,
    source: view.source,
    reason: view.reason,
    error: view.error,
    createdAt: view.createdAt.toISOString(),
    startedAt: iso(view.startedAt),
    finishedAt: iso(view.finishedAt),
    rollbackOfId: view.rollbackOfId,
    url: view.url,
    events: view.events.map((event) => ({ at: event.at.toISOString(), severity: event.severity, message: event.message })),
  };
}

export function presentDeployRow(row: ApiDeployRow, publicUrl: string) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    application: row.applicationName,
    environment: row.environmentName,
    imageTag: row.imageTag,
    imageDigest: row.imageDigest,
    digest: row.imageDigest,
    commitSha: row.commitSha,
    versionLabel: row.versionLabel,
    actorName: row.actorName,
    actor: row.actorName,
    source: row.source,
    reason: row.reason,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? row.errorCode } : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    rollbackOfId: row.rollbackOfId,
    url: `${publicUrl}/deploys/${row.id}`,
  };
}

export function presentImage(image: ImageRow, application: Pick<ApplicationLinks, "tagPattern" | "commitUrlTemplate">) {
  const commitSha = image.tags.map((tag) => commitShaOf(application, tag)).find((sha) => sha !== null) ?? null;
  return {
    tags: image.tags,
    digest: image.digest,
    pushedAt: image.pushedAt.toISOString(),
    sizeBytes: image.sizeBytes,
    commitSha,
    commitUrl: commitUrlOf(application, commitSha),
  };
}

export function presentEnvironment(environment: EnvironmentSummary) {
  const { running, active, lock } = environment;
  return {
    name: environment.name,
    application: environment.applicationName,
    protected: environment.protected,
    status: environment.status,
    health: environment.health,
    versionLabel: environment.versionLabel,
    image: running ? { tag: running.imageTag, digest: running.imageDigest, commitSha: running.commitSha, deployId: running.id } : null,
    lock: lock ? { id: lock.id, author: lock.authorName, reason: lock.reason, createdAt: lock.createdAt.toISOString(), expiresAt: iso(lock.expiresAt) } : null,
    activeDeploy: active
      ? {
          id: active.id,
          kind: active.kind,
          status: active.status,
          imageTag: active.imageTag,
          actorName: active.actorName,
          createdAt: active.createdAt.toISOString(),
        }
      : null,
    polledAt: iso(environment.polledAt),
  };
}

export function presentLock(lock: { id: string; authorName: string; reason: string; createdAt: Date; expiresAt: Date | null }) {
  return { id: lock.id, author: lock.authorName, reason: lock.reason, createdAt: lock.createdAt.toISOString(), expiresAt: iso(lock.expiresAt) };
}
