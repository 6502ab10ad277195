// The values a template may name. Rendering replaces them inside parsed JSON/YAML string
// nodes, so a value is escaped by the serializer and can never close its string or add keys.

export type TemplateValues = {
  image: string;
  tag: string;
  digest: string;
  application: string;
  environment: string;
};

export const placeholderNames: readonly (keyof TemplateValues)[] = ["image", "tag", "digest", "application", "environment"];

const placeholderPattern = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(placeholderPattern)) {
    if (!(placeholderNames as readonly string[]).includes(match[1])) unknown.add(match[1]);
  }
  return [...unknown];
}

export function mentionsPlaceholder(text: string, name: keyof TemplateValues): boolean {
  for (const match of text.matchAll(placeholderPattern)) if (match[1] === name) return true;
  return false;
}

/** Substitutes inside one string value; the caller serializes the result. */
export function substitute(text: string, values: TemplateValues): string {
  return text.replace(placeholderPattern, (whole, name: string) =>
    (placeholderNames as readonly string[]).includes(name) ? values[name as keyof TemplateValues] : whole,
  );
}

/** Sample values for validating and previewing a template before any image is chosen. */
export function sampleValues(application: string, repositoryUri = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${application}`): TemplateValues {
  const digest = `sha256:${"0".repeat(64)}`;
  return { image: `${repositoryUri}@${digest}`, tag: "git_0000000", digest, application, environment: `${application}-env`.slice(0, 40) };
}
