/** "sha256:0123456789abcdef…" -> "0123456789ab": enough to tell images apart at a glance. */
export function shortDigest(digest: string | null | undefined, length = 12): string {
  if (!digest) return "";
  const hex = digest.includes(":") ? digest.slice(digest.indexOf(":") + 1) : digest;
  return hex.slice(0, length);
}

export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : "";
}

/** The commit sha a tag names under the application's tag pattern (first capture group), if any. */
export function commitShaFromTag(tag: string | null | undefined, tagPattern: string): string | null {
  if (!tag) return null;
  try {
    const match = new RegExp(tagPattern).exec(tag);
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Fills `{sha}` (and `{from}`/`{to}` for compare URLs) into an application's URL template. */
export function fillUrlTemplate(template: string | null | undefined, values: Record<string, string>): string | null {
  if (!template) return null;
  let url = template;
  for (const [key, value] of Object.entries(values)) url = url.replaceAll(`{${key}}`, encodeURIComponent(value));
  return /\{[a-z]+\}/.test(url) ? null : url;
}
