import "server-only";
import { db } from "@/lib/db/client";

// Settings pages: dpl's own per-application and per-environment settings, and the
// application's template revisions (append-only; the newest is the one deploys use).

export type ApplicationSettings = {
  name: string;
  ecrRepository: string | null;
  commitUrlTemplate: string | null;
  compareUrlTemplate: string | null;
  tagPattern: string;
  environments: { name: string; protected: boolean; deployTimeoutSec: number }[];
  latestRevision: number | null;
};

export async function listApplicationSettings(): Promise<ApplicationSettings[]> {
  const applications = await db().application.findMany({
    orderBy: { name: "asc" },
    select: {
      name: true,
      ecrRepository: true,
      commitUrlTemplate: true,
      compareUrlTemplate: true,
      tagPattern: true,
      environments: { where: { goneAt: null }, select: { name: true, protected: true, deployTimeoutSec: true }, orderBy: { name: "asc" } },
      templates: { select: { revision: true }, orderBy: { revision: "desc" }, take: 1 },
    },
  });
  return applications.map(({ templates, ...application }) => ({ ...application, latestRevision: templates[0]?.revision ?? null }));
}

export async function getApplicationSettings(name: string): Promise<ApplicationSettings | null> {
  const all = await listApplicationSettings();
  return all.find((application) => application.name === name) ?? null;
}

export type TemplateRevisionSummary = {
  revision: number;
  format: "DOCKERRUN_V1" | "DOCKERRUN_V2" | "COMPOSE";
  message: string | null;
  authorName: string;
  createdAt: Date;
};

export type TemplateRevision = TemplateRevisionSummary & { body: string; files: Record<string, string> };

export async function listTemplateRevisions(applicationName: string, limit = 50): Promise<TemplateRevisionSummary[]> {
  return db().dockerrunTemplate.findMany({
    where: { applicationName },
    orderBy: { revision: "desc" },
    take: limit,
    select: { revision: true, format: true, message: true, authorName: true, createdAt: true },
  });
}

/** One revision, or the newest when `revision` is omitted. */
export async function getTemplateRevision(applicationName: string, revision?: number): Promise<TemplateRevision | null> {
  const row = await db().dockerrunTemplate.findFirst({
    where: { applicationName, ...(revision !== undefined ? { revision } : {}) },
    orderBy: { revision: "desc" },
    select: { revision: true, format: true, message: true, authorName: true, createdAt: true, body: true, files: true },
  });
  if (!row) return null;
  return { ...row, files: toFiles(row.files) };
}

function toFiles(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
