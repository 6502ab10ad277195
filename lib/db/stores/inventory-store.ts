import type { InventoryStore, RegistryImage } from "@/lib/core/ports";
import { db } from "@/lib/db/client";

const toImage = (row: {
  repositoryName: string;
  digest: string;
  tags: string[];
  sizeBytes: bigint;
  pushedAt: Date;
  mediaType: string | null;
}): RegistryImage => ({
  ...row,
  sizeBytes: Number(row.sizeBytes),
});

export function createInventoryStore(): InventoryStore {
  return {
    async saveApplications(applications, defaultTemplate) {
      const names = applications.map((a) => a.name);
      const existing = new Set((await db().application.findMany({ where: { name: { in: names } }, select: { name: true } })).map((a) => a.name));
      const fresh = applications.filter((a) => !existing.has(a.name));
      const now = new Date();
      await db().$transaction(async (tx) => {
        // A new EB application deploys with zero setup: its namesake ECR repository and the default template.
        await tx.application.createMany({
          data: fresh.map((a) => ({ name: a.name, ecrRepository: a.name, description: a.description, ebSeenAt: now })),
          skipDuplicates: true,
        });
        for (const a of fresh) {
          const template = defaultTemplate(a.name);
          await tx.dockerrunTemplate.createMany({
            data: [
              {
                applicationName: a.name,
                revision: 1,
                format: template.format,
                body: template.body,
                files: template.files,
                authorName: "dpl",
                message: "Default template",
              },
            ],
            skipDuplicates: true,
          });
        }
        await tx.application.updateMany({ where: { name: { in: names } }, data: { ebSeenAt: now } });
      });
      return fresh.map((a) => a.name);
    },
    async saveEnvironments(environments, polledAt) {
      await db().$transaction(async (tx) => {
        for (const e of environments) {
          const data = {
            applicationName: e.applicationName,
            ebEnvironmentId: e.id,
            status: e.status,
            health: e.health,
            healthStatus: e.healthStatus,
            versionLabel: e.versionLabel,
            solutionStack: e.solutionStack,
            platformArn: e.platformArn,
            cname: e.cname,
            ebUpdatedAt: e.updatedAt,
            polledAt,
            goneAt: null,
          };
          await tx.environment.upsert({ where: { name: e.name }, create: { name: e.name, ...data }, update: data });
        }
        // DescribeEnvironments returned every live environment: the others were terminated.
        await tx.environment.updateMany({ where: { name: { notIn: environments.map((e) => e.name) }, goneAt: null }, data: { goneAt: polledAt } });
      });
    },
    async saveEnvironmentState(e, polledAt) {
      await db().environment.updateMany({
        where: { name: e.name },
        data: { status: e.status, health: e.health, healthStatus: e.healthStatus, versionLabel: e.versionLabel, ebUpdatedAt: e.updatedAt, polledAt },
      });
    },
    async saveEnvironmentEvents(events) {
      if (events.length === 0) return;
      await db().environmentEvent.createMany({
        data: events.map((e) => ({ environmentName: e.environmentName, at: e.at, severity: e.severity, message: e.message, requestId: e.requestId })),
        skipDuplicates: true,
      });
    },
    async saveImages(listing, syncedAt) {
      // One statement for any number of images: a 10,000-image repository is one round trip.
      const rows = JSON.stringify(
        listing.images.map((i) => ({
          digest: i.digest,
          tags: i.tags,
          sizeBytes: i.sizeBytes,
          pushedAt: i.pushedAt.toISOString(),
          mediaType: i.mediaType ?? null,
        })),
      );
      await db().$transaction([
        db().$executeRaw`
          INSERT INTO "Image" ("repositoryName", digest, tags, "sizeBytes", "pushedAt", "mediaType", "seenAt")
          SELECT ${listing.repositoryName}, x.digest, x.tags, x."sizeBytes", x."pushedAt", x."mediaType", ${syncedAt}::timestamptz
          FROM jsonb_to_recordset(${rows}::jsonb) AS x(digest text, tags text[], "sizeBytes" bigint, "pushedAt" timestamptz, "mediaType" text)
          ON CONFLICT ("repositoryName", digest) DO UPDATE SET tags = EXCLUDED.tags, "sizeBytes" = EXCLUDED."sizeBytes", "pushedAt" = EXCLUDED."pushedAt", "mediaType" = EXCLUDED."mediaType", "seenAt" = EXCLUDED."seenAt"`,
        db().image.deleteMany({ where: { repositoryName: listing.repositoryName, seenAt: { lt: syncedAt } } }),
        db().repositorySync.upsert({
          where: { repositoryName: listing.repositoryName },
          create: {
            repositoryName: listing.repositoryName,
            syncedAt,
            imageCount: listing.images.length,
            registryId: listing.registryId,
            repositoryUri: listing.repositoryUri,
            error: null,
          },
          update: {
            syncedAt,
            imageCount: listing.images.length,
            registryId: listing.registryId || undefined,
            repositoryUri: listing.repositoryUri || undefined,
            error: null,
          },
        }),
      ]);
    },
    async saveRepositoryError(repository, error, at) {
      await db().repositorySync.upsert({
        where: { repositoryName: repository },
        create: { repositoryName: repository, syncedAt: at, imageCount: 0, error },
        update: { error },
      });
    },
    async hasSynced(repository) {
      return (await db().repositorySync.count({ where: { repositoryName: repository } })) > 0;
    },
    async repositories() {
      const apps = await db().application.findMany({ select: { name: true, ecrRepository: true } });
      return [...new Set(apps.map((a) => a.ecrRepository ?? a.name))];
    },
    async lastEventAt(environment) {
      const row = await db().environmentEvent.findFirst({ where: { environmentName: environment }, orderBy: { at: "desc" }, select: { at: true } });
      return row?.at ?? null;
    },
    async image(repository, tag) {
      const row = await db().image.findFirst({ where: { repositoryName: repository, tags: { has: tag } } });
      return row ? toImage(row) : null;
    },
    async repositoryUri(repository) {
      const row = await db().repositorySync.findUnique({ where: { repositoryName: repository }, select: { repositoryUri: true } });
      return row?.repositoryUri || null;
    },
    async previousImage(repository, before) {
      const row = await db().image.findFirst({ where: { repositoryName: repository, pushedAt: { lt: before } }, orderBy: { pushedAt: "desc" } });
      return row ? toImage(row) : null;
    },
  };
}
