import { commitShaFromTag, fillUrlTemplate, shortDigest, shortSha } from "@/lib/format/digest";

/** An image as people name it: the tag, the commit it was built from (linked) and a short digest. */
export function ImageRef({
  tag,
  digest,
  commitSha,
  tagPattern,
  commitUrlTemplate,
  showDigest = true,
}: {
  tag: string | null;
  digest?: string | null;
  commitSha?: string | null;
  tagPattern: string;
  commitUrlTemplate: string | null;
  showDigest?: boolean;
}) {
  const sha = commitSha ?? commitShaFromTag(tag, tagPattern);
  const commitUrl = sha ? fillUrlTemplate(commitUrlTemplate, { sha }) : null;
  return (
    <span className="inline-flex min-w-0 flex-wrap items-baseline gap-x-2">
      <span className="truncate font-mono text-sm font-semibold text-slate-900">{tag ?? "untagged"}</span>
      {sha ? (
        commitUrl ? (
          <a
            href={commitUrl}
            className="font-mono text-xs text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900"
            rel="noreferrer"
            target="_blank"
          >
            commit {shortSha(sha)}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : (
          <span className="font-mono text-xs text-slate-600">commit {shortSha(sha)}</span>
        )
      ) : null}
      {showDigest && digest ? (
        <span className="font-mono text-xs text-slate-500" title={digest}>
          {shortDigest(digest)}
        </span>
      ) : null}
    </span>
  );
}
