import type { Actor } from "@/lib/core/actor";
import type { AuditEntry, JobRequest } from "@/lib/core/ports";
import type { Prisma } from "@/lib/db/generated/client";

export type Tx = Prisma.TransactionClient;

export function actorColumns(actor: Actor) {
  switch (actor.type) {
    case "USER":
      return { actorType: "USER" as const, actorId: actor.userId, actorName: actor.name, tokenId: null };
    case "TOKEN":
      return { actorType: "TOKEN" as const, actorId: actor.userId, actorName: `${actor.name} (token ${actor.tokenName})`, tokenId: actor.tokenId };
    case "SYSTEM":
      return { actorType: "SYSTEM" as const, actorId: null, actorName: actor.name, tokenId: null };
    default: {
      const unreachable: never = actor;
      return unreachable;
    }
  }
}

export function auditData(entry: AuditEntry): Prisma.AuditEventCreateManyInput {
  return {
    ...actorColumns(entry.actor),
    source: entry.source ?? (entry.actor.type === "SYSTEM" ? "SYSTEM" : entry.actor.type === "TOKEN" ? "API" : "WEB"),
    action: entry.action,
    targetType: entry.targetType,
    target: entry.target,
    applicationName: entry.applicationName ?? null,
    environmentName: entry.environmentName ?? null,
    deployId: entry.deployId ?? null,
    outcome: entry.outcome,
    code: entry.code ?? null,
    message: entry.message ?? null,
    details: entry.details ? (JSON.parse(JSON.stringify(entry.details)) as Prisma.InputJsonObject) : undefined,
  };
}

/** graphile-worker's add_job inside the caller's transaction: the job exists iff the row does. */
export async function addJob(tx: Pick<Tx, "$executeRaw">, job: JobRequest): Promise<void> {
  await addJobStatement(tx, job);
}

/** The same, unsent: for a batch transaction ($transaction([...])). */
export function addJobStatement(tx: Pick<Tx, "$executeRaw">, job: JobRequest) {
  return tx.$executeRaw`SELECT graphile_worker.add_job(
    ${job.task}::text,
    ${JSON.stringify(job.payload)}::json,
    NULL::text,
    ${job.runAt ?? null}::timestamptz,
    ${job.maxAttempts ?? null}::int,
    ${job.jobKey ?? null}::text,
    NULL::int,
    NULL::text[],
    ${job.jobKeyMode ?? "replace"}::text
  )`;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; message?: string; meta?: Record<string, unknown> };
  const text = `${e.message ?? ""} ${JSON.stringify(e.meta ?? {})}`;
  const unique = e.code === "P2002" || e.code === "23505" || /unique constraint|duplicate key/i.test(text);
  return unique && (!constraint || text.includes(constraint) || e.code === "P2002");
}
