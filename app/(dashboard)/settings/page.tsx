import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/app/_components/action-form";
import { ProtectedBadge } from "@/app/_components/badges";
import { inputClass } from "@/app/_components/button-class";
import { EmptyState } from "@/app/_components/empty-state";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/core/authorize";
import { listApplicationSettings } from "@/lib/db/queries/settings";
import { updateEnvironmentSettingsAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requireUser();
  const applications = await listApplicationSettings();
  const isAdmin = can(actor, "admin");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
          <p className="mt-1 text-sm text-slate-600">{isAdmin ? "Changes are audited." : "Read only: only admins change settings."}</p>
        </div>
        <nav aria-label="Settings sections" className="flex gap-3 text-sm">
          <Link href="/settings/members" className="text-sky-700 underline underline-offset-2">
            Members
          </Link>
          <Link href="/settings/tokens" className="text-sky-700 underline underline-offset-2">
            API tokens
          </Link>
          <Link href="/settings/notifications" className="text-sky-700 underline underline-offset-2">
            Notifications
          </Link>
        </nav>
      </div>
      {applications.length === 0 ? (
        <EmptyState title="No applications yet">Settings appear here once the poller has found an Elastic Beanstalk application.</EmptyState>
      ) : null}
      {applications.map((application) => (
        <section key={application.name} aria-labelledby={`settings-${application.name}`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
            <div>
              <h2 id={`settings-${application.name}`} className="font-semibold">
                {application.name}
              </h2>
              <p className="text-xs text-slate-600">
                ECR <span className="font-mono">{application.ecrRepository ?? application.name}</span> · template{" "}
                {application.latestRevision ? `revision ${application.latestRevision}` : "built-in default"}
              </p>
            </div>
            <Link
              href={`/settings/applications/${encodeURIComponent(application.name)}`}
              className="text-sm font-medium text-sky-700 underline underline-offset-2"
            >
              Repository, links and template
            </Link>
          </header>
          <ul className="divide-y divide-slate-100">
            {application.environments.map((environment) => (
              <li key={environment.name} className="px-4 py-3">
                <ActionForm action={updateEnvironmentSettingsAction} submitLabel="Save" inline readOnly={!isAdmin}>
                  <input type="hidden" name="environment" value={environment.name} />
                  <span className="flex min-w-48 items-center gap-2 self-center font-mono text-sm">
                    {environment.name}
                    {environment.protected ? <ProtectedBadge /> : null}
                  </span>
                  <label className="flex items-center gap-2 self-center text-sm">
                    <input
                      type="checkbox"
                      name="protected"
                      defaultChecked={environment.protected}
                      disabled={!isAdmin}
                      className="h-4 w-4 rounded border-slate-300"
                    />
                    Protected (typed confirmation, scoped tokens)
                  </label>
                  <label className="flex items-center gap-2 text-sm">
                    Deploy timeout
                    <input
                      type="number"
                      name="deployTimeoutMinutes"
                      min={1}
                      max={720}
                      defaultValue={Math.round(environment.deployTimeoutSec / 60)}
                      readOnly={!isAdmin}
                      className={`w-20 ${inputClass}`}
                    />
                    min
                  </label>
                </ActionForm>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
