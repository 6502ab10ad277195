import { DplError } from "@/lib/core/errors";
import type { SettingsStore } from "@/lib/core/ports";
import { db } from "@/lib/db/client";
import { actorColumns, auditData, isUniqueViolation } from "./prisma-helpers";

export function createSettingsStore(): SettingsStore {
  return {
    async saveTemplate(template, audit) {
      const who = actorColumns(template.author);
      try {
        return await db().$transaction(async (tx) => {
          const last = await tx.dockerrunTemplate.findFirst({
            where: { applicationName: template.applicationName },
            orderBy: { revision: "desc" },
            select: { revision: true },
          });
          const revision = (last?.revision ?? 0) + 1;
          await tx.dockerrunTemplate.create({
            data: {
              applicationName: template.applicationName,
              revision,
              format: template.format,
              body: template.body,
              files: template.files,
              message: template.message,
              authorId: who.actorId,
              authorName: who.actorName,
            },
          });
          await tx.auditEvent.create({ data: auditData({ ...audit, details: { ...audit.details, revision } }) });
          return { applicationName: template.applicationName, revision, format: template.format, body: template.body, files: template.files };
        });
      } catch (error) {
        // Two admins saving at once: the (application, revision) key lets one win.
        if (isUniqueViolation(error)) throw new DplError("CONFLICT", "Someone saved this template at the same moment; reload and apply your change again.");
        throw error;
      }
    },
    async updateApplication(name, patch, audit) {
      await db().$transaction(async (tx) => {
        await tx.application.update({ where: { name }, data: patch });
        await tx.auditEvent.create({ data: auditData(audit) });
      });
    },
    async updateEnvironment(name, patch, audit) {
      await db().$transaction(async (tx) => {
        await tx.environment.update({ where: { name }, data: patch });
        await tx.auditEvent.create({ data: auditData(audit) });
      });
    },
  };
}
