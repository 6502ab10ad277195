import type { AuditStore } from "@/lib/core/ports";
import { db } from "@/lib/db/client";
import { auditData } from "./prisma-helpers";

export function createAuditStore(): AuditStore {
  return {
    async record(entry) {
      await db().auditEvent.create({ data: auditData(entry) });
    },
  };
}
