export type TemplateProblemView = { path: string; message: string; line?: number };

export type TemplateActionState = { ok: true; message: string; rendered?: unknown } | { ok: false; message: string; errors: TemplateProblemView[] } | null;
