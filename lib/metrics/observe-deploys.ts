import type { DomainEvent } from "@/lib/core/ports";
import { db } from "@/lib/db/client";
import { metrics } from "./registry";

// deploy.rolled_back is left out: it accompanies a rollback's deploy.succeeded, which is already counted.
const FINISHED = new Set<DomainEvent["type"]>(["deploy.succeeded", "deploy.failed", "deploy.cancelled"]);

/** Observes a finished deploy's duration (start to end, as stored) in the deploy histogram. */
export async function observeDeployFinished(event: DomainEvent): Promise<void> {
  if (!FINISHED.has(event.type) || !event.deployId) return;
  const deploy = await db().deploy.findUnique({
    where: { id: event.deployId },
    select: { kind: true, status: true, environmentName: true, createdAt: true, startedAt: true, finishedAt: true },
  });
  if (!deploy?.finishedAt) return;
  const seconds = (deploy.finishedAt.getTime() - (deploy.startedAt ?? deploy.createdAt).getTime()) / 1000;
  metrics().deployDuration.observe({ environment: deploy.environmentName, kind: deploy.kind, status: deploy.status }, Math.max(0, seconds));
}
