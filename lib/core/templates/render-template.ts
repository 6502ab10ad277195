import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from "yaml";
import type { TemplateFormat } from "../ports";
import { substitute, unknownPlaceholders, type TemplateValues } from "./placeholders";

export type TemplateProblem = { path: string; message: string; line?: number };
export type RenderedFile = { name: string; text: string };
export type RenderResult = { ok: true; main: RenderedFile; files: RenderedFile[] } | { ok: false; errors: TemplateProblem[] };

export const mainFileName: Record<TemplateFormat, string> = {
  DOCKERRUN_V1: "Dockerrun.aws.json",
  DOCKERRUN_V2: "Dockerrun.aws.json",
  COMPOSE: "docker-compose.yml",
};

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: TemplateProblem };

export function parseJson(path: string, text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position
      ? text.slice(0, Number(position[1])).split("\n").length
      : /line (\d+)/.exec(message)
        ? Number(/line (\d+)/.exec(message)?.[1])
        : undefined;
    return { ok: false, problem: { path, message: `Not valid JSON: ${message}`, line } };
  }
}

/** Replaces placeholders in every string (keys included) of a parsed JSON value. */
export function renderJsonValue(value: unknown, values: TemplateValues): unknown {
  if (typeof value === "string") return substitute(value, values);
  if (Array.isArray(value)) return value.map((item) => renderJsonValue(item, values));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [substitute(key, values), renderJsonValue(item, values)]));
  }
  return value;
}

// A bare `{{name}}` in YAML is a flow mapping, not text. Placeholders become plain-scalar
// tokens before parsing and values replace the tokens inside string scalars afterwards.
const token = (name: string) => `dpl-placeholder-${name}-5f0c`;
const tokenPattern = /dpl-placeholder-([A-Za-z_][A-Za-z0-9_]*)-5f0c/g;

export function parseYaml(path: string, text: string): { ok: true; document: Document } | { ok: false; problem: TemplateProblem } {
  const tokenized = text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_whole, name: string) => token(name));
  const document = parseDocument(tokenized, { prettyErrors: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error) return { ok: false, problem: { path, message: `Not valid YAML: ${error.message.split("\n")[0]}`, line: error.linePos?.[0]?.line } };
  return { ok: true, document };
}

/** Replaces placeholders inside YAML string scalars; the YAML serializer quotes what needs quoting. */
export function renderYamlDocument(document: Document, values: TemplateValues): string {
  const copy = document.clone();
  visit(copy, {
    Scalar(_key, node) {
      if (typeof node.value === "string") {
        const rendered = substitute(
          node.value.replace(tokenPattern, (_whole, name: string) => `{{${name}}}`),
          values,
        );
        if (rendered !== node.value) {
          node.value = rendered;
          // A block or plain style chosen for the template text may not fit the value.
          node.type = undefined;
        }
      }
    },
  });
  return copy.toString({ lineWidth: 0 });
}

export function isYamlMap(document: Document): boolean {
  return isMap(document.contents);
}

export { isMap, isScalar, isSeq };

/** The kinds of extra files whose contents are structured and so rendered; anything else is copied verbatim. */
export function extraFileKind(name: string): "json" | "yaml" | "verbatim" {
  if (/\.json$/i.test(name)) return "json";
  if (/\.(config|ya?ml)$/i.test(name)) return "yaml";
  return "verbatim";
}

export function checkPlaceholders(path: string, text: string): TemplateProblem[] {
  return unknownPlaceholders(text).map((name) => ({
    path,
    message: `Unknown placeholder {{${name}}}: use {{image}}, {{tag}}, {{digest}}, {{application}} or {{environment}}`,
    line: lineOf(text, `{{${name}`),
  }));
}

export function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index < 0 ? undefined : text.slice(0, index).split("\n").length;
}
