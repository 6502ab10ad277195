import { createHash } from "node:crypto";
import { digestOf } from "./seed";
import { ACCOUNT_ID, repositoryUri, type ImageRecord, type RepositoryRecord, type SandboxState } from "./state";
import { AwsError, type AwsRequest, type AwsResponse } from "./wire";

// Amazon ECR, awsJson1_1: POST / with x-amz-target AmazonEC2ContainerRegistry_V20150921.<Op>.

type Json = Record<string, unknown>;
const TAG_RULE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function ecrJson(status: number, body: unknown, requestId: string): AwsResponse {
  return { status, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId }, body: JSON.stringify(body) };
}

export function ecrError(error: AwsError, requestId: string): AwsResponse {
  return {
    status: error.status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId, "x-amzn-errortype": error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

function str(input: Json, key: string, required = true): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) {
    if (required)
      throw new AwsError(
        "InvalidParameterException",
        `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  if (typeof value !== "string") throw new AwsError("SerializationException", `Unexpected value type for ${key}`);
  return value;
}

function repository(state: SandboxState, name: string): RepositoryRecord {
  const repo = state.repositories[name];
  if (!repo) throw new AwsError("RepositoryNotFoundException", `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT_ID}'`);
  return repo;
}

function repositoryView(repo: RepositoryRecord, region: string) {
  return {
    repositoryArn: `arn:aws:ecr:${region}:${ACCOUNT_ID}:repository/${repo.name}`,
    registryId: ACCOUNT_ID,
    repositoryName: repo.name,
    repositoryUri: repositoryUri(repo.name, region),
    createdAt: repo.createdAt / 1000,
    imageTagMutability: "MUTABLE",
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: "AES256" },
  };
}

function imageDetail(repo: RepositoryRecord, image: ImageRecord) {
  return {
    registryId: ACCOUNT_ID,
    repositoryName: repo.name,
    imageDigest: image.digest,
    ...(image.tags.length ? { imageTags: image.tags } : {}),
    imageSizeInBytes: image.sizeBytes,
    imagePushedAt: image.pushedAt / 1000,
    imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
    artifactMediaType: "application/vnd.docker.container.image.v1+json",
    imageScanStatus: { status: "COMPLETE", description: "The scan was completed successfully." },
  };
}

type ImageId = { imageDigest?: string; imageTag?: string };

function imageIds(input: Json): ImageId[] | undefined {
  const ids = input.imageIds;
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) {
    throw new AwsError(
      "InvalidParameterException",
      "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100 and greater than or equal to 1'",
    );
  }
  return ids as ImageId[];
}

function findImage(repo: RepositoryRecord, id: ImageId): ImageRecord | undefined {
  return repo.images.find((image) => (!id.imageDigest || image.digest === id.imageDigest) && (!id.imageTag || image.tags.includes(id.imageTag)));
}

function notFound(repo: RepositoryRecord, id: ImageId): AwsError {
  return new AwsError(
    "ImageNotFoundException",
    `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${id.imageTag ?? "null"}'} does not exist within the repository with name '${repo.name}' in the registry with id '${ACCOUNT_ID}'`,
  );
}

/** Pagination tokens carry an offset and the repository generation they were made for. */
function page<T>(items: T[], input: Json, generation: number): { items: T[]; nextToken?: string } {
  const max = input.maxResults === undefined ? 100 : Number(input.maxResults);
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw new AwsError(
      "InvalidParameterException",
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000 and greater than or equal to 1'",
    );
  }
  let offset = 0;
  if (typeof input.nextToken === "string") {
    const [gen, start] = Buffer.from(input.nextToken, "base64url").toString().split(":").map(Number);
    if (gen !== generation || !Number.isInteger(start))
      throw new AwsError("InvalidParameterException", "Invalid parameter at 'nextToken' failed to satisfy constraint: 'The token is invalid or has expired'");
    offset = start;
  }
  const slice = items.slice(offset, offset + max);
  const next = offset + max < items.length ? Buffer.from(`${generation}:${offset + max}`).toString("base64url") : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

function byTagStatus(images: ImageRecord[], input: Json): ImageRecord[] {
  const status = (input.filter as Json | undefined)?.tagStatus;
  if (status === "TAGGED") return images.filter((image) => image.tags.length > 0);
  if (status === "UNTAGGED") return images.filter((image) => image.tags.length === 0);
  return images;
}

export function handleEcr(state: SandboxState, operation: string, input: Json, request: AwsRequest): unknown {
  switch (operation) {
    case "DescribeRepositories": {
      const names = input.repositoryNames as string[] | undefined;
      const repos = names ? names.map((name) => repository(state, name)) : Object.values(state.repositories);
      return { repositories: repos.map((repo) => repositoryView(repo, request.region)) };
    }
    case "CreateRepository": {
      const name = str(input, "repositoryName")!;
      if (!/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name) || name.length < 2 || name.length > 256) {
        throw new AwsError(
          "InvalidParameterException",
          `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`,
        );
      }
      if (state.repositories[name])
        throw new AwsError("RepositoryAlreadyExistsException", `The repository with name '${name}' already exists in the registry with id '${ACCOUNT_ID}'`);
      state.repositories[name] = { name, createdAt: Date.now(), images: [], generation: 0 };
      return { repository: repositoryView(state.repositories[name], request.region) };
    }
    case "DescribeImages": {
      const repo = repository(state, str(input, "repositoryName")!);
      const ids = imageIds(input);
      if (ids) {
        if (input.nextToken !== undefined || input.maxResults !== undefined) {
          throw new AwsError("InvalidParameterException", "Invalid parameter: cannot specify both imageIds and maxResults/nextToken");
        }
        return {
          imageDetails: ids.map((id) => {
            const image = findImage(repo, id);
            if (!image) throw notFound(repo, id);
            return imageDetail(repo, image);
          }),
        };
      }
      const result = page(byTagStatus(repo.images, input), input, repo.generation);
      return { imageDetails: result.items.map((image) => imageDetail(repo, image)), ...(result.nextToken ? { nextToken: result.nextToken } : {}) };
    }
    case "ListImages": {
      const repo = repository(state, str(input, "repositoryName")!);
      const ids = byTagStatus(repo.images, input).flatMap((image) =>
        image.tags.length ? image.tags.map((tag) => ({ imageDigest: image.digest, imageTag: tag })) : [{ imageDigest: image.digest }],
      );
      const result = page(ids, input, repo.generation);
      return { imageIds: result.items, ...(result.nextToken ? { nextToken: result.nextToken } : {}) };
    }
    case "BatchGetImage": {
      const repo = repository(state, str(input, "repositoryName")!);
      const ids = imageIds(input) ?? [];
      const images: unknown[] = [];
      const failures: unknown[] = [];
      for (const id of ids) {
        const image = findImage(repo, id);
        if (!image) {
          failures.push({ imageId: id, failureCode: id.imageTag ? "ImageTagDoesNotMatchDigest" : "ImageNotFound", failureReason: "Requested image not found" });
          continue;
        }
        images.push({
          registryId: ACCOUNT_ID,
          repositoryName: repo.name,
          imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
          imageManifest: image.manifest || JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.docker.distribution.manifest.v2+json", layers: [] }),
          imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
        });
      }
      return { images, failures };
    }
    case "PutImage": {
      const repo = repository(state, str(input, "repositoryName")!);
      const manifest = str(input, "imageManifest")!;
      const tag = str(input, "imageTag", false);
      if (tag !== undefined && !TAG_RULE.test(tag)) {
        throw new AwsError(
          "InvalidParameterException",
          `Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''`,
        );
      }
      const digest = str(input, "imageDigest", false) ?? digestOf(manifest);
      const record = putImage(repo, { digest, tag, manifest, sizeBytes: Buffer.byteLength(manifest) * 4096 });
      return { image: { registryId: ACCOUNT_ID, repositoryName: repo.name, imageId: { imageDigest: record.digest, imageTag: tag }, imageManifest: manifest } };
    }
    default:
      throw new AwsError("UnknownOperationException", `Unknown operation ${operation}`);
  }
}

/** Adds or re-tags an image; a tag moves from any other image (MUTABLE repositories). */
export function putImage(
  repo: RepositoryRecord,
  image: { digest?: string; tag?: string; manifest?: string; sizeBytes?: number; pushedAt?: number },
): ImageRecord {
  const manifest = image.manifest ?? "";
  const digest = image.digest ?? `sha256:${createHash("sha256").update(`${repo.name}:${image.tag}:${Date.now()}:${Math.random()}`).digest("hex")}`;
  if (image.tag) for (const other of repo.images) other.tags = other.tags.filter((t) => t !== image.tag);
  let record = repo.images.find((existing) => existing.digest === digest);
  if (!record) {
    record = { digest, tags: [], sizeBytes: image.sizeBytes ?? 150_000_000, pushedAt: image.pushedAt ?? Date.now(), manifest };
    repo.images.push(record);
  }
  if (image.tag && !record.tags.includes(image.tag)) record.tags.push(image.tag);
  repo.generation++;
  return record;
}
