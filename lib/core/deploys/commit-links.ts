import type { ApplicationRecord } from "../ports";

/** The commit a tag names through the application's tag pattern (first capture group), or null. */
export function commitShaOf(application: Pick<ApplicationRecord, "tagPattern">, tag: string | null): string | null {
  if (!tag) return null;
  try {
    const match = new RegExp(application.tagPattern).exec(tag);
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

export function commitUrlOf(application: Pick<ApplicationRecord, "commitUrlTemplate">, sha: string | null): string | null {
  return sha && application.commitUrlTemplate ? application.commitUrlTemplate.replaceAll("{sha}", encodeURIComponent(sha)) : null;
}

export function compareUrlOf(application: Pick<ApplicationRecord, "compareUrlTemplate">, from: string | null, to: string | null): string | null {
  if (!from || !to || !application.compareUrlTemplate) return null;
  return application.compareUrlTemplate.replaceAll("{from}", encodeURIComponent(from)).replaceAll("{to}", encodeURIComponent(to));
}
