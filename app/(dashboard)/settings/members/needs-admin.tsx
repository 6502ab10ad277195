import Link from "next/link";
import { requireRole, isForbidden } from "@/lib/auth/session";
import type { Actor } from "@/lib/core/actor";

/**
 * The admin for an admin page, or null after requireRole() has audited the refusal; the page
 * then shows <NeedsAdmin /> instead of the generic error page (which blames the database).
 */
export async function adminOrNull(action: string): Promise<Actor | null> {
  try {
    return await requireRole("ADMIN", { action });
  } catch (error) {
    if (isForbidden(error)) return null;
    throw error;
  }
}

export function NeedsAdmin({ what }: { what: string }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-amber-300 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">Only admins can manage {what}</h1>
      <p className="mt-2 text-sm text-slate-700">Your attempt was recorded in the audit log. Ask an admin to change your role in Settings &gt; Members.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-sky-700 underline underline-offset-2">
        Back to the overview
      </Link>
    </div>
  );
}
