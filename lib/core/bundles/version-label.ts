// EB version labels are 1-100 characters and unique per application. The label stays
// readable (the tag first) and unique per bundle (12 hex digits of its hash).

export const maxVersionLabelLength = 100;

export function versionLabelFor(tag: string, bundleHash: string): string {
  const suffix = `-${bundleHash.slice(0, 12)}`;
  const room = maxVersionLabelLength - suffix.length;
  const readable = tag.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, room) || "bundle";
  return `${readable}${suffix}`;
}

/** `<app>/<label>.json|.zip`, the key layout `eb deploy` uses, within S3's 1024-character limit. */
export function s3KeyFor(application: string, label: string, extension: "json" | "zip"): string {
  return `${application}/${label}.${extension}`;
}
