import { DplError } from "@/lib/core/errors";
import type { DeployRecord, DeployStore } from "@/lib/core/ports";
import { activeStatuses, assertTransition } from "@/lib/core/deploys/state-machine";
import { db } from "@/lib/db/client";
import type { Deploy } from "@/lib/db/generated/client";
import { randomUUID } from "node:crypto";
import { addJob, addJobStatement, auditData, isUniqueViolation, type Tx } from "./prisma-helpers";
import { writeLockAfterRollback } from "./lock-store";

export function toDeployRecord(row: Deploy): DeployRecord {
  const { markedFaultyAt: _ignored, bundle, ...rest } = row;
  return { ...rest, bundle: bundle ? new Uint8Array(bundle) : null };
}

const bytes = (value: Uint8Array | null | undefined) => (value ? new Uint8Array(value) : value);

export function createDeployStore(): DeployStore {
  return {
    async create(deploy, audit, job) {
      // The id is made here, so the three statements need nothing from each other: one batch
      // transaction (no interactive round trips between them) on the deploy's critical path.
      const id = randomUUID();
      const client = db();
      try {
        const [row] = await client.$transaction([
          client.deploy.create({ data: { ...deploy, id, bundle: bytes(deploy.bundle) } }),
          client.auditEvent.create({ data: auditData({ ...audit, deployId: id }), select: { id: true } }),
          ...(job ? [addJobStatement(client, typeof job === "function" ? job(id) : job)] : []),
        ]);
        return toDeployRecord(row);
      } catch (error) {
        if (!isUniqueViolation(error, "Deploy_one_active_per_environment")) throw error;
        const active = await db().deploy.findFirst({ where: { environmentName: deploy.environmentName, status: { in: [...activeStatuses] } } });
        throw new DplError(
          "ENVIRONMENT_BUSY",
          `${deploy.environmentName} is busy: ${active ? `deploy ${active.id} by ${active.actorName} is ${active.status.toLowerCase()}` : "another deploy was just accepted"}. Wait for it to finish or cancel it.`,
          { deployId: active?.id ?? null, environment: deploy.environmentName },
        );
      }
    },
    async adopt(deploy, audit, latestId) {
      return db().$transaction(async (tx) => {
        // Pollers of one environment queue here; the second then sees the first one's row.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`dpl:adopt:${deploy.environmentName}`}))`;
        const latest = await tx.deploy.findFirst({
          where: { environmentName: deploy.environmentName },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { id: true },
        });
        if ((latest?.id ?? null) !== latestId) return null;
        const row = await tx.deploy.create({ data: { ...deploy, bundle: bytes(deploy.bundle) } });
        await tx.auditEvent.create({ data: auditData({ ...audit, deployId: row.id }) });
        return toDeployRecord(row);
      });
    },
    async get(id) {
      const row = await db().deploy.findUnique({ where: { id } });
      return row ? toDeployRecord(row) : null;
    },
    async update(id, change) {
      if (change.to) for (const from of change.from) assertTransition(from, change.to);
      // One UPDATE ... RETURNING: the compare-and-set and the row after it.
      const compareAndSet = (client: Pick<Tx, "deploy">) =>
        client.deploy.updateManyAndReturn({
          where: { id, status: { in: change.from }, ...change.where },
          // updatedAt always moves: reconcile reads it as the deploy's heartbeat.
          data: { ...change.patch, bundle: bytes(change.patch?.bundle), updatedAt: new Date(), ...(change.to ? { status: change.to } : {}) },
        });
      // A bare transition is that one statement, with no transaction around it: this is every
      // step of the deploy path (PENDING -> REGISTERING -> UPDATING with its intent).
      if (!change.audit && !change.jobs?.length && !change.lock) {
        const [row] = await compareAndSet(db());
        return row ? toDeployRecord(row) : null;
      }
      return db().$transaction(async (tx) => {
        const [row] = await compareAndSet(tx);
        if (!row) return null;
        if (change.audit) await tx.auditEvent.create({ data: auditData({ ...change.audit, deployId: id }) });
        for (const job of change.jobs ?? []) await addJob(tx, job);
        if (change.lock) await writeLockAfterRollback(tx, row.environmentName, change.lock.reason, change.lock.author, row.applicationName, id);
        return toDeployRecord(row);
      });
    },
    async appendEvents(id, events) {
      if (events.length === 0) return 0;
      const { count } = await db().deployEvent.createMany({
        data: events.map((e) => ({
          deployId: id,
          at: e.at,
          severity: e.severity,
          message: e.message,
          source: e.source ?? "EB",
          requestId: e.requestId ?? null,
        })),
        skipDuplicates: true,
      });
      return count;
    },
    async listEvents(id) {
      return db().deployEvent.findMany({
        where: { deployId: id },
        orderBy: [{ at: "asc" }, { id: "asc" }],
        select: { at: true, severity: true, message: true, requestId: true },
      });
    },
    async active(environment) {
      const row = await db().deploy.findFirst({ where: { environmentName: environment, status: { in: [...activeStatuses] } } });
      return row ? toDeployRecord(row) : null;
    },
    async listActive() {
      return (await db().deploy.findMany({ where: { status: { in: [...activeStatuses] } }, orderBy: { createdAt: "asc" } })).map(toDeployRecord);
    },
    async succeeded(environment, limit) {
      const rows = await db().deploy.findMany({
        where: { environmentName: environment, status: "SUCCEEDED" },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map(toDeployRecord);
    },
    async latest(environment) {
      const row = await db().deploy.findFirst({ where: { environmentName: environment }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      return row ? toDeployRecord(row) : null;
    },
    async byLabel(application, label) {
      const row = await db().deploy.findFirst({
        where: { applicationName: application, versionLabel: label, bundle: { not: null } },
        orderBy: { createdAt: "desc" },
      });
      return row ? toDeployRecord(row) : null;
    },
  };
}
