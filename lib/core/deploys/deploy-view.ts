import type { DeployKind, DeployRecord, DeployStatus } from "../ports";

export type DeployView = {
  id: string;
  kind: DeployKind;
  status: DeployStatus;
  application: string;
  environment: string;
  imageTag: string | null;
  imageDigest: string | null;
  commitSha: string | null;
  versionLabel: string | null;
  actorName: string;
  source: string;
  reason: string | null;
  error: { code: string; message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  rollbackOfId: string | null;
  events: { at: Date; severity: string; message: string }[];
  url: string;
};

export function toDeployView(deploy: DeployRecord, events: { at: Date; severity: string; message: string }[], publicUrl: string): DeployView {
  return {
    id: deploy.id,
    kind: deploy.kind,
    status: deploy.status,
    application: deploy.applicationName,
    environment: deploy.environmentName,
    imageTag: deploy.imageTag,
    imageDigest: deploy.imageDigest,
    commitSha: deploy.commitSha,
    versionLabel: deploy.versionLabel,
    actorName: deploy.actorName,
    source: deploy.source,
    reason: deploy.reason,
    error: deploy.errorCode ? { code: deploy.errorCode, message: deploy.errorMessage ?? deploy.errorCode } : null,
    createdAt: deploy.createdAt,
    startedAt: deploy.startedAt,
    finishedAt: deploy.finishedAt,
    rollbackOfId: deploy.rollbackOfId,
    events: events.map(({ at, severity, message }) => ({ at, severity, message })),
    url: `${publicUrl}/deploys/${deploy.id}`,
  };
}
