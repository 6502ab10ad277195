import { AwsCallError } from "@/lib/core/errors";

type SdkError = { name?: string; code?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };

/** Keeps AWS's own code and message (what an operator searches for); network failures get their errno as the code. */
export function toAwsCallError(operation: string, error: unknown): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const e = (error ?? {}) as SdkError;
  const code = e.Code ?? (e.name && e.name !== "Error" ? e.name : undefined) ?? e.code ?? "UnknownError";
  const message = e.message || (code === "TimeoutError" ? "the request timed out" : "no message");
  return new AwsCallError(operation, code, message, e.$metadata?.httpStatusCode);
}

export function awsErrorCode(error: unknown): string | undefined {
  const e = (error ?? {}) as SdkError;
  return e.Code ?? e.name ?? e.code;
}
