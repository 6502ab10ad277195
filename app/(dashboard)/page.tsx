import Link from "next/link";
import { Suspense } from "react";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { EmptyState } from "@/app/_components/empty-state";
import { HealthPanel } from "@/app/_components/health-panel";
import { SkeletonCard } from "@/app/_components/skeleton";
import { requireUser } from "@/lib/auth/session";
import { listApplicationsOverview } from "@/lib/db/queries/environments";
import { EnvironmentCard } from "./_components/environment-card";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requireUser();
  const applications = await listApplicationsOverview();
  const deploying = applications.some((application) => application.environments.some((environment) => environment.active));
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_16rem]">
      <AutoRefresh active={deploying} />
      <div className="min-w-0 space-y-6">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-xl font-semibold tracking-tight">Environments</h1>
          <p className="text-sm text-slate-600">
            {deploying ? "Deploying now: this page refreshes itself." : "Pick an environment, pick an image, press the big red button."}
          </p>
        </div>
        {applications.length === 0 ? (
          <EmptyState title="No applications yet">
            dpl lists the Elastic Beanstalk applications its poller finds with the configured AWS credentials. If none appear within a minute, check System
            health: AWS unreachable usually means missing or expired credentials, or the wrong AWS_REGION.
          </EmptyState>
        ) : (
          applications.map((application) => (
            <section key={application.name} aria-labelledby={`app-${application.name}`} className="space-y-3">
              <div className="flex flex-wrap items-baseline gap-x-3">
                <h2 id={`app-${application.name}`} className="text-base font-semibold">
                  <Link href={`/applications/${encodeURIComponent(application.name)}`} className="hover:underline">
                    {application.name}
                  </Link>
                </h2>
                <span className="text-xs text-slate-500">
                  ECR <span className="font-mono">{application.ecrRepository ?? application.name}</span> ·{" "}
                  <Link href={`/applications/${encodeURIComponent(application.name)}`} className="text-sky-700 underline underline-offset-2">
                    images
                  </Link>
                </span>
              </div>
              {application.environments.length === 0 ? (
                <EmptyState title="No environments">
                  Create an environment for {application.name} in Elastic Beanstalk; it appears here at the next poll.
                </EmptyState>
              ) : (
                <ul className="grid grid-cols-1 gap-3 md:grid-cols-2 2xl:grid-cols-3">
                  {application.environments.map((environment) => (
                    <li key={environment.name}>
                      <EnvironmentCard environment={environment} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))
        )}
      </div>
      <aside className="space-y-4">
        <Suspense fallback={<SkeletonCard lines={2} />}>
          <HealthPanel />
        </Suspense>
      </aside>
    </div>
  );
}
