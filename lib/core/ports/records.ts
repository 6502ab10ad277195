import type { Actor, Source } from "../actor";
import type { DeployKind, DeployStatus, TemplateFormat, AuditOutcome } from "./statuses";

// Rows as lib/core sees them; the Prisma stores map their models to these.

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
