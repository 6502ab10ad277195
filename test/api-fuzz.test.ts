import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "@/scripts/stack";
import { startApiStack, type ApiStack } from "./api-helpers";

// Random JSON, wrong types, huge strings, unicode and missing fields against the write
// endpoints of the real app: never a 500, always the error body on a refusal.

let api: ApiStack;
let token: string;

beforeAll(async () => {
  ensureBuilt();
  api = await startApiStack({ DPL_RATE_LIMIT_PER_MINUTE: "100000" });
  token = (await api.token("DEPLOYER")).token;
}, 180_000);

afterAll(async () => {
  await api?.stop();
});

const allowed = new Set([200, 202, 400, 403, 404, 409, 413, 415, 502]);

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.string({ minLength: 1000, maxLength: 70_000 }),
  fc.constantFrom("", " ", "\u0000", "takumi-server", "takumi-srv-dev", "git_cf7edb2", "../../etc", "💥".repeat(50)),
);
const value = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const field = (name: string) => fc.option(fc.tuple(fc.constant(name), value), { nil: undefined });
const shaped = (names: string[]) =>
  fc.tuple(...names.map(field), fc.dictionary(fc.string(), value, { maxKeys: 2 })).map(([...parts]) => {
    const extra = parts.pop() as Record<string, unknown>;
    return { ...extra, ...Object.fromEntries((parts as ([string, unknown] | undefined)[]).filter((p) => p !== undefined)) };
  });
const raw = fc.oneof(
  fc.json().map((j) => ({ raw: j, type: "application/json" })),
  fc.string().map((s) => ({ raw: s, type: "application/json" })),
  fc.string().map((s) => ({ raw: s, type: "text/plain" })),
  fc.anything().map((a) => ({ raw: JSON.stringify(a) ?? "null", type: "application/json" })),
);

async function check(
  method: string,
  path: string,
  body: { json: unknown } | { raw: string; type: string } | undefined,
  headers: Record<string, string> = {},
  alsoAllowed: number[] = [],
) {
  const request: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...headers } };
  if (body === undefined) {
    // a GET carries no body
  } else if ("json" in body) {
    request.body = JSON.stringify(body.json);
    (request.headers as Record<string, string>)["content-type"] = "application/json";
  } else {
    request.body = body.raw;
    (request.headers as Record<string, string>)["content-type"] = body.type;
  }
  const response = await fetch(`${api.stack.appUrl}${path}`, request);
  const text = await response.text();
  expect(allowed.has(response.status) || alsoAllowed.includes(response.status), `${method} ${path} -> ${response.status}: ${text.slice(0, 300)}`).toBe(true);
  expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  if (response.status >= 400) {
    const parsed = JSON.parse(text) as { error: { code: string; message: string } };
    expect(parsed.error.code).toMatch(/^[A-Z_]+$/);
    expect(parsed.error.message.length).toBeGreaterThan(0);
  }
}

const runs = { numRuns: 100, interruptAfterTimeLimit: 40_000 };

describe("fuzzing the write endpoints", () => {
  it("POST /api/v1/deploys", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          shaped(["application", "environment", "tag", "reason", "force"]).map((json) => ({ json })),
          raw,
        ),
        fc.option(fc.string({ maxLength: 300 })),
        async (body, key) => {
          await check("POST", "/api/v1/deploys", body, key === null ? {} : { "idempotency-key": key.replace(/[\r\n]/g, "") });
        },
      ),
      runs,
    );
  }, 60_000);

  it("POST /api/v1/environments/{name}/rollback", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          shaped(["reason", "toDeployId", "lock"]).map((json) => ({ json })),
          raw,
        ),
        fc.constantFrom("takumi-srv-dev", "nope-env", "%F0%9F%92%A5", "a".repeat(300)),
        async (body, name) => {
          await check("POST", `/api/v1/environments/${name}/rollback`, body);
        },
      ),
      runs,
    );
  }, 60_000);

  it("PUT and DELETE /api/v1/environments/{name}/lock", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          shaped(["reason", "expiresAt"]).map((json) => ({ json })),
          raw,
        ),
        fc.constantFrom("takumi-srv-staging", "nope-env", "%00"),
        fc.boolean(),
        async (body, name, unlock) => {
          await check("PUT", `/api/v1/environments/${name}/lock`, body);
          if (unlock) await check("DELETE", `/api/v1/environments/${name}/lock`, body);
        },
      ),
      runs,
    );
  }, 60_000);

  it("raw bytes, odd content types, odd paths, query strings and headers on every route", async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom("..", "%", "%00", "%ff", "💥", "a".repeat(2_000), "00000000-0000-4000-8000-000000000000"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/v1/deploys/", "/api/v1/applications/", "/api/v1/environments/"),
        segment,
        fc.constantFrom("", "/images", "/deploys", "/cancel", "/lock", "/rollback"),
        fc.constantFrom("GET", "POST", "PUT", "DELETE"),
        fc.string({ maxLength: 200 }),
        fc.constantFrom("application/json", "application/json; charset=utf-16", "text/plain", "multipart/form-data", "application/vnd.x+json"),
        fc.oneof(
          fc.constant(""),
          fc.string({ maxLength: 300 }).map((q) => `?cursor=${encodeURIComponent(q)}&q=${encodeURIComponent(q)}`),
        ),
        fc.option(
          fc.string({ maxLength: 60 }).filter((k) => /^[\x20-\x7e]*$/.test(k)),
          { nil: undefined },
        ),
        async (base, id, suffix, method, raw, type, query, key) => {
          const target = `${base}${encodeURIComponent(id)}${suffix}${query}`;
          const headers: Record<string, string> = key === undefined ? {} : { "idempotency-key": key };
          await check(method, target, method === "GET" ? undefined : { raw, type }, headers, [404, 405]);
        },
      ),
      runs,
    );
    const invalidUtf8 = await fetch(`${api.stack.appUrl}/api/v1/deploys`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(invalidUtf8.status).toBe(400);
    for (const header of ["Bearer", "Bearer ", "Basic Zm9vOmJhcg==", `Bearer ${"x".repeat(10_000)}`, "Bearer dpl_💥"]) {
      // fetch refuses a few of these itself (non-ASCII header values); the rest must be a 401.
      const reply = await fetch(`${api.stack.appUrl}/api/v1/environments`, { headers: { authorization: header } }).catch(() => undefined);
      if (reply) expect(reply.status).toBe(401);
    }
  }, 60_000);
});
