import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { BundleStore } from "@/lib/core/ports";
import { toAwsCallError } from "./aws-error";

export function createS3BundleStore(s3: S3Client): BundleStore {
  return {
    async put({ bucket, key, bytes, contentType }) {
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
      } catch (error) {
        throw toAwsCallError("PutObject", error);
      }
    },
  };
}
