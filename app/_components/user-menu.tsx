import Link from "next/link";
import type { Actor } from "@/lib/core/actor";
import { signOutAction } from "@/lib/auth/sign-in-actions";

const roleBadge: Record<Actor["role"], string> = {
  VIEWER: "bg-slate-100 text-slate-700 ring-slate-500/25",
  DEPLOYER: "bg-sky-50 text-sky-800 ring-sky-600/25",
  ADMIN: "bg-violet-50 text-violet-800 ring-violet-600/30",
};

/** The signed-in person in the header: name, role, admin links and sign-out. */
export function UserMenu({ actor }: { actor: Actor }) {
  return (
    <div className="flex items-center gap-3" data-testid="user-menu">
      {actor.role === "ADMIN" ? (
        <nav aria-label="Administration" className="hidden items-center gap-3 text-slate-600 md:flex">
          <Link href="/settings/members" className="hover:text-slate-900">
            Members
          </Link>
          <Link href="/settings/tokens" className="hover:text-slate-900">
            API tokens
          </Link>
          <Link href="/settings/notifications" className="hover:text-slate-900">
            Notifications
          </Link>
        </nav>
      ) : null}
      <span className="flex items-center gap-2">
        <span className="max-w-[10rem] truncate font-medium text-slate-900" title={actor.type === "USER" && actor.email ? actor.email : undefined}>
          {actor.name}
        </span>
        <span className={`rounded-full px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${roleBadge[actor.role]}`}>
          <span className="sr-only">Role: </span>
          {actor.role.toLowerCase()}
        </span>
      </span>
      <form action={signOutAction}>
        <button type="submit" className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900">
          Sign out
        </button>
      </form>
    </div>
  );
}
