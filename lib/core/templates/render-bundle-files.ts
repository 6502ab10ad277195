import type { TemplateFormat } from "../ports";
import { mentionsPlaceholder, type TemplateValues } from "./placeholders";
import {
  checkPlaceholders,
  extraFileKind,
  mainFileName,
  parseJson,
  parseYaml,
  renderJsonValue,
  renderYamlDocument,
  type RenderResult,
  type RenderedFile,
  type TemplateProblem,
} from "./render-template";
import { validateFormat } from "./validate-format";

export type TemplateInput = { format: TemplateFormat; body: string; files: Record<string, string> };

const maxFiles = 50;

/** Renders a template with values: parse, substitute inside string nodes, serialize, validate. */
export function renderTemplate(template: TemplateInput, values: TemplateValues): RenderResult {
  const main = mainFileName[template.format];
  const errors: TemplateProblem[] = [...checkPlaceholders(main, template.body)];
  if (!mentionsPlaceholder(template.body, "image") && !mentionsPlaceholder(template.body, "digest")) {
    errors.push({ path: main, message: "The template must name the image with {{image}}, or it would deploy the same image every time" });
  }
  let mainFile: RenderedFile | undefined;
  if (template.format === "COMPOSE") {
    const parsed = parseYaml(main, template.body);
    if (!parsed.ok) errors.push(parsed.problem);
    else {
      const text = renderYamlDocument(parsed.document, values);
      const reparsed = parseYaml(main, text);
      if (reparsed.ok) errors.push(...validateFormat("COMPOSE", { yaml: reparsed.document }));
      mainFile = { name: main, text };
    }
  } else {
    const parsed = parseJson(main, template.body);
    if (!parsed.ok) errors.push(parsed.problem);
    else {
      const rendered = renderJsonValue(parsed.value, values);
      errors.push(...validateFormat(template.format, { json: rendered }));
      mainFile = { name: main, text: `${JSON.stringify(rendered, null, 2)}\n` };
    }
  }
  const files: RenderedFile[] = [];
  const names = Object.keys(template.files).sort();
  if (names.length > maxFiles) errors.push({ path: "files", message: `At most ${maxFiles} extra files` });
  for (const name of names) {
    const problem = checkFileName(name, main);
    if (problem) {
      errors.push(problem);
      continue;
    }
    const rendered = renderExtraFile(name, template.files[name], values);
    if ("problem" in rendered) errors.push(...rendered.problem);
    else files.push(rendered);
  }
  if (errors.length > 0 || !mainFile) return { ok: false, errors };
  return { ok: true, main: mainFile, files };
}

function renderExtraFile(name: string, text: string, values: TemplateValues): RenderedFile | { problem: TemplateProblem[] } {
  const kind = extraFileKind(name);
  if (kind === "verbatim") return { name, text };
  const unknown = checkPlaceholders(name, text);
  if (unknown.length > 0) return { problem: unknown };
  if (kind === "json") {
    const parsed = parseJson(name, text);
    if (!parsed.ok) return { problem: [parsed.problem] };
    return { name, text: `${JSON.stringify(renderJsonValue(parsed.value, values), null, 2)}\n` };
  }
  const parsed = parseYaml(name, text);
  if (!parsed.ok) return { problem: [parsed.problem] };
  return { name, text: renderYamlDocument(parsed.document, values) };
}

/** Extra files sit at the bundle's root under relative paths: no escaping the zip, no clobbering the main file. */
export function checkFileName(name: string, main: string): TemplateProblem | null {
  const bad =
    name.length === 0 ||
    name.length > 200 ||
    name.startsWith("/") ||
    name.includes("\\") ||
    name.split("/").some((part) => part === "" || part === "." || part === "..") ||
    /[\u0000-\u001f\u007f]/.test(name);
  if (bad) return { path: `files.${name}`, message: `File name ${JSON.stringify(name)} must be a relative path such as .ebextensions/options.config` };
  if (name === main || name === "Dockerrun.aws.json" || name === "docker-compose.yml") {
    return { path: `files.${name}`, message: `${name} is the template's main file; edit the template body instead` };
  }
  if (name.startsWith(".ebextensions/") && !name.endsWith(".config")) {
    return { path: `files.${name}`, message: "Files under .ebextensions/ must end in .config, or Elastic Beanstalk ignores them" };
  }
  return null;
}
