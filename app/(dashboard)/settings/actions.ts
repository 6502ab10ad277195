"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/app/_components/action-state";
import { requireUser } from "@/lib/auth/session";
import { mainFileName } from "@/lib/core/templates/render-template";
import { services } from "@/lib/services";
import { asDomainError, failure, formFields, invalid } from "../_lib/action-result";
import type { TemplateActionState } from "./applications/[name]/_components/template-state";

const name = z.string().trim().min(1).max(100);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || null);

const EnvironmentSettingsSchema = z.object({
  environment: name,
  protected: z.string().optional(),
  deployTimeoutMinutes: z.coerce.number().int("Whole minutes").min(1, "At least 1 minute").max(720, "At most 12 hours"),
});

export async function updateEnvironmentSettingsAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = EnvironmentSettingsSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  try {
    await services().updateEnvironmentSettings(actor, {
      environment: input.environment,
      protected: input.protected === "on",
      deployTimeoutSec: input.deployTimeoutMinutes * 60,
    });
  } catch (error) {
    return failure(error, input.environment);
  }
  revalidatePath("/settings");
  revalidatePath(`/environments/${input.environment}`);
  return { ok: true, message: "Saved." };
}

const ApplicationSettingsSchema = z.object({
  application: name,
  ecrRepository: optionalText(256),
  commitUrlTemplate: optionalText(500),
  compareUrlTemplate: optionalText(500),
  tagPattern: z.string().trim().min(1, "A tag pattern is required").max(200),
});

export async function updateApplicationSettingsAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = ApplicationSettingsSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await services().updateApplicationSettings(actor, parsed.data);
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/settings");
  revalidatePath(`/settings/applications/${parsed.data.application}`);
  revalidatePath(`/applications/${parsed.data.application}`);
  return { ok: true, message: "Saved." };
}

const TemplateSchema = z.object({
  application: name,
  format: z.enum(["DOCKERRUN_V1", "DOCKERRUN_V2", "COMPOSE"]),
  body: z.string().max(100_000),
  files: z
    .string()
    .default("{}")
    .transform((text, context) => {
      try {
        const value: unknown = JSON.parse(text);
        return z.record(z.string(), z.string()).parse(value);
      } catch {
        context.addIssue({ code: "custom", message: "Extra files could not be read" });
        return z.NEVER;
      }
    }),
  message: z.string().trim().max(300).optional(),
});

function templateFailure(error: unknown): TemplateActionState {
  const state = failure(error);
  return { ok: false, message: state && !state.ok ? state.message : "Could not save.", errors: problemsFrom(asDomainError(error)?.details) };
}

function problemsFrom(details: Record<string, unknown> | undefined): { path: string; message: string; line?: number }[] {
  const errors = details?.errors;
  return Array.isArray(errors) ? (errors as { path: string; message: string; line?: number }[]) : [];
}

export async function previewTemplateAction(_state: TemplateActionState, formData: FormData): Promise<TemplateActionState> {
  const actor = await requireUser();
  const parsed = TemplateSchema.safeParse(formFields(formData));
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid template.", errors: [] };
  const { application, format, body, files } = parsed.data;
  try {
    const result = await services().previewTemplate(actor, { application, format, body, files });
    if (!result.ok) return { ok: false, message: "The template has problems; fix them before saving.", errors: result.errors };
    return {
      ok: true,
      message: "Valid. This is the bundle a deploy of the sample image would upload.",
      rendered: [{ name: mainFileName[format], text: result.rendered }, ...result.files],
    };
  } catch (error) {
    return templateFailure(error);
  }
}

export async function saveTemplateAction(_state: TemplateActionState, formData: FormData): Promise<TemplateActionState> {
  const actor = await requireUser();
  const parsed = TemplateSchema.safeParse(formFields(formData));
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid template.", errors: [] };
  const { application, format, body, files, message } = parsed.data;
  try {
    await services().saveTemplate(actor, { application, format, body, files, message: message || undefined });
  } catch (error) {
    return templateFailure(error);
  }
  revalidatePath(`/settings/applications/${application}`);
  return { ok: true, message: "Saved as a new revision. The next deploy uses it." };
}
