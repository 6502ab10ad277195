"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/app/_components/action-state";
import { requireUser } from "@/lib/auth/session";
import { services } from "@/lib/services";
import { failure, formFields, invalid } from "../../_lib/action-result";

export async function cancelDeployAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireUser();
  const parsed = z.object({ deployId: z.uuid() }).safeParse(formFields(formData));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await services().cancelDeploy(actor, { deployId: parsed.data.deployId, source: "WEB" });
  } catch (error) {
    return failure(error);
  }
  revalidatePath(`/deploys/${parsed.data.deployId}`);
  return { ok: true, message: "Cancel requested: Elastic Beanstalk is rolling the update back." };
}
