// Every refusal dpl makes has a code, an HTTP status and a sentence a person can act on.
// The API maps DplError to `{error: {code, message, details}}` in one place; the web UI
// shows `message`.

export const errorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  ENVIRONMENT_NOT_FOUND: 404,
  IMAGE_NOT_FOUND: 404,
  DEPLOY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ENVIRONMENT_BUSY: 409,
  ENVIRONMENT_LOCKED: 409,
  ENVIRONMENT_NOT_READY: 409,
  PLATFORM_MISMATCH: 409,
  DEPLOY_NOT_CANCELLABLE: 409,
  ROLLBACK_NOT_POSSIBLE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  AWS_ERROR: 502,
  DATABASE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetails = Record<string, unknown>;

export class DplError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetails;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = "DplError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/**
 * By shape as well as class: Next.js may load this module twice (the instrumentation hook's
 * bundle and a route's), and an error thrown by one copy fails `instanceof` in the other.
 */
export function isDplError(error: unknown): error is DplError {
  if (error instanceof DplError) return true;
  const candidate = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    candidate.name === "DplError" &&
    typeof candidate.code === "string" &&
    candidate.code in errorStatus &&
    typeof candidate.message === "string"
  );
}

/** An AWS call failed: keep AWS's own code and message, they are what an operator searches for. */
export class AwsCallError extends Error {
  readonly awsCode: string;
  readonly operation: string;
  readonly httpStatus?: number;

  constructor(operation: string, awsCode: string, message: string, httpStatus?: number) {
    super(message);
    this.name = "AwsCallError";
    this.operation = operation;
    this.awsCode = awsCode;
    this.httpStatus = httpStatus;
  }

  toDplError(): DplError {
    return new DplError("AWS_ERROR", `AWS ${this.operation} failed: ${this.awsCode}: ${this.message}`, {
      operation: this.operation,
      awsCode: this.awsCode,
      awsMessage: this.message,
    });
  }
}
