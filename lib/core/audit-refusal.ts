import type { Actor, Source } from "./actor";
import { DplError, isDplError } from "./errors";
import type { AuditStore } from "./ports";

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
