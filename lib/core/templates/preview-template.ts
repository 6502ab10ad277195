import { z } from "zod";
import type { Actor } from "../actor";
import { authorize } from "../authorize";
import { DplError } from "../errors";
import type { Deps } from "../ports";
import { ApplicationNameSchema, parseInput } from "../validation";
import { sampleValues } from "./placeholders";
import { renderTemplate } from "./render-bundle-files";
import type { TemplateProblem } from "./render-template";

export const TemplateInputSchema = z.object({
  application: ApplicationNameSchema,
  format: z.enum(["DOCKERRUN_V1", "DOCKERRUN_V2", "COMPOSE"], { error: "format must be DOCKERRUN_V1, DOCKERRUN_V2 or COMPOSE" }),
  body: z.string().max(100_000, "the template must be at most 100,000 characters"),
  files: z.record(z.string(), z.string().max(100_000)).default({}),
  message: z.string().max(500).optional(),
});
export type TemplateInput = z.input<typeof TemplateInputSchema>;

export type TemplatePreview = { ok: true; rendered: string; files: { name: string; text: string }[] } | { ok: false; errors: TemplateProblem[] };

/** Renders a template with a sample image so an editor shows errors at the right place before saving. */
export async function previewTemplate(deps: Deps, actor: Actor, raw: TemplateInput): Promise<TemplatePreview> {
  authorize(actor, "read");
  const input = parseInput(TemplateInputSchema, raw);
  const application = await deps.catalog.application(input.application);
  if (!application) throw new DplError("APPLICATION_NOT_FOUND", `No application named ${input.application}.`, { application: input.application });
  const result = renderTemplate(input, sampleValues(application.name));
  return result.ok ? { ok: true, rendered: result.main.text, files: result.files } : { ok: false, errors: result.errors };
}
