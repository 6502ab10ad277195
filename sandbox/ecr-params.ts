import { RawJson, type ImageId } from "./ecr-images";
import { ACCOUNT_ID, repositoryUri, type RepositoryRecord, type SandboxState } from "./state";
import { AwsError, type AwsResponse } from "./wire";

// ECR's awsJson1_1 envelope and the parameter checks every ECR operation shares.

export type Json = Record<string, unknown>;

export function ecrJson(status: number, body: unknown, requestId: string): AwsResponse {
  const text = body instanceof RawJson ? body.text : JSON.stringify(body);
  return { status, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId }, body: text };
}

export function ecrError(error: AwsError, requestId: string): AwsResponse {
  return {
    status: error.status,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId, "x-amzn-errortype": error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

export const invalid = (message: string) => new AwsError("InvalidParameterException", message);

export function str(input: Json, key: string, required = true): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) {
    if (required) throw invalid(`1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof value !== "string") throw new AwsError("SerializationException", `Unexpected value type for ${key}`);
  return value;
}

export function repository(state: SandboxState, name: string): RepositoryRecord {
  const repo = state.repositories[name];
  if (!repo) throw new AwsError("RepositoryNotFoundException", `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT_ID}'`);
  return repo;
}

export function repositoryView(repo: RepositoryRecord, region: string) {
  return {
    repositoryArn: `arn:aws:ecr:${region}:${ACCOUNT_ID}:repository/${repo.name}`,
    registryId: ACCOUNT_ID,
    repositoryName: repo.name,
    repositoryUri: repositoryUri(repo.name, region),
    createdAt: repo.createdAt / 1000,
    imageTagMutability: repo.imageTagMutability ?? "MUTABLE",
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: "AES256" },
  };
}

export function imageIds(input: Json, required = false): ImageId[] | undefined {
  const ids = input.imageIds;
  if (ids === undefined || ids === null) {
    if (required) throw invalid("1 validation error detected: Value null at 'imageIds' failed to satisfy constraint: Member must not be null");
    return undefined;
  }
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100 || ids.some((id) => typeof id !== "object" || id === null)) {
    throw invalid(
      "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100 and greater than or equal to 1'",
    );
  }
  return ids as ImageId[];
}

export function tagFilter(input: Json): unknown {
  const filter = input.filter;
  return filter && typeof filter === "object" ? (filter as Json).tagStatus : undefined;
}
