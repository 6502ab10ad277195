"use server";

import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/app/_components/action-state";
import { changeMember } from "@/lib/auth/members";
import { requireRole } from "@/lib/auth/session";
import { failure, formFields, invalid } from "../../_lib/action-result";

const ChangeRoleSchema = z.object({ userId: z.uuid("Pick a member."), role: z.enum(["VIEWER", "DEPLOYER", "ADMIN"], "Pick a role.") });
const ChangeStatusSchema = z.object({ userId: z.uuid("Pick a member."), disabled: z.enum(["true", "false"]) });

export async function changeRoleAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  try {
    const actor = await requireRole("ADMIN", { action: "member.role" });
    const parsed = ChangeRoleSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalid(parsed.error);
    await changeMember(actor, parsed.data.userId, { role: parsed.data.role });
  } catch (error) {
    // requireRole() redirects a signed-out caller by throwing; that must reach Next.js.
    unstable_rethrow(error);
    return failure(error);
  }
  revalidatePath("/settings/members");
  return { ok: true, message: "Role saved." };
}

export async function changeStatusAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  let disabled: boolean;
  try {
    const actor = await requireRole("ADMIN", { action: "member.status" });
    const parsed = ChangeStatusSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalid(parsed.error);
    disabled = parsed.data.disabled === "true";
    await changeMember(actor, parsed.data.userId, { disabled });
  } catch (error) {
    // requireRole() redirects a signed-out caller by throwing; that must reach Next.js.
    unstable_rethrow(error);
    return failure(error);
  }
  revalidatePath("/settings/members");
  return { ok: true, message: disabled ? "Disabled: signed out everywhere at their next request." : "Enabled." };
}
