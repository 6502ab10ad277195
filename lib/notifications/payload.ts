import type { DomainEvent, DomainEventType } from "@/lib/core/ports";

// What a notification says, the same for Slack and webhooks: built once when the event
// happens and stored on the delivery, so every retry sends the same thing.

export const NOTIFIABLE_EVENTS = [
  "deploy.started",
  "deploy.succeeded",
  "deploy.failed",
  "deploy.rolled_back",
  "environment.locked",
  "environment.unlocked",
] as const satisfies readonly DomainEventType[];
export type NotifiableEvent = (typeof NOTIFIABLE_EVENTS)[number];

export const isNotifiable = (type: DomainEventType): type is NotifiableEvent => (NOTIFIABLE_EVENTS as readonly string[]).includes(type);

export type DeployFacts = {
  kind: string;
  imageTag: string | null;
  commitSha: string | null;
  actorName: string;
  reason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export type NotificationPayload = {
  event: NotifiableEvent;
  at: string;
  application: string;
  environment: string;
  deployId: string | null;
  deployUrl: string | null;
  kind: string | null;
  image: string | null;
  commitSha: string | null;
  commitUrl: string | null;
  actor: string | null;
  reason: string | null;
  durationSeconds: number | null;
  error: { code: string | null; message: string | null } | null;
};

export function buildPayload(
  event: DomainEvent & { type: NotifiableEvent },
  facts: { deploy: DeployFacts | null; commitUrlTemplate: string | null; publicUrl: string },
): NotificationPayload {
  const { deploy } = facts;
  const sha = deploy?.commitSha ?? null;
  const finished = event.type === "deploy.succeeded" || event.type === "deploy.failed" || event.type === "deploy.rolled_back";
  const start = deploy?.startedAt ?? deploy?.createdAt;
  const failed = event.type === "deploy.failed";
  return {
    event: event.type,
    at: event.at.toISOString(),
    application: event.application,
    environment: event.environment,
    deployId: event.deployId ?? null,
    deployUrl: event.deployId ? `${facts.publicUrl.replace(/\/$/, "")}/deploys/${event.deployId}` : null,
    kind: deploy?.kind ?? null,
    image: deploy?.imageTag ?? event.imageTag ?? null,
    commitSha: sha,
    commitUrl: sha && facts.commitUrlTemplate ? facts.commitUrlTemplate.replaceAll("{sha}", sha) : null,
    actor: event.actorName ?? deploy?.actorName ?? null,
    reason: event.reason ?? deploy?.reason ?? null,
    durationSeconds: finished && start && deploy?.finishedAt ? Math.round((deploy.finishedAt.getTime() - start.getTime()) / 1000) : null,
    error: failed ? { code: event.errorCode ?? deploy?.errorCode ?? null, message: event.errorMessage ?? deploy?.errorMessage ?? null } : null,
  };
}
