import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { EnvironmentStatusBadge, HealthBadge, LockBadge, ProtectedBadge } from "@/app/_components/badges";
import { SkeletonCard } from "@/app/_components/skeleton";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/core/authorize";
import { getEnvironmentDetail } from "@/lib/db/queries/environments";
import { DeployPanel } from "./_components/deploy-panel";
import { EventsCard } from "./_components/events-card";
import { HistoryTable } from "./_components/history-table";
import { LockCard } from "./_components/lock-card";
import { RunningCard } from "./_components/running-card";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

function one(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.slice(0, 300) : null;
}

export default async function EnvironmentPage({ params, searchParams }: Props) {
  const [{ name: rawName }, search, actor] = await Promise.all([params, searchParams, requireUser()]);
  const name = decodeURIComponent(rawName);
  const environment = await getEnvironmentDetail(name);
  if (!environment) notFound();
  const scope = { name: environment.name, protected: environment.protected };
  const lock = environment.lock;
  const canUnlock = Boolean(lock) && can(actor, "unlock", scope) && (actor.role === "ADMIN" || lock?.authorId === actor.userId);
  const tag = one(search.tag);
  const q = one(search.q) ?? "";

  return (
    <div className="space-y-5">
      <AutoRefresh active={Boolean(environment.active) || (environment.status !== null && environment.status !== "Ready")} intervalMs={4_000} />
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/" className="hover:text-slate-900">
            Overview
          </Link>{" "}
          /{" "}
          <Link href={`/applications/${encodeURIComponent(environment.applicationName)}`} className="hover:text-slate-900">
            {environment.applicationName}
          </Link>
        </nav>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <h1 className="mr-2 font-mono text-xl font-semibold tracking-tight">{environment.name}</h1>
          <HealthBadge health={environment.health} healthStatus={environment.healthStatus} />
          <EnvironmentStatusBadge status={environment.status} />
          {environment.protected ? <ProtectedBadge /> : null}
          {lock ? <LockBadge authorName={lock.authorName} reason={lock.reason} /> : null}
        </div>
      </div>

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-5">
          <RunningCard environment={environment} />
          <Suspense key={`${tag}|${q}|${one(search.icursor)}`} fallback={<SkeletonCard lines={6} />}>
            <DeployPanel actor={actor} environment={environment} q={q} cursor={one(search.icursor)} tag={tag} />
          </Suspense>
        </div>
        <div className="min-w-0 space-y-5">
          <LockCard environment={environment.name} lock={lock} canLock={can(actor, "lock", scope)} canUnlock={canUnlock} />
          <Suspense fallback={<SkeletonCard lines={5} />}>
            <EventsCard environment={environment.name} />
          </Suspense>
        </div>
      </div>

      <Suspense fallback={<SkeletonCard lines={8} />}>
        <HistoryTable
          environment={environment.name}
          isProtected={environment.protected}
          cursor={one(search.cursor)}
          runningDeployId={environment.running?.id ?? null}
          runningDigest={environment.running?.imageDigest ?? null}
          runningLabel={environment.running?.imageTag ?? environment.versionLabel}
          canRollback={can(actor, "rollback", scope)}
        />
      </Suspense>
    </div>
  );
}
