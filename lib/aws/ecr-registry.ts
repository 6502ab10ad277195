import { DescribeImagesCommand, type ECRClient, type ImageDetail } from "@aws-sdk/client-ecr";
import type { Registry, RegistryImage, RepositoryListing } from "@/lib/core/ports";
import { awsErrorCode, toAwsCallError } from "./aws-error";

const notFound = new Set(["ImageNotFoundException", "RepositoryNotFoundException"]);

export function createEcrRegistry(ecr: ECRClient, region: string): Registry {
  const uriOf = (registryId: string, repository: string) => `${registryId}.dkr.ecr.${region}.amazonaws.com/${repository}`;
  return {
    async findImage(repository, ref) {
      try {
        const imageId = "tag" in ref ? { imageTag: ref.tag } : { imageDigest: ref.digest };
        const out = await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [imageId] }));
        const detail = out.imageDetails?.[0];
        if (!detail?.imageDigest) return null;
        return { ...toImage(repository, detail), repositoryUri: uriOf(detail.registryId ?? "", repository) };
      } catch (error) {
        if (notFound.has(awsErrorCode(error) ?? "")) return null;
        throw toAwsCallError("DescribeImages", error);
      }
    },
    async listImages(repository) {
      const images: RegistryImage[] = [];
      let registryId = "";
      let nextToken: string | undefined;
      try {
        // maxResults 1000 is the most DescribeImages allows: a 10,000-image repository costs 10 calls.
        do {
          const out = await ecr.send(new DescribeImagesCommand({ repositoryName: repository, maxResults: 1000, nextToken }));
          for (const detail of out.imageDetails ?? []) {
            if (!detail.imageDigest) continue;
            registryId ||= detail.registryId ?? "";
            images.push(toImage(repository, detail));
          }
          nextToken = out.nextToken;
        } while (nextToken);
      } catch (error) {
        if (awsErrorCode(error) === "RepositoryNotFoundException") return null;
        throw toAwsCallError("DescribeImages", error);
      }
      const listing: RepositoryListing = { repositoryName: repository, registryId, repositoryUri: registryId ? uriOf(registryId, repository) : "", images };
      return listing;
    },
  };
}

function toImage(repository: string, detail: ImageDetail): RegistryImage {
  return {
    repositoryName: repository,
    digest: detail.imageDigest ?? "",
    tags: detail.imageTags ?? [],
    sizeBytes: detail.imageSizeInBytes ?? 0,
    pushedAt: detail.imagePushedAt ?? new Date(0),
    mediaType: detail.imageManifestMediaType ?? null,
  };
}
