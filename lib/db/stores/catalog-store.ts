import type { CatalogStore, TemplateFormat } from "@/lib/core/ports";
import { db } from "@/lib/db/client";

const versionSelect = {
  applicationName: true,
  versionLabel: true,
  bundleHash: true,
  s3Bucket: true,
  s3Key: true,
  createdByDpl: true,
  createdAt: true,
  deletedAt: true,
} as const;

export function toFiles(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export function createCatalogStore(): CatalogStore {
  return {
    async application(name) {
      return db().application.findUnique({
        where: { name },
        select: { name: true, ecrRepository: true, commitUrlTemplate: true, compareUrlTemplate: true, tagPattern: true },
      });
    },
    async environment(name) {
      return db().environment.findUnique({
        where: { name },
        select: {
          name: true,
          applicationName: true,
          protected: true,
          deployTimeoutSec: true,
          status: true,
          health: true,
          versionLabel: true,
          solutionStack: true,
          platformArn: true,
          goneAt: true,
        },
      });
    },
    async template(application) {
      const row = await db().dockerrunTemplate.findFirst({ where: { applicationName: application }, orderBy: { revision: "desc" } });
      return row
        ? { applicationName: row.applicationName, revision: row.revision, format: row.format as TemplateFormat, body: row.body, files: toFiles(row.files) }
        : null;
    },
    async version(application, label) {
      return db().applicationVersion.findUnique({
        where: { applicationName_versionLabel: { applicationName: application, versionLabel: label } },
        select: versionSelect,
      });
    },
    async versionByHash(application, hash) {
      return db().applicationVersion.findFirst({
        where: { applicationName: application, bundleHash: hash, deletedAt: null },
        select: versionSelect,
        orderBy: { createdAt: "desc" },
      });
    },
    async saveVersion(version) {
      await db().applicationVersion.upsert({
        where: { applicationName_versionLabel: { applicationName: version.applicationName, versionLabel: version.versionLabel } },
        create: version,
        update: { ...version, deletedAt: null },
      });
    },
    async markVersionDeleted(application, label) {
      await db().applicationVersion.updateMany({ where: { applicationName: application, versionLabel: label }, data: { deletedAt: new Date() } });
    },
    async listVersions(application) {
      return db().applicationVersion.findMany({
        where: { applicationName: application, createdByDpl: true, deletedAt: null },
        orderBy: { createdAt: "asc" },
        select: versionSelect,
      });
    },
    async recentSuccessfulLabels(application, n) {
      const rows = await db().$queryRaw<{ versionLabel: string }[]>`
        SELECT "versionLabel" FROM (
          SELECT "versionLabel", row_number() OVER (PARTITION BY "environmentName" ORDER BY "createdAt" DESC) AS rank
          FROM "Deploy" WHERE "applicationName" = ${application} AND status = 'SUCCEEDED' AND "versionLabel" IS NOT NULL
        ) ranked WHERE rank <= ${n}`;
      return new Set(rows.map((row) => row.versionLabel));
    },
  };
}
