import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { HealthBadge } from "@/app/_components/badges";
import { buttonClass, inputClass } from "@/app/_components/button-class";
import { EmptyState } from "@/app/_components/empty-state";
import { RelativeTime } from "@/app/_components/relative-time";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/core/authorize";
import { getApplicationLinks, listEnvironmentSummaries } from "@/lib/db/queries/environments";
import { getRepositorySync, listImages } from "@/lib/db/queries/images";
import { formatBytes } from "@/lib/format/bytes";
import { services } from "@/lib/services";
import { commitShaFromTag, fillUrlTemplate, shortDigest, shortSha } from "@/lib/format/digest";
import { refreshImagesAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} images` };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export default async function ApplicationPage({ params, searchParams }: Props) {
  const [{ name: rawName }, search, actor] = await Promise.all([params, searchParams, requireUser()]);
  const name = decodeURIComponent(rawName);
  const application = await getApplicationLinks(name);
  if (!application) notFound();
  const q = first(search.q).slice(0, 128);
  const cursor = first(search.cursor) || null;
  await services().listImagesIfNeverListed(application.repositoryName);
  const [page, environments, sync] = await Promise.all([
    listImages(application.repositoryName, { q, cursor, limit: 50 }),
    listEnvironmentSummaries({ applicationName: name }),
    getRepositorySync(application.repositoryName),
  ]);
  const runningOn = new Map<string, string[]>();
  for (const environment of environments) {
    const digest = environment.running?.imageDigest;
    if (digest) runningOn.set(digest, [...(runningOn.get(digest) ?? []), environment.name]);
  }
  const base = `/applications/${encodeURIComponent(name)}`;
  const canRefresh = can(actor, "deploy");

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
            <Link href="/" className="hover:text-slate-900">
              Overview
            </Link>
          </nav>
          <h1 className="text-xl font-semibold tracking-tight">{name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Images in ECR repository <span className="font-mono">{application.repositoryName}</span>, newest first
            {sync ? (
              <>
                {" · "}
                {sync.imageCount.toLocaleString("en")} images, synced <RelativeTime date={sync.syncedAt} />
              </>
            ) : (
              " · not synced yet"
            )}
          </p>
          {sync?.error ? <p className="mt-1 text-sm text-red-800">Last sync failed: {sync.error}</p> : null}
        </div>
        {canRefresh ? (
          <ActionForm action={refreshImagesAction} submitLabel="Refresh from AWS" pendingLabel="Refreshing…" inline>
            <input type="hidden" name="application" value={name} />
          </ActionForm>
        ) : null}
      </div>

      {environments.length > 0 ? (
        <ul aria-label="Environments" className="flex flex-wrap gap-2">
          {environments.map((environment) => (
            <li key={environment.name}>
              <Link
                href={`/environments/${encodeURIComponent(environment.name)}`}
                className="flex items-center gap-2 rounded-md bg-white px-3 py-1.5 text-sm shadow-sm ring-1 ring-slate-200 hover:bg-slate-50"
              >
                <span className="font-mono">{environment.name}</span>
                <HealthBadge health={environment.health} />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}

      <form action={base} method="get" role="search" className="flex max-w-lg gap-2">
        <label htmlFor="q" className="sr-only">
          Search by tag, commit or digest
        </label>
        <input id="q" name="q" defaultValue={q} placeholder="Search by tag, commit or digest" className={inputClass} />
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
        {q ? (
          <Link href={base} className={buttonClass("ghost")}>
            Clear
          </Link>
        ) : null}
      </form>

      {page.items.length === 0 ? (
        <EmptyState title={q ? `No image matches “${q}”` : "No images yet"}>
          {q ? "Try part of a tag (git_cf7e) or of a digest." : "Push an image to the ECR repository from CI (tag it git_<sha>), then refresh."}
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Images of {name}, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Tag
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Commit
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Digest
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Size
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Pushed
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Running on
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.items.map((image) => {
                const tag = image.tags.find((t) => commitShaFromTag(t, application.tagPattern)) ?? image.tags[0] ?? null;
                const sha = commitShaFromTag(tag, application.tagPattern);
                const commitUrl = sha ? fillUrlTemplate(application.commitUrlTemplate, { sha }) : null;
                const others = image.tags.filter((t) => t !== tag);
                return (
                  <tr key={image.digest}>
                    <td className="px-4 py-2">
                      <span className="font-mono font-semibold">{tag ?? "untagged"}</span>
                      {others.length > 0 ? <span className="ml-2 font-mono text-xs text-slate-500">{others.join(", ")}</span> : null}
                    </td>
                    <td className="px-4 py-2 font-mono text-xs">
                      {sha ? (
                        commitUrl ? (
                          <a href={commitUrl} target="_blank" rel="noreferrer" className="text-sky-700 underline underline-offset-2">
                            {shortSha(sha)}
                            <span className="sr-only"> (opens in a new tab)</span>
                          </a>
                        ) : (
                          shortSha(sha)
                        )
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </td>
                    <td className="px-4 py-2 font-mono text-xs text-slate-600" title={image.digest}>
                      {shortDigest(image.digest)}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-right text-xs text-slate-600">{formatBytes(image.sizeBytes)}</td>
                    <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600">
                      <RelativeTime date={image.pushedAt} />
                    </td>
                    <td className="px-4 py-2 text-xs">
                      <span className="flex flex-wrap gap-1">
                        {(runningOn.get(image.digest) ?? []).map((environment) => (
                          <Link
                            key={environment}
                            href={`/environments/${encodeURIComponent(environment)}`}
                            className="rounded-full bg-green-50 px-2 py-0.5 font-mono text-green-800 ring-1 ring-inset ring-green-600/25 hover:underline"
                          >
                            {environment}
                          </Link>
                        ))}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Image pages" className="flex justify-between text-sm">
        {cursor ? (
          <Link href={`${base}${q ? `?q=${encodeURIComponent(q)}` : ""}`} className="text-sky-700 underline underline-offset-2">
            Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link href={`${base}?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`} className="text-sky-700 underline underline-offset-2">
            Older images
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
