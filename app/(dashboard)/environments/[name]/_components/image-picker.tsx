import Link from "next/link";
import { buttonClass, inputClass } from "@/app/_components/button-class";
import { RelativeTime } from "@/app/_components/relative-time";
import { commitShaFromTag, shortDigest, shortSha } from "@/lib/format/digest";
import { listImages } from "@/lib/db/queries/images";
import { services } from "@/lib/services";
import type { EnvironmentDetail } from "@/lib/db/queries/environments";

// Choosing an image is a plain link (?tag=...): the preview renders on the server, works
// without JavaScript, and the URL can be shared ("deploy this to staging").
export async function ImagePicker({
  environment,
  q,
  cursor,
  selectedTag,
}: {
  environment: EnvironmentDetail;
  q: string;
  cursor: string | null;
  selectedTag: string | null;
}) {
  await services().listImagesIfNeverListed(environment.application.repositoryName);
  const page = await listImages(environment.application.repositoryName, { q, cursor, limit: 8 });
  const runningDigest = environment.running?.imageDigest ?? null;
  const base = `/environments/${encodeURIComponent(environment.name)}`;
  const href = (params: Record<string, string | null>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
    const text = search.toString();
    return `${base}${text ? `?${text}` : ""}#deploy`;
  };
  return (
    <div className="space-y-2">
      <form action={base} method="get" role="search" className="flex gap-2">
        <label htmlFor="image-search" className="sr-only">
          Search images by tag or digest
        </label>
        <input id="image-search" name="q" defaultValue={q} placeholder="Search tag, commit or digest" className={inputClass} />
        {selectedTag ? <input type="hidden" name="tag" value={selectedTag} /> : null}
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>
      {page.items.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-600">
          {q ? `No image matches “${q}”.` : "No images in this repository yet. Push one from CI, or refresh the application's images."}
        </p>
      ) : (
        <ul aria-label="Images, newest first" className="divide-y divide-slate-100 overflow-hidden rounded-md ring-1 ring-slate-200">
          {page.items.map((image) => {
            const tag = image.tags.find((t) => commitShaFromTag(t, environment.application.tagPattern)) ?? image.tags[0] ?? null;
            const selected = tag !== null && tag === selectedTag;
            const running = image.digest === runningDigest;
            const sha = commitShaFromTag(tag, environment.application.tagPattern);
            const body = (
              <>
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-mono text-sm font-semibold">{tag ?? "untagged"}</span>
                  <span className="block truncate text-xs text-slate-500">
                    {sha ? `commit ${shortSha(sha)} · ` : ""}
                    <span className="font-mono">{shortDigest(image.digest)}</span> · pushed <RelativeTime date={image.pushedAt} />
                  </span>
                </span>
                {running ? (
                  <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-800 ring-1 ring-inset ring-green-600/25">running</span>
                ) : null}
                {selected ? <span className="text-xs font-semibold text-slate-900">selected</span> : null}
              </>
            );
            return (
              <li key={image.digest}>
                {tag ? (
                  <Link
                    href={href({ tag, q: q || null, icursor: cursor })}
                    data-tag={tag}
                    data-running={running ? "true" : undefined}
                    aria-current={selected ? "true" : undefined}
                    scroll={false}
                    className={`flex items-center gap-3 px-3 py-2 hover:bg-slate-50 ${selected ? "bg-slate-100 ring-2 ring-inset ring-slate-900" : ""}`}
                  >
                    {body}
                  </Link>
                ) : (
                  <div className="flex items-center gap-3 px-3 py-2 text-slate-500">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="flex justify-between text-sm">
        {cursor ? (
          <Link href={href({ q: q || null, tag: selectedTag })} scroll={false} className="text-sky-700 underline underline-offset-2">
            Newest
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link href={href({ q: q || null, tag: selectedTag, icursor: page.nextCursor })} scroll={false} className="text-sky-700 underline underline-offset-2">
            Older images
          </Link>
        ) : null}
      </div>
    </div>
  );
}
