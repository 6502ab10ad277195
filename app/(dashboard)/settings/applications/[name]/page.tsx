import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { inputClass, labelClass } from "@/app/_components/button-class";
import { Card } from "@/app/_components/card";
import { RelativeTime } from "@/app/_components/relative-time";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/core/authorize";
import { defaultTemplate } from "@/lib/core/templates/default-template";
import { getApplicationSettings, getTemplateRevision, listTemplateRevisions } from "@/lib/db/queries/settings";
import { diffLines } from "@/lib/format/line-diff";
import { previewTemplateAction, saveTemplateAction, updateApplicationSettingsAction } from "../../actions";
import { TemplateEditor } from "./_components/template-editor";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} settings` };
}

const revisionNumber = (value: string | string[] | undefined) => {
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
};

export default async function ApplicationSettingsPage({ params, searchParams }: Props) {
  const [{ name: rawName }, search, actor] = await Promise.all([params, searchParams, requireUser()]);
  const name = decodeURIComponent(rawName);
  const settings = await getApplicationSettings(name);
  if (!settings) notFound();
  const isAdmin = can(actor, "admin");
  const compareFrom = revisionNumber(search.from);
  const compareTo = revisionNumber(search.to);
  const [revisions, current, diffBase, diffHead] = await Promise.all([
    listTemplateRevisions(name),
    getTemplateRevision(name),
    compareFrom !== undefined ? getTemplateRevision(name, compareFrom) : null,
    compareTo !== undefined ? getTemplateRevision(name, compareTo) : null,
  ]);
  const template = current ?? { ...defaultTemplate(), revision: 0 };
  const base = `/settings/applications/${encodeURIComponent(name)}`;

  return (
    <div className="space-y-5">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/settings" className="hover:text-slate-900">
            Settings
          </Link>
        </nav>
        <h1 className="text-xl font-semibold tracking-tight">{name}</h1>
      </div>

      <Card title="Repository and links">
        <ActionForm action={updateApplicationSettingsAction} submitLabel="Save" variant="primary" className="max-w-2xl" readOnly={!isAdmin}>
          <input type="hidden" name="application" value={name} />
          <Field
            id="ecrRepository"
            label="ECR repository"
            hint={`Empty means the repository named ${name}.`}
            defaultValue={settings.ecrRepository ?? ""}
            disabled={!isAdmin}
          />
          <Field
            id="tagPattern"
            label="Commit tag pattern"
            hint="A regular expression; its first group is the commit sha."
            defaultValue={settings.tagPattern}
            disabled={!isAdmin}
          />
          <Field
            id="commitUrlTemplate"
            label="Commit URL"
            hint="e.g. https://github.com/acme/api/commit/{sha}"
            defaultValue={settings.commitUrlTemplate ?? ""}
            disabled={!isAdmin}
          />
          <Field
            id="compareUrlTemplate"
            label="Compare URL"
            hint="e.g. https://github.com/acme/api/compare/{from}...{to}"
            defaultValue={settings.compareUrlTemplate ?? ""}
            disabled={!isAdmin}
          />
        </ActionForm>
      </Card>

      <div className="grid grid-cols-1 gap-5 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title={current ? `Bundle template · revision ${current.revision}` : "Bundle template · built-in default"}>
          <TemplateEditor
            key={template.revision}
            application={name}
            initial={{ format: template.format, body: template.body, files: template.files }}
            canEdit={isAdmin}
            previewAction={previewTemplateAction}
            saveAction={saveTemplateAction}
          />
        </Card>
        <Card title="Revisions" padded={false}>
          {revisions.length === 0 ? (
            <p className="p-4 text-sm text-slate-600">No saved revision: deploys use the built-in Dockerrun v1 template.</p>
          ) : (
            <ol className="divide-y divide-slate-100 text-sm">
              {revisions.map((revision, index) => {
                const previous = revisions[index + 1];
                return (
                  <li key={revision.revision} className="px-4 py-2">
                    <p className="flex items-center justify-between gap-2">
                      <span className="font-semibold">#{revision.revision}</span>
                      <span className="text-xs text-slate-500">
                        <RelativeTime date={revision.createdAt} />
                      </span>
                    </p>
                    <p className="text-xs text-slate-600">
                      {revision.authorName} · {revision.format.replace("_", " ").toLowerCase()}
                    </p>
                    {revision.message ? <p className="text-xs text-slate-800">{revision.message}</p> : null}
                    {previous ? (
                      <Link
                        href={`${base}?from=${previous.revision}&to=${revision.revision}#diff`}
                        className="text-xs text-sky-700 underline underline-offset-2"
                      >
                        Diff with #{previous.revision}
                      </Link>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          )}
        </Card>
      </div>

      {diffBase && diffHead ? (
        <Card id="diff" title={`Changes from #${diffBase.revision} to #${diffHead.revision}`} padded={false}>
          <Diff before={diffBase.body} after={diffHead.body} />
        </Card>
      ) : null}
    </div>
  );
}

function Field({ id, label, hint, defaultValue, disabled }: { id: string; label: string; hint: string; defaultValue: string; disabled: boolean }) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input id={id} name={id} defaultValue={defaultValue} readOnly={disabled} aria-describedby={`${id}-hint`} className={`mt-1 font-mono ${inputClass}`} />
      <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}

function Diff({ before, after }: { before: string; after: string }) {
  const lines = diffLines(before, after);
  const style = { same: "text-slate-700", added: "bg-green-50 text-green-900", removed: "bg-red-50 text-red-900" } as const;
  const sign = { same: " ", added: "+", removed: "-" } as const;
  return (
    <pre className="relative overflow-x-auto p-0 font-mono text-xs leading-5">
      {lines.map((line, index) => (
        <div key={index} className={`px-4 ${style[line.kind]}`}>
          <span className="sr-only">{line.kind === "same" ? "" : `${line.kind}: `}</span>
          <span aria-hidden>{sign[line.kind]} </span>
          {line.text}
        </div>
      ))}
    </pre>
  );
}
