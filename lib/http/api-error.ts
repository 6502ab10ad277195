import { AwsCallError, DplError, isDplError } from "@/lib/core/errors";

// The API's one mapping from an error to a response: a DplError keeps its code, status and
// message; anything else is logged here and answered with a bare 500 (never a stack).

export function apiError(error: unknown): Response {
  const known = isDplError(error) ? error : error instanceof AwsCallError ? error.toDplError() : undefined;
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
