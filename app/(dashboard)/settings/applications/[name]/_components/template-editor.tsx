"use client";

import { useActionState, useState } from "react";
import { buttonClass, inputClass, labelClass } from "@/app/_components/button-class";
import type { TemplateActionState, TemplateProblemView } from "./template-state";

type Action = (state: TemplateActionState, formData: FormData) => Promise<TemplateActionState>;
type Format = "DOCKERRUN_V1" | "DOCKERRUN_V2" | "COMPOSE";

const mainFile: Record<Format, string> = { DOCKERRUN_V1: "Dockerrun.aws.json", DOCKERRUN_V2: "Dockerrun.aws.json", COMPOSE: "docker-compose.yml" };

// The template editor: the engine validates and renders (previewTemplate), this leaf only
// puts each problem next to the line it names and shows the rendered bundle.
export function TemplateEditor({
  application,
  initial,
  canEdit,
  previewAction,
  saveAction,
}: {
  application: string;
  initial: { format: Format; body: string; files: Record<string, string> };
  canEdit: boolean;
  previewAction: Action;
  saveAction: Action;
}) {
  const [format, setFormat] = useState<Format>(initial.format);
  const [body, setBody] = useState(initial.body);
  const [files, setFiles] = useState(Object.entries(initial.files).map(([name, text]) => ({ name, text })));
  const [preview, previewFormAction, previewing] = useActionState(previewAction, null);
  const [saved, saveFormAction, saving] = useActionState(saveAction, null);
  const latest = saved ?? preview;
  const problems = latest && !latest.ok ? latest.errors : [];
  const fileNames = new Set(files.map((file) => file.name));
  const mainProblems = problems.filter((problem) => !fileNames.has(problem.path));
  const filesJson = JSON.stringify(Object.fromEntries(files.filter((file) => file.name.trim()).map((file) => [file.name.trim(), file.text])));

  return (
    <form className="space-y-4">
      <input type="hidden" name="application" value={application} />
      <input type="hidden" name="files" value={filesJson} />
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="template-format" className={labelClass}>
            Format
          </label>
          <select
            id="template-format"
            name="format"
            value={format}
            disabled={!canEdit}
            onChange={(event) => setFormat(event.target.value as Format)}
            className={`mt-1 ${inputClass}`}
          >
            <option value="DOCKERRUN_V1">Dockerrun v1 (single container)</option>
            <option value="DOCKERRUN_V2">Dockerrun v2 (ECS platform)</option>
            <option value="COMPOSE">docker-compose.yml</option>
          </select>
          {!canEdit ? <input type="hidden" name="format" value={format} /> : null}
        </div>
        <p className="text-xs text-slate-600">
          Placeholders: <code className="font-mono">{"{{image}} {{tag}} {{digest}} {{application}} {{environment}}"}</code>
        </p>
      </div>

      <CodeArea id="template-body" name="body" label={mainFile[format]} value={body} onChange={setBody} problems={mainProblems} readOnly={!canEdit} />

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Extra files</legend>
        <p className="text-xs text-slate-600">.ebextensions/*.config and .platform/... files, bundled at the zip&apos;s root.</p>
        {files.map((file, index) => (
          <div key={index} className="space-y-1 rounded-md p-3 ring-1 ring-slate-200">
            <div className="flex gap-2">
              <label htmlFor={`file-name-${index}`} className="sr-only">
                File name
              </label>
              <input
                id={`file-name-${index}`}
                value={file.name}
                readOnly={!canEdit}
                onChange={(event) => setFiles(files.map((f, i) => (i === index ? { ...f, name: event.target.value } : f)))}
                className={`font-mono ${inputClass}`}
                placeholder=".ebextensions/01-options.config"
              />
              {canEdit ? (
                <button type="button" className={buttonClass("ghost")} onClick={() => setFiles(files.filter((_, i) => i !== index))}>
                  Remove
                </button>
              ) : null}
            </div>
            <CodeArea
              id={`file-text-${index}`}
              label={`Contents of ${file.name || "the new file"}`}
              value={file.text}
              onChange={(text) => setFiles(files.map((f, i) => (i === index ? { ...f, text } : f)))}
              problems={problems.filter((problem) => problem.path === file.name)}
              readOnly={!canEdit}
              rows={6}
              hideLabel
            />
          </div>
        ))}
        {canEdit ? (
          <button type="button" className={buttonClass("secondary")} onClick={() => setFiles([...files, { name: "", text: "" }])}>
            Add a file
          </button>
        ) : null}
      </fieldset>

      {canEdit ? (
        <div>
          <label htmlFor="template-message" className={labelClass}>
            What changed (for the revision history)
          </label>
          <input id="template-message" name="message" maxLength={300} className={`mt-1 ${inputClass}`} />
        </div>
      ) : null}

      <div aria-live="polite">
        {latest ? (
          <p
            role={latest.ok ? "status" : "alert"}
            className={`rounded-md px-3 py-2 text-sm ${latest.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}
          >
            {latest.message}
            {!latest.ok && latest.errors.length > 0 ? ` ${latest.errors.length} problem${latest.errors.length > 1 ? "s" : ""}, shown at their lines.` : ""}
          </p>
        ) : null}
      </div>

      <div className="flex flex-wrap gap-2">
        <button type="submit" formAction={previewFormAction} disabled={previewing} className={buttonClass("secondary")}>
          {previewing ? "Checking…" : "Validate and preview"}
        </button>
        {canEdit ? (
          <button type="submit" formAction={saveFormAction} disabled={saving} className={buttonClass("primary")}>
            {saving ? "Saving…" : "Save as new revision"}
          </button>
        ) : (
          <p className="self-center text-xs text-slate-600">Only admins can change templates.</p>
        )}
      </div>

      {preview?.ok && preview.rendered !== undefined ? <Rendered rendered={preview.rendered} /> : null}
    </form>
  );
}

function CodeArea({
  id,
  name,
  label,
  value,
  onChange,
  problems,
  readOnly,
  rows = 18,
  hideLabel = false,
}: {
  id: string;
  name?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problems: TemplateProblemView[];
  readOnly: boolean;
  rows?: number;
  hideLabel?: boolean;
}) {
  const lineCount = Math.max(value.split("\n").length, rows);
  const badLines = new Set(problems.map((problem) => problem.line).filter((line): line is number => typeof line === "number"));
  const errorId = `${id}-errors`;
  return (
    <div>
      <label htmlFor={id} className={hideLabel ? "sr-only" : `${labelClass} font-mono`}>
        {label}
      </label>
      <div className="mt-1 flex overflow-hidden rounded-md ring-1 ring-slate-300 focus-within:ring-2 focus-within:ring-slate-900">
        <div aria-hidden className="select-none bg-slate-100 py-2 text-right font-mono text-xs leading-5 text-slate-600">
          {Array.from({ length: lineCount }, (_, i) => (
            <div key={i} className={`px-2 ${badLines.has(i + 1) ? "bg-red-200 font-bold text-red-800" : ""}`}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id={id}
          name={name}
          value={value}
          readOnly={readOnly}
          onChange={(event) => onChange(event.target.value)}
          rows={lineCount}
          spellCheck={false}
          wrap="off"
          aria-invalid={problems.length > 0 ? true : undefined}
          aria-describedby={problems.length > 0 ? errorId : undefined}
          className="block w-full resize-y overflow-x-auto border-0 bg-white px-3 py-2 font-mono text-xs leading-5 text-slate-900 outline-none"
        />
      </div>
      {problems.length > 0 ? (
        <ul id={errorId} className="mt-1 space-y-0.5 text-xs text-red-800" data-testid="template-problems">
          {problems.map((problem, index) => (
            <li key={index}>
              {problem.line ? <span className="font-semibold">Line {problem.line}: </span> : null}
              {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Rendered({ rendered }: { rendered: unknown }) {
  const files = renderedFiles(rendered);
  return (
    <section aria-label="Rendered bundle" className="space-y-2">
      {files.map((file) => (
        <div key={file.name}>
          <p className="font-mono text-xs font-semibold text-slate-700">{file.name}</p>
          <pre className="mt-1 max-h-80 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100">{file.text}</pre>
        </div>
      ))}
    </section>
  );
}

function renderedFiles(rendered: unknown): { name: string; text: string }[] {
  if (typeof rendered === "string") return [{ name: "bundle", text: rendered }];
  if (rendered && typeof rendered === "object") {
    const record = rendered as { main?: { name: string; text: string }; files?: { name: string; text: string }[]; fileName?: string; text?: string };
    if (record.main) return [record.main, ...(record.files ?? [])];
    if (typeof record.text === "string") return [{ name: record.fileName ?? "bundle", text: record.text }];
    if (Array.isArray(rendered)) return rendered as { name: string; text: string }[];
  }
  return [{ name: "bundle", text: JSON.stringify(rendered, null, 2) }];
}
