import type { Actor, Source } from "./actor";
import { DplError, isDplError } from "./errors";
import type { AuditStore } from "./ports";
import { SourceSchema } from "./validation";

export type RefusalContext = {
  actor: Actor;
  source: Source;
  action: string;
  targetType: string;
  target: string;
  applicationName?: string | null;
  environmentName?: string | null;
  deployId?: string | null;
  details?: Record<string, unknown>;
};

/** A string field of input that may not have passed validation, cut to `max`, else null. */
export function looseText(value: unknown, max: number): string | null {
  return typeof value === "string" ? value.slice(0, max) : null;
}

/**
 * The refusal context of a call on one environment, read from its raw input (a refusal may be
 * the input's own fault, so nothing in it is trusted to be valid).
 */
export function environmentRefusal(
  actor: Actor,
  raw: { environment?: unknown; application?: unknown; source?: unknown },
  action: string,
  details?: Record<string, unknown>,
): () => RefusalContext {
  return () => {
    const environmentName = looseText(raw.environment, 100);
    return {
      actor,
      source: (SourceSchema.safeParse(raw.source).success ? raw.source : "API") as Source,
      action,
      targetType: "environment",
      target: environmentName ?? "unknown",
      ...(raw.application !== undefined ? { applicationName: looseText(raw.application, 100) } : {}),
      environmentName,
      ...(details ? { details } : {}),
    };
  };
}

/**
 * Runs a use case; a DplError it throws is written to the audit log as REFUSED (DENIED for
 * FORBIDDEN) before it reaches the caller, so every refusal is on record with its reason.
 */
export async function auditRefusals<T>(audit: AuditStore, context: () => RefusalContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isDplError(error) && !(error.details && error.details.audited === true)) {
      const c = context();
      await audit.record({
        actor: c.actor,
        source: c.source,
        action: c.action,
        targetType: c.targetType,
        target: c.target,
        applicationName: c.applicationName ?? null,
        environmentName: c.environmentName ?? null,
        deployId: c.deployId ?? null,
        outcome: error.code === "FORBIDDEN" ? "DENIED" : error.code === "AWS_ERROR" ? "FAILURE" : "REFUSED",
        code: error.code,
        message: error.message,
        details: { ...c.details, ...error.details },
      });
    }
    throw error;
  }
}

/** A protected environment, deployed from the browser, needs its name typed to confirm. */
export function checkConfirmation(source: Source, environment: { name: string; protected: boolean }, confirmation: string | undefined): void {
  if (source === "WEB" && environment.protected && (confirmation ?? "").trim() !== environment.name) {
    throw new DplError("VALIDATION_FAILED", `${environment.name} is protected: type its name to confirm.`, {
      field: "confirmation",
      environment: environment.name,
    });
  }
}
