import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

// The reference is generated from the handlers' zod schemas: it must list every call of
// DESIGN.md's table and every $ref must resolve.

const designCalls = [
  ["post", "/api/v1/deploys"],
  ["get", "/api/v1/deploys/{id}"],
  ["post", "/api/v1/deploys/{id}/cancel"],
  ["get", "/api/v1/applications"],
  ["get", "/api/v1/applications/{name}/images"],
  ["get", "/api/v1/environments"],
  ["get", "/api/v1/environments/{name}/deploys"],
  ["post", "/api/v1/environments/{name}/rollback"],
  ["put", "/api/v1/environments/{name}/lock"],
  ["delete", "/api/v1/environments/{name}/lock"],
] as const;

describe("openApiDocument", () => {
  const document = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown> };
  };

  it("is OpenAPI 3.1 with every call of the v1 table and its error responses", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    for (const [method, path] of designCalls) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["401", "429", "503"]));
    }
    expect(Object.keys(document.paths["/api/v1/deploys"].post.responses)).toEqual(expect.arrayContaining(["200", "202", "400", "403", "404", "409"]));
  });

  it("resolves every $ref", () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const target = ref.slice(8, -1);
      expect(target.startsWith("#/components/schemas/"), target).toBe(true);
      expect(document.components.schemas[target.slice("#/components/schemas/".length)], target).toBeDefined();
    }
  });
});
