import {
  byTagStatus,
  digestOf,
  findImage,
  imageNotFound,
  MANIFEST_V2,
  imageDetail,
  imageDetailJson,
  pageOf,
  putImage,
  RawJson,
  repositoryScope,
  sizeOfManifest,
} from "./ecr-images";
import { imageIds, invalid, repository, repositoryView, str, tagFilter, type Json } from "./ecr-params";
import { ACCOUNT_ID, type SandboxState } from "./state";
import { AwsError, type AwsRequest } from "./wire";

// Amazon ECR, awsJson1_1: POST / with x-amz-target AmazonEC2ContainerRegistry_V20150921.<Op>.

export { ecrError, ecrJson } from "./ecr-params";
const TAG_RULE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const NAME_RULE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

function describeImages(state: SandboxState, input: Json) {
  const repo = repository(state, str(input, "repositoryName")!);
  const ids = imageIds(input);
  if (ids) {
    if (input.nextToken !== undefined || input.maxResults !== undefined) {
      throw invalid("Invalid parameter at 'maxResults' failed to satisfy constraint: 'maxResults and nextToken cannot be used with imageIds'");
    }
    return {
      imageDetails: ids.map((id) => {
        const image = findImage(repo, id);
        if (!image) throw imageNotFound(repo, id);
        return imageDetail(repo, image);
      }),
    };
  }
  const status = tagFilter(input);
  const page = pageOf(byTagStatus(repo.images, status), input, repositoryScope(repo, `images:${String(status ?? "ANY")}`));
  const details = page.items.map((image) => imageDetailJson(repo, image)).join(",");
  return new RawJson(`{"imageDetails":[${details}]${page.nextToken ? `,"nextToken":${JSON.stringify(page.nextToken)}` : ""}}`);
}

function batchGetImage(state: SandboxState, input: Json) {
  const repo = repository(state, str(input, "repositoryName")!);
  const images: unknown[] = [];
  const failures: unknown[] = [];
  for (const id of imageIds(input, true)!) {
    const image = findImage(repo, id);
    if (!image) {
      const digestOnly = id.imageDigest && id.imageTag && findImage(repo, { imageDigest: id.imageDigest });
      failures.push(
        digestOnly
          ? { imageId: id, failureCode: "ImageTagDoesNotMatchDigest", failureReason: "Invalid image tag for the provided digest" }
          : { imageId: id, failureCode: "ImageNotFound", failureReason: "Requested image not found" },
      );
      continue;
    }
    images.push({
      registryId: ACCOUNT_ID,
      repositoryName: repo.name,
      imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
      imageManifest: image.manifest || JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_V2, layers: [] }),
      imageManifestMediaType: MANIFEST_V2,
    });
  }
  return { images, failures };
}

function putImageOperation(state: SandboxState, input: Json) {
  const repo = repository(state, str(input, "repositoryName")!);
  const manifest = str(input, "imageManifest")!;
  const tag = str(input, "imageTag", false);
  if (tag !== undefined && !TAG_RULE.test(tag)) {
    throw invalid("Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''");
  }
  const digest = digestOf(manifest);
  const claimed = str(input, "imageDigest", false);
  if (claimed !== undefined && claimed !== digest) {
    throw new AwsError(
      "ImageDigestDoesNotMatchException",
      `Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided digest does not match the manifest'`,
    );
  }
  const existing = findImage(repo, { imageDigest: digest });
  if (existing && (tag === undefined ? true : existing.tags.includes(tag))) {
    throw new AwsError(
      "ImageAlreadyExistsException",
      `Image with digest '${digest}' and tag '${tag ?? "null"}' already exists in the repository with name '${repo.name}' in registry with id '${ACCOUNT_ID}'`,
    );
  }
  if (tag !== undefined && repo.imageTagMutability === "IMMUTABLE" && findImage(repo, { imageTag: tag })) {
    throw new AwsError(
      "ImageTagAlreadyExistsException",
      `The image tag '${tag}' already exists in the '${repo.name}' repository and cannot be overwritten because the repository is immutable.`,
    );
  }
  putImage(repo, { digest, tag, manifest, sizeBytes: sizeOfManifest(manifest) });
  return {
    image: {
      registryId: ACCOUNT_ID,
      repositoryName: repo.name,
      imageId: { imageDigest: digest, ...(tag !== undefined ? { imageTag: tag } : {}) },
      imageManifest: manifest,
      imageManifestMediaType: MANIFEST_V2,
    },
  };
}

export function handleEcr(state: SandboxState, operation: string, input: Json, request: AwsRequest): unknown {
  switch (operation) {
    case "DescribeRepositories": {
      const names = input.repositoryNames;
      if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== "string"))) throw invalid("Invalid parameter at 'repositoryNames'");
      if (names && input.maxResults !== undefined)
        throw invalid("Invalid parameter at 'maxResults' failed to satisfy constraint: 'cannot be used with repositoryNames'");
      const repos = names ? (names as string[]).map((name) => repository(state, name)) : Object.values(state.repositories);
      const page = names ? { items: repos } : pageOf(repos, input, "repositories");
      return { repositories: page.items.map((repo) => repositoryView(repo, request.region)), ...("nextToken" in page ? { nextToken: page.nextToken } : {}) };
    }
    case "CreateRepository": {
      const name = str(input, "repositoryName")!;
      if (!NAME_RULE.test(name) || name.length < 2 || name.length > 256) {
        throw invalid(
          `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`,
        );
      }
      if (state.repositories[name]) {
        throw new AwsError("RepositoryAlreadyExistsException", `The repository with name '${name}' already exists in the registry with id '${ACCOUNT_ID}'`);
      }
      const mutability = input.imageTagMutability === "IMMUTABLE" ? "IMMUTABLE" : "MUTABLE";
      state.repositories[name] = { name, createdAt: Date.now(), images: [], generation: 0, imageTagMutability: mutability };
      return { repository: repositoryView(state.repositories[name], request.region) };
    }
    case "DescribeImages":
      return describeImages(state, input);
    case "ListImages": {
      const repo = repository(state, str(input, "repositoryName")!);
      const status = tagFilter(input);
      const ids = byTagStatus(repo.images, status).flatMap((image) =>
        image.tags.length ? image.tags.map((tag) => ({ imageDigest: image.digest, imageTag: tag })) : [{ imageDigest: image.digest }],
      );
      const page = pageOf(ids, input, repositoryScope(repo, `ids:${String(status ?? "ANY")}`));
      return { imageIds: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    }
    case "BatchGetImage":
      return batchGetImage(state, input);
    case "PutImage":
      return putImageOperation(state, input);
    default:
      throw new AwsError("UnknownOperationException", `Unknown operation ${operation}`);
  }
}

/** Operations that change nothing: the state file is not rewritten for them. */
export const ECR_READS = new Set(["DescribeRepositories", "DescribeImages", "ListImages", "BatchGetImage"]);
