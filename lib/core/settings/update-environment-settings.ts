import { z } from "zod";
import type { Actor } from "../actor";
import { auditRefusals } from "../audit-refusal";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps } from "../ports";
import { EnvironmentNameSchema, parseInput } from "../validation";

export const UpdateEnvironmentSettingsSchema = z.object({
  environment: EnvironmentNameSchema,
  protected: z.boolean().optional(),
  deployTimeoutSec: z
    .number()
    .int()
    .min(60, "deployTimeoutSec must be at least 60 seconds")
    .max(86_400, "deployTimeoutSec must be at most 86400 seconds (a day)")
    .optional(),
});
export type UpdateEnvironmentSettingsInput = z.input<typeof UpdateEnvironmentSettingsSchema>;

export async function updateEnvironmentSettings(deps: Deps, actor: Actor, raw: UpdateEnvironmentSettingsInput): Promise<void> {
  const name = typeof (raw as Partial<UpdateEnvironmentSettingsInput>).environment === "string" ? String(raw.environment).slice(0, 100) : "unknown";
  return auditRefusals(
    deps.audit,
    () => ({ actor, source: "WEB" as const, action: "settings.update", targetType: "environment", target: name, environmentName: name }),
    async () => {
      authorize(actor, "admin");
      const { environment: environmentName, ...patch } = parseInput(UpdateEnvironmentSettingsSchema, raw);
      const environment = await deps.catalog.environment(environmentName);
      if (!environment)
        throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${environmentName}.`, { environment: environmentName });
      await deps.settings.updateEnvironment(environmentName, patch, {
        actor,
        action: "settings.update",
        targetType: "environment",
        target: environmentName,
        applicationName: environment.applicationName,
        environmentName,
        outcome: "SUCCESS",
        message: `Settings of ${environmentName} changed: ${Object.keys(patch).join(", ") || "nothing"}`,
        details: { ...patch, before: { protected: environment.protected, deployTimeoutSec: environment.deployTimeoutSec } },
      });
    },
  );
}
