"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/app/_components/action-state";
import { requireUser } from "@/lib/auth/session";
import { services } from "@/lib/services";
import { failure, formFields, invalid } from "../../_lib/action-result";

export async function refreshImagesAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = z.object({ application: z.string().trim().min(1).max(100) }).safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await services().refreshInventory(actor, { application: parsed.data.application });
  } catch (error) {
    return failure(error);
  }
  revalidatePath(`/applications/${parsed.data.application}`);
  return { ok: true, message: "Refreshed from AWS." };
}
