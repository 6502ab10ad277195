"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/app/_components/action-state";
import { requireUser } from "@/lib/auth/session";
import { services } from "@/lib/services";
import { failure, formFields, invalid } from "../../_lib/action-result";

// Thin: who, what (zod), the use case, revalidate. The use cases re-check role, protection,
// the typed confirmation, locks and the one-deploy-per-environment rule themselves.

const name = z.string().trim().min(1).max(100);

const DeploySchema = z.object({
  application: name,
  environment: name,
  tag: z.string().trim().min(1, "Choose an image").max(300),
  reason: z.string().trim().max(500).optional(),
  confirmation: z.string().optional(),
});

export async function deployAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = DeploySchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  let deployId: string;
  try {
    const result = await services().startDeploy(actor, {
      application: input.application,
      environment: input.environment,
      tag: input.tag,
      reason: input.reason || undefined,
      confirmation: input.confirmation,
      source: "WEB",
    });
    deployId = result.deploy.id;
  } catch (error) {
    return failure(error, input.environment);
  }
  revalidatePath(`/environments/${input.environment}`);
  revalidatePath("/");
  redirect(`/deploys/${deployId}`);
}

const RollbackSchema = z.object({
  environment: name,
  toDeployId: z
    .uuid()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  reason: z.string().trim().min(1, "Say why you are rolling back").max(500),
  lock: z.string().optional(),
  confirmation: z.string().optional(),
});

export async function rollbackAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = RollbackSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  let deployId: string;
  try {
    const result = await services().rollback(actor, {
      environment: input.environment,
      toDeployId: input.toDeployId,
      reason: input.reason,
      lock: input.lock === "on",
      confirmation: input.confirmation,
      source: "WEB",
    });
    deployId = result.deploy.id;
  } catch (error) {
    return failure(error, input.environment);
  }
  revalidatePath(`/environments/${input.environment}`);
  revalidatePath("/");
  redirect(`/deploys/${deployId}`);
}

const LockSchema = z.object({
  environment: name,
  reason: z.string().trim().min(1, "Say why the environment is locked").max(500),
  expiresInHours: z
    .string()
    .optional()
    .transform((value) => (value ? Number(value) : undefined))
    .pipe(
      z
        .number()
        .positive("Expiry must be a positive number of hours")
        .max(24 * 30)
        .optional(),
    ),
});

export async function lockAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = LockSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { environment, reason, expiresInHours } = parsed.data;
  try {
    await services().lockEnvironment(actor, {
      environment,
      reason,
      expiresAt: expiresInHours ? new Date(Date.now() + expiresInHours * 3_600_000) : undefined,
      source: "WEB",
    });
  } catch (error) {
    return failure(error, environment);
  }
  revalidatePath(`/environments/${environment}`);
  revalidatePath("/");
  return { ok: true, message: `${environment} is locked.` };
}

export async function unlockAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = z.object({ environment: name }).safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  const { environment } = parsed.data;
  try {
    await services().unlockEnvironment(actor, { environment, source: "WEB" });
  } catch (error) {
    return failure(error, environment);
  }
  revalidatePath(`/environments/${environment}`);
  revalidatePath("/");
  return { ok: true, message: `${environment} is unlocked.` };
}
