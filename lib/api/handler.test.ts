import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { DplError } from "@/lib/core/errors";
import { errorResponse, MAX_BODY_BYTES, readJsonBody, sourceOf, validate } from "./handler";
import { LockBody, RollbackBody, StartDeployBody } from "./schemas";

vi.mock("server-only", () => ({}));
// Authentication is lib/auth's (tested there); this file tests reading and mapping only.
vi.mock("@/lib/auth/api-auth", () => ({ authenticateRequest: vi.fn() }));

// The request-reading half of the API wrapper: whatever arrives, the result is parsed input
// or a DplError with a 4xx status, never anything that would become a 500.

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }): Request {
  return new Request("http://dpl.test/api/v1/deploys", { method: "POST", body, headers });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DplError);
    return { code: (error as DplError).code, status: (error as DplError).status };
  }
  throw new Error("expected a refusal");
}

describe("readJsonBody", () => {
  it("parses JSON sent as application/json or a +json type", async () => {
    expect(await readJsonBody(post('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonBody(post('{"a":"💥"}', { "content-type": "application/vnd.dpl+json; charset=utf-8" }))).toEqual({ a: "💥" });
  });

  it("refuses no body, malformed JSON, invalid UTF-8, another type and oversize bodies with their codes", async () => {
    expect(await refusal(readJsonBody(post(null)))).toEqual({ code: "VALIDATION_FAILED", status: 400 });
    expect(await refusal(readJsonBody(post("{nope")))).toEqual({ code: "VALIDATION_FAILED", status: 400 });
    expect(await refusal(readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d]))))).toEqual({ code: "VALIDATION_FAILED", status: 400 });
    expect(await refusal(readJsonBody(post("a=1", { "content-type": "application/x-www-form-urlencoded" })))).toEqual({
      code: "UNSUPPORTED_MEDIA_TYPE",
      status: 415,
    });
    expect(await refusal(readJsonBody(post('{"a":1}', {})))).toEqual({ code: "UNSUPPORTED_MEDIA_TYPE", status: 415 });
    // Counted while streaming, so a missing or lying Content-Length does not help.
    expect(await refusal(readJsonBody(post(JSON.stringify({ r: "x".repeat(MAX_BODY_BYTES) }))))).toEqual({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    expect(await refusal(readJsonBody(post("{}", { "content-type": "application/json", "content-length": String(MAX_BODY_BYTES + 1) })))).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      status: 413,
    });
  });

  it("never throws anything but a 4xx DplError for arbitrary bytes and content types", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2_000 }),
        fc.constantFrom("application/json", "text/plain", "", "application/problem+json"),
        async (bytes, type) => {
          try {
            await readJsonBody(post(bytes, type ? { "content-type": type } : {}));
          } catch (error) {
            expect(error).toBeInstanceOf(DplError);
            expect((error as DplError).status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("validate", () => {
  it("returns the parsed body, or VALIDATION_FAILED naming the field", () => {
    expect(validate(StartDeployBody, { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2" })).toMatchObject({
      tag: "git_cf7edb2",
    });
    try {
      validate(StartDeployBody, { application: "takumi-server", environment: "takumi-srv-dev" });
      throw new Error("expected a refusal");
    } catch (error) {
      expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
      expect((error as DplError).message).toMatch(/^Tag/i);
      expect((error as DplError).details?.fieldErrors).toHaveProperty("tag");
    }
  });

  it("turns any JSON value into parsed input or VALIDATION_FAILED, for every body schema", () => {
    fc.assert(
      fc.property(fc.constantFrom<z.ZodType>(StartDeployBody, RollbackBody, LockBody), fc.jsonValue(), (schema, input) => {
        try {
          validate(schema, input);
        } catch (error) {
          expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
          expect((error as DplError).message.length).toBeLessThanOrEqual(300);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("errorResponse", () => {
  it("maps DplError to its status and body, and database outages to 503", async () => {
    const locked = errorResponse(new DplError("ENVIRONMENT_LOCKED", "takumi-srv-dev is locked by dana: release freeze.", { author: "dana" }));
    expect(locked.status).toBe(409);
    expect(await locked.json()).toEqual({
      error: { code: "ENVIRONMENT_LOCKED", message: "takumi-srv-dev is locked by dana: release freeze.", details: { author: "dana" } },
    });
    const outage = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const unavailable = errorResponse(new Error("query failed", { cause: outage }));
    expect(unavailable.status).toBe(503);
    expect(((await unavailable.json()) as { error: { code: string } }).error.code).toBe("DATABASE_UNAVAILABLE");
    const limited = errorResponse(new DplError("RATE_LIMITED", "Too many requests.", { retryAfterSeconds: 7 }));
    expect(limited.headers.get("retry-after")).toBe("7");
  });
});

describe("sourceOf", () => {
  it("credits the CLI by its user agent, everything else to the API", () => {
    expect(sourceOf(new Request("http://dpl.test/", { headers: { "user-agent": "dpl-cli/0.1.0 node/20" } }))).toBe("CLI");
    expect(sourceOf(new Request("http://dpl.test/", { headers: { "user-agent": "curl/8" } }))).toBe("API");
  });
});
