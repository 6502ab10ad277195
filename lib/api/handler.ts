import "server-only";
import { z } from "zod";
import { authenticateRequest } from "@/lib/auth/api-auth";
import { config } from "@/lib/config";
import type { Actor, Source } from "@/lib/core/actor";
import { DplError, isDplError } from "@/lib/core/errors";
import { apiError } from "@/lib/http/api-error";
import { databaseUnavailable, isDatabaseUnavailable, isInvalidText } from "./errors";
import { checkRateLimit } from "./rate-limit";

// The one wrapper of every /api/v1 route: authenticate, rate-limit per token, read and
// validate the JSON body and query, run, and turn whatever is thrown into the error body.
// No request, however malformed, gets a 500 or a stack trace.

export const MAX_BODY_BYTES = 64 * 1024;

export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> };

export type HandlerContext<P, B, Q> = {
  request: Request;
  actor: Actor;
  params: P;
  body: B;
  query: Q;
  source: Source;
};

type Options<P, B, Q> = {
  /** The body's schema; without one the body is not read. */
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  handle: (context: HandlerContext<P, B, Q>) => Promise<ApiResult>;
};

type RouteContext<P> = { params: Promise<P> };

export function apiRoute<P extends Record<string, string> = Record<string, never>, B = undefined, Q = undefined>(options: Options<P, B, Q>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const actor = await authenticateRequest(request);
      await checkRateLimit(actor);
      const params = (await context.params) ?? ({} as P);
      const body = options.body ? validate(options.body, await readJsonBody(request), "body") : (undefined as B);
      const query = options.query ? validate(options.query, Object.fromEntries(new URL(request.url).searchParams), "query") : (undefined as Q);
      const result = await options.handle({ request, actor, params, body, query, source: sourceOf(request) });
      return json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * A method the route does not serve: 405 with the error body and an Allow header (Next.js's
 * own 405 has an empty body, which API clients cannot read).
 */
export function methodNotAllowed(...allowed: string[]) {
  return async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const response = errorResponse(
      new DplError("METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${pathname.slice(0, 200)}; it accepts ${allowed.join(" and ")}.`, { allowed }),
    );
    response.headers.set("Allow", allowed.join(", "));
    return response;
  };
}

export function json(result: ApiResult): Response {
  return Response.json(result.body, { status: result.status, headers: { "Cache-Control": "no-store", ...result.headers } });
}

/** Any thrown value as the API's error body: DplError and AwsCallError keep their code, database outages are 503. */
export function errorResponse(error: unknown): Response {
  if (!isDplError(error) && isDatabaseUnavailable(error)) {
    console.error("dpl: database unavailable during an API request:", (error as Error)?.message ?? error);
    return apiError(databaseUnavailable());
  }
  if (!isDplError(error) && isInvalidText(error)) {
    return apiError(
      new DplError("VALIDATION_FAILED", "The request contains text PostgreSQL cannot store (a NUL byte or invalid UTF-8).", {
        fieldErrors: {},
        formErrors: ["invalid text"],
      }),
    );
  }
  return apiError(error);
}

/** "CLI" when the dpl command sent the request (User-Agent dpl-cli/...), else "API". */
export function sourceOf(request: Request): Source {
  return /^dpl-cli\//i.test(request.headers.get("user-agent") ?? "") ? "CLI" : "API";
}

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0].trim().toLowerCase();
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** The request's JSON body: 415 for another content type, 413 over 64 KB, 400 for malformed JSON or none. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const length = request.headers.get("content-length");
  if (length !== null && /^\d+$/.test(length.trim()) && Number(length) > MAX_BODY_BYTES) throw tooLarge();
  const contentType = request.headers.get("content-type");
  const text = await readText(request);
  if (text.trim() === "") {
    throw new DplError("VALIDATION_FAILED", "The request needs a JSON body (Content-Type: application/json).", {
      fieldErrors: {},
      formErrors: ["a JSON body is required"],
    });
  }
  if (!isJsonContentType(contentType)) {
    throw new DplError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the body as JSON with "Content-Type: application/json"${contentType ? ` (got "${contentType.slice(0, 100)}")` : ""}.`,
      {
        contentType: contentType?.slice(0, 100) ?? null,
      },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DplError("VALIDATION_FAILED", `The request body is not valid JSON: ${String((error as Error).message).slice(0, 200)}.`, {
      fieldErrors: {},
      formErrors: ["the body is not valid JSON"],
    });
  }
}

function tooLarge(): DplError {
  return new DplError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB; send less.`, { maxBytes: MAX_BODY_BYTES });
}

async function readText(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DplError("VALIDATION_FAILED", "The request body is not valid UTF-8 JSON.", { fieldErrors: {}, formErrors: ["the body is not valid UTF-8"] });
  }
}

/** Parses with a zod schema; a failure is 400 VALIDATION_FAILED with details.fieldErrors. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, where: "body" | "query" = "body"): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const flat = z.flattenError(result.error);
  const first = result.error.issues[0];
  const path = first?.path.map(String).join(".") ?? "";
  const message = first ? (path && !first.message.startsWith(path) ? `${path}: ${first.message}` : first.message) : `The ${where} is invalid`;
  throw new DplError("VALIDATION_FAILED", capitalize(message.slice(0, 300)), {
    fieldErrors: flat.fieldErrors,
    formErrors: flat.formErrors,
    issues: result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function rateLimitPerMinute(): number {
  return config().DPL_RATE_LIMIT_PER_MINUTE;
}
