"use server";

import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/app/_components/action-state";
import { requireRole } from "@/lib/auth/session";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { failure, formFields, invalid } from "../../_lib/action-result";

export type CreateTokenState = ActionState | { ok: true; message: string; token: string };

const CreateTokenFormSchema = z.object({
  name: z.string().trim().min(1, 'Give the token a name, e.g. "GitHub Actions".').max(100),
  role: z.enum(["VIEWER", "DEPLOYER", "ADMIN"], "Pick a role."),
  environments: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  expiresInDays: z.enum(["", "7", "30", "90", "365"]).optional(),
});

export async function createTokenAction(_state: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  let created: { token: string };
  try {
    const actor = await requireRole("ADMIN", { action: "token.create" });
    const parsed = CreateTokenFormSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalid(parsed.error);
    const { name, role, environments, expiresInDays } = parsed.data;
    const expiresAt = expiresInDays ? new Date(Date.now() + Number(expiresInDays) * 86_400_000) : undefined;
    created = await createApiToken(actor, { name, role, environments, expiresAt });
  } catch (error) {
    // requireRole() redirects a signed-out caller by throwing; that must reach Next.js.
    unstable_rethrow(error);
    return failure(error);
  }
  revalidatePath("/settings/tokens");
  return { ok: true, message: "Token created. Copy it now: dpl shows it only once.", token: created.token };
}

const RevokeSchema = z.object({ tokenId: z.uuid("Pick a token.") });

export async function revokeTokenAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  try {
    const actor = await requireRole("ADMIN", { action: "token.revoke" });
    const parsed = RevokeSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalid(parsed.error);
    await revokeApiToken(actor, parsed.data.tokenId);
  } catch (error) {
    // requireRole() redirects a signed-out caller by throwing; that must reach Next.js.
    unstable_rethrow(error);
    return failure(error);
  }
  revalidatePath("/settings/tokens");
  return { ok: true, message: "Revoked: requests with it now get 401." };
}
