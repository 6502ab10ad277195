import { signInAsDemoUser } from "@/lib/auth/sign-in-actions";
import type { DemoChoice } from "@/lib/auth/providers";
import type { Role } from "@/lib/core/actor";

const roleStyle: Record<Role, { badge: string; avatar: string; can: string }> = {
  VIEWER: { badge: "bg-slate-100 text-slate-700 ring-slate-500/25", avatar: "bg-slate-200 text-slate-700", can: "Sees everything, changes nothing" },
  DEPLOYER: { badge: "bg-sky-50 text-sky-800 ring-sky-600/25", avatar: "bg-sky-100 text-sky-800", can: "Deploys, rolls back, cancels and locks" },
  ADMIN: {
    badge: "bg-violet-50 text-violet-800 ring-violet-600/30",
    avatar: "bg-violet-100 text-violet-800",
    can: "Also manages settings, members and tokens",
  },
};

export function DemoUserPicker({ users, callbackUrl }: { users: DemoChoice[]; callbackUrl: string }) {
  return (
    <section aria-labelledby="demo-title">
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 id="demo-title" className="text-sm font-semibold text-slate-900">
          Demo mode: sign in as
        </h2>
        <span className="rounded-full bg-amber-50 px-2 py-0.5 text-[11px] font-medium text-amber-900 ring-1 ring-inset ring-amber-600/30">
          local sandbox only
        </span>
      </div>
      <ul className="space-y-2">
        {users.map((user) => {
          const style = roleStyle[user.role];
          return (
            <li key={user.email}>
              <form action={signInAsDemoUser}>
                <input type="hidden" name="email" value={user.email} />
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <button
                  type="submit"
                  aria-label={`Sign in as ${user.name}, ${user.role.toLowerCase()}`}
                  className="group flex w-full items-center gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2.5 text-left transition hover:border-slate-400 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
                >
                  <span aria-hidden className={`flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${style.avatar}`}>
                    {initials(user.name)}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="flex items-center gap-2">
                      <span className="truncate text-sm font-medium text-slate-900">{user.name}</span>
                      <span className={`rounded-full px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${style.badge}`}>{user.role.toLowerCase()}</span>
                    </span>
                    <span className="block text-xs text-slate-500">{style.can}</span>
                  </span>
                  <span aria-hidden className="text-slate-400 transition group-hover:translate-x-0.5 group-hover:text-slate-700">
                    →
                  </span>
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}
