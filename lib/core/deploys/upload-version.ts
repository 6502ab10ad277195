import { s3KeyFor } from "../bundles/version-label";
import { AwsCallError } from "../errors";
import type { Deps, DeployRecord } from "../ports";
import { deleteOldVersions } from "./delete-old-versions";

export type UploadedVersion = Pick<DeployRecord, "versionLabel" | "s3Bucket" | "s3Key">;

/** S3 then CreateApplicationVersion ("already exists" is success), recorded by hash; also used to re-create a deleted label. */
export async function uploadVersion(deps: Deps, deploy: DeployRecord, label: string): Promise<UploadedVersion> {
  const uploaded = await createVersion(deps, deploy, label);
  await recordVersion(deps, deploy, uploaded);
  return uploaded;
}

/** The upload and CreateApplicationVersion, not yet recorded (see recordVersion). */
export async function createVersion(deps: Deps, deploy: DeployRecord, label: string): Promise<UploadedVersion> {
  const bundle = deploy.bundle;
  if (!bundle) throw new AwsCallError("CreateApplicationVersion", "BundleMissing", `dpl has no stored bundle for ${label}; deploy the image again instead.`);
  const extension = deploy.bundleFileName?.endsWith(".zip") ? "zip" : "json";
  const bucket = await deps.aws.beanstalk.storageBucket();
  const key = s3KeyFor(deploy.applicationName, label, extension);
  await deps.aws.bundles.put({ bucket, key, bytes: bundle, contentType: extension === "zip" ? "application/zip" : "application/json" });
  const version = {
    application: deploy.applicationName,
    label,
    bucket,
    key,
    description: `dpl: ${deploy.imageTag ?? label} (${deploy.imageDigest ?? "no digest"})`,
  };
  try {
    await deps.aws.beanstalk.createVersion(version);
  } catch (error) {
    if (!(error instanceof AwsCallError) || error.awsCode !== "TooManyApplicationVersionsException") throw error;
    // The quota bit before hygiene did: free room now, then try once more.
    await deleteOldVersions(deps, deploy.applicationName, { urgent: true });
    await deps.aws.beanstalk.createVersion(version);
  }
  return { versionLabel: label, s3Bucket: bucket, s3Key: key };
}

/** dpl's record of a version it created: found again by bundle hash, and deleted by hygiene when old. */
export async function recordVersion(deps: Deps, deploy: DeployRecord, version: UploadedVersion): Promise<void> {
  await deps.catalog.saveVersion({
    applicationName: deploy.applicationName,
    versionLabel: version.versionLabel as string,
    bundleHash: deploy.bundleHash,
    s3Bucket: version.s3Bucket as string,
    s3Key: version.s3Key as string,
    createdByDpl: true,
  });
}
