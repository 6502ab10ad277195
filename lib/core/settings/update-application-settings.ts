import { z } from "zod";
import type { Actor } from "../actor";
import { auditRefusals } from "../audit-refusal";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps } from "../ports";
import { ApplicationNameSchema, parseInput } from "../validation";

const urlTemplate = (placeholders: string[]) =>
  z
    .string()
    .max(500)
    .refine((v) => v === "" || /^https?:\/\//.test(v), "must start with http:// or https://")
    .refine((v) => v === "" || placeholders.every((p) => v.includes(p)), `must contain ${placeholders.join(" and ")}`)
    .nullable();

export const UpdateApplicationSettingsSchema = z.object({
  application: ApplicationNameSchema,
  ecrRepository: z
    .string()
    .regex(
      /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
      "ecrRepository must be an ECR repository name (lower case, digits, . _ - and /)",
    )
    .max(256)
    .nullable()
    .optional(),
  commitUrlTemplate: urlTemplate(["{sha}"]).optional(),
  compareUrlTemplate: urlTemplate(["{from}", "{to}"]).optional(),
  tagPattern: z
    .string()
    .max(200)
    .refine((v) => {
      try {
        new RegExp(v);
        return true;
      } catch {
        return false;
      }
    }, "tagPattern must be a valid regular expression whose first group is the commit sha")
    .optional(),
});
export type UpdateApplicationSettingsInput = z.input<typeof UpdateApplicationSettingsSchema>;

export async function updateApplicationSettings(deps: Deps, actor: Actor, raw: UpdateApplicationSettingsInput): Promise<void> {
  const name = typeof (raw as Partial<UpdateApplicationSettingsInput>).application === "string" ? String(raw.application).slice(0, 100) : "unknown";
  return auditRefusals(
    deps.audit,
    () => ({ actor, source: "WEB" as const, action: "settings.update", targetType: "application", target: name, applicationName: name }),
    async () => {
      authorize(actor, "admin");
      const { application, ...patch } = parseInput(UpdateApplicationSettingsSchema, raw);
      if (!(await deps.catalog.application(application))) throw new DplError("APPLICATION_NOT_FOUND", `No application named ${application}.`, { application });
      const cleaned = Object.fromEntries(
        Object.entries(patch)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, v === "" ? null : v]),
      );
      await deps.settings.updateApplication(application, cleaned, {
        actor,
        action: "settings.update",
        targetType: "application",
        target: application,
        applicationName: application,
        outcome: "SUCCESS",
        message: `Settings of ${application} changed: ${Object.keys(cleaned).join(", ") || "nothing"}`,
        details: cleaned,
      });
    },
  );
}
