import { AwsCallError, DplError, isDplError, type ErrorCode, type ErrorDetails } from "@/lib/core/errors";

// The API's one mapping from an error to a response: a DplError keeps its code, status and
// message; anything else is logged here and answered with a bare 500 (never a stack).

export function apiError(error: unknown): Response {
  const known = asDplError(error);
  if (known) {
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    const retryAfter = known.details?.retryAfterSeconds;
    if (known.code === "RATE_LIMITED" && typeof retryAfter === "number") headers["Retry-After"] = String(Math.ceil(retryAfter));
    if (known.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Bearer realm="dpl"';
    return Response.json(known.toBody(), { status: known.status, headers });
  }
  console.error("dpl: unexpected error in an API request:", error);
  return Response.json(
    { error: { code: "INTERNAL_ERROR", message: "dpl hit an unexpected error; it has been logged. Try again, and tell an admin if it persists." } },
    { status: 500, headers: { "Cache-Control": "no-store" } },
  );
}

export { DplError };

/**
 * `instanceof` is not enough: the built server can hold two copies of lib/core/errors (a
 * route handler's bundle and a shared chunk), and a FORBIDDEN thrown by one copy must not
 * become a 500 in the other. Recognise the shape, then rebuild it as our own class.
 */
function asDplError(error: unknown): DplError | undefined {
  if (error instanceof DplError) return error;
  if (error instanceof AwsCallError) return error.toDplError();
  if (isDplError(error)) {
    const details = "details" in error && typeof error.details === "object" && error.details !== null ? (error.details as ErrorDetails) : undefined;
    return new DplError(error.code as ErrorCode, error.message, details);
  }
  if (error instanceof Error && error.name === "AwsCallError" && "toDplError" in error && typeof error.toDplError === "function") {
    const converted: unknown = error.toDplError();
    return converted instanceof Error ? asDplError(converted) : undefined;
  }
  return undefined;
}
