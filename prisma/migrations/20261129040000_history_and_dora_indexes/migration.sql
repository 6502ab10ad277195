-- Partial and covering indexes; schema.prisma cannot express them (see the comments on
-- AuditEvent and Deploy there). Measured in BENCHMARKS.md section 3.

-- An environment's history reads its refusals newest first: without this index, an
-- environment with few refusals had all of its audit rows sorted to find them.
CREATE INDEX "AuditEvent_refusals_environmentName_at_id_idx"
  ON "AuditEvent" ("environmentName", "at" DESC, "id" DESC)
  WHERE "outcome" IN ('REFUSED', 'DENIED');

-- The DORA queries (lib/insights/dora.ts): every column they read, one environment's
-- finished deploys of one status in (finishedAt, id) order, so the window function that
-- finds each deploy's successor sorts nothing and the heap is never read.
CREATE INDEX "Deploy_dora_idx"
  ON "Deploy" ("environmentName", "status", "finishedAt", "id")
  INCLUDE ("kind", "imagePushedAt", "markedFaultyAt")
  WHERE "status" IN ('SUCCEEDED', 'FAILED');
