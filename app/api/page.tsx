import type { Metadata } from "next";
import { openApiDocument } from "@/lib/api/openapi";

// The human API reference at /api: public, rendered from the same OpenAPI document as
// /api/v1/openapi.json (itself generated from the zod schemas the handlers validate with).

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-static";

type Json = Record<string, unknown>;
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  parameters?: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: { content: { "application/json": { schema: { $ref: string } } } };
  responses: Record<string, { description: string; content?: { "application/json": { schema: Json } } }>;
};

const methods = ["get", "post", "put", "delete"] as const;

function refName(schema: Json | undefined): string | null {
  if (!schema) return null;
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? null;
  if (schema.type === "array" && schema.items && typeof (schema.items as Json).$ref === "string") return `${refName(schema.items as Json)}[]`;
  return null;
}

export default function ApiReferencePage() {
  const document = openApiDocument() as {
    info: { title: string; description: string };
    paths: Record<string, Partial<Record<(typeof methods)[number], Operation>>>;
    components: { schemas: Record<string, Json> };
  };
  const schemas = document.components.schemas;
  return (
    <main className="mx-auto max-w-4xl space-y-8 px-4 py-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{document.info.title} v1</h1>
        <p className="text-sm">{document.info.description}</p>
        <p className="text-sm">
          Machine-readable:{" "}
          <a className="underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI 3.1). Limits: bodies up to 64 KB; a per-token request rate per minute (429 RATE_LIMITED with Retry-After).
        </p>
        <pre className="overflow-x-auto rounded bg-gray-100 p-3 text-xs dark:bg-gray-900">
          {`curl -X POST "$DPL_URL/api/v1/deploys" \\
  -H "Authorization: Bearer $DPL_TOKEN" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: $(uuidgen)" \\
  -d '{"application":"takumi-server","environment":"takumi-srv-dev","tag":"git_cf7edb2"}'`}
        </pre>
      </header>
      <nav aria-label="Endpoints">
        <h2 className="text-lg font-semibold">Endpoints</h2>
        <ul className="list-disc pl-6 text-sm">
          {Object.entries(document.paths).flatMap(([path, item]) =>
            methods
              .filter((method) => item[method])
              .map((method) => (
                <li key={`${method} ${path}`}>
                  <a className="underline" href={`#${item[method]!.operationId}`}>
                    <code>
                      {method.toUpperCase()} {path}
                    </code>
                  </a>{" "}
                  {item[method]!.summary}
                </li>
              )),
          )}
        </ul>
      </nav>
      {Object.entries(document.paths).flatMap(([path, item]) =>
        methods
          .filter((method) => item[method])
          .map((method) => {
            const operation = item[method]!;
            const requestSchema = refName(operation.requestBody?.content["application/json"].schema);
            return (
              <section key={`${method} ${path}`} id={operation.operationId} className="space-y-2 border-t pt-4">
                <h2 className="font-mono text-lg font-semibold">
                  {method.toUpperCase()} {path}
                </h2>
                <p className="text-sm">{operation.summary}</p>
                {operation.description ? <p className="text-sm">{operation.description}</p> : null}
                {operation.parameters?.length ? (
                  <>
                    <h3 className="font-semibold">Parameters</h3>
                    <ul className="list-disc pl-6 text-sm">
                      {operation.parameters.map((parameter) => (
                        <li key={`${parameter.in}-${parameter.name}`}>
                          <code>{parameter.name}</code> ({parameter.in}
                          {parameter.required ? ", required" : ""}){parameter.description ? `: ${parameter.description}` : ""}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {requestSchema ? (
                  <>
                    <h3 className="font-semibold">Body ({requestSchema})</h3>
                    <pre className="overflow-x-auto rounded bg-gray-100 p-3 text-xs dark:bg-gray-900">{JSON.stringify(schemas[requestSchema], null, 2)}</pre>
                  </>
                ) : null}
                <h3 className="font-semibold">Responses</h3>
                <table className="text-sm">
                  <tbody>
                    {Object.entries(operation.responses).map(([status, response]) => (
                      <tr key={status}>
                        <td className="pr-4 align-top font-mono">{status}</td>
                        <td className="pr-4 align-top font-mono">{refName(response.content?.["application/json"].schema) ?? ""}</td>
                        <td className="align-top">{response.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            );
          }),
      )}
      <section className="space-y-2 border-t pt-4">
        <h2 className="text-lg font-semibold">Schemas</h2>
        {Object.entries(schemas).map(([name, schema]) => (
          <details key={name} id={`schema-${name}`}>
            <summary className="cursor-pointer font-mono">{name}</summary>
            <pre className="overflow-x-auto rounded bg-gray-100 p-3 text-xs dark:bg-gray-900">{JSON.stringify(schema, null, 2)}</pre>
          </details>
        ))}
      </section>
    </main>
  );
}
