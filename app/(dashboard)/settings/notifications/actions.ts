"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_components/action-state";
import { requireRole } from "@/lib/auth/session";
import { ChannelInputSchema, createChannel, deleteChannel, setChannelEnabled } from "@/lib/notifications/channels";
import { failure, formFields, invalid } from "../../_lib/action-result";

export async function createChannelAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireRole("ADMIN");
  const parsed = ChannelInputSchema.safeParse({ ...formFields(formData), events: formData.getAll("events").map(String) });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await createChannel(actor, parsed.data);
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/settings/notifications");
  return { ok: true, message: `Added ${parsed.data.name}.` };
}

export async function toggleChannelAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireRole("ADMIN");
  const id = String(formData.get("id") ?? "");
  try {
    await setChannelEnabled(actor, id, formData.get("enabled") === "true");
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/settings/notifications");
  return { ok: true, message: "Saved." };
}

export async function deleteChannelAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const actor = await requireRole("ADMIN");
  try {
    await deleteChannel(actor, String(formData.get("id") ?? ""));
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/settings/notifications");
  return { ok: true, message: "Deleted." };
}
