import type { Actor } from "../actor";
import { auditRefusals } from "../audit-refusal";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps, TemplateRecord } from "../ports";
import { parseInput } from "../validation";
import { sampleValues } from "./placeholders";
import { TemplateInputSchema, type TemplateInput } from "./preview-template";
import { renderTemplate } from "./render-bundle-files";

/** A new, audited revision (the table is append-only); refused with every problem listed when it does not render. */
export async function saveTemplate(deps: Deps, actor: Actor, raw: TemplateInput): Promise<{ template: TemplateRecord }> {
  const applicationName = typeof (raw as Partial<TemplateInput>).application === "string" ? String(raw.application).slice(0, 100) : "unknown";
  const context = () => ({ actor, source: "WEB" as const, action: "template.save", targetType: "application", target: applicationName, applicationName });
  return auditRefusals(deps.audit, context, async () => {
    authorize(actor, "admin");
    const input = parseInput(TemplateInputSchema, raw);
    const application = await deps.catalog.application(input.application);
    if (!application) throw new DplError("APPLICATION_NOT_FOUND", `No application named ${input.application}.`, { application: input.application });
    const result = renderTemplate(input, sampleValues(application.name));
    if (!result.ok) throw new DplError("VALIDATION_FAILED", `The template does not render: ${result.errors[0].message}`, { errors: result.errors });
    const template = await deps.settings.saveTemplate(
      { applicationName: application.name, format: input.format, body: input.body, files: input.files, message: input.message ?? null, author: actor },
      {
        actor,
        action: "template.save",
        targetType: "application",
        target: application.name,
        applicationName: application.name,
        outcome: "SUCCESS",
        message: input.message ?? `Template saved (${input.format})`,
        details: { format: input.format, files: Object.keys(input.files) },
      },
    );
    return { template };
  });
}
