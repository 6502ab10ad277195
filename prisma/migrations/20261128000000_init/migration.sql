-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'DEPLOYER', 'ADMIN');

-- CreateEnum
CREATE TYPE "DeployKind" AS ENUM ('DEPLOY', 'ROLLBACK', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "DeployStatus" AS ENUM ('PENDING', 'REGISTERING', 'UPDATING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DeploySource" AS ENUM ('WEB', 'API', 'CLI', 'SYSTEM');

-- CreateEnum
CREATE TYPE "TemplateFormat" AS ENUM ('DOCKERRUN_V1', 'DOCKERRUN_V2', 'COMPOSE');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('USER', 'TOKEN', 'SYSTEM');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'REFUSED', 'DENIED', 'FAILURE');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('SLACK', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT,
    "email" TEXT,
    "emailVerified" TIMESTAMP(3),
    "image" TEXT,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "disabledAt" TIMESTAMP(3),
    "lastSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "userId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("provider","providerAccountId")
);

-- CreateTable
CREATE TABLE "Session" (
    "sessionToken" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL
);

-- CreateTable
CREATE TABLE "VerificationToken" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VerificationToken_pkey" PRIMARY KEY ("identifier","token")
);

-- CreateTable
CREATE TABLE "Application" (
    "name" TEXT NOT NULL,
    "ecrRepository" TEXT,
    "commitUrlTemplate" TEXT,
    "compareUrlTemplate" TEXT,
    "tagPattern" TEXT NOT NULL DEFAULT '^git_([0-9a-f]{7,40})$',
    "description" TEXT,
    "ebSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Environment" (
    "name" TEXT NOT NULL,
    "applicationName" TEXT NOT NULL,
    "protected" BOOLEAN NOT NULL DEFAULT false,
    "deployTimeoutSec" INTEGER NOT NULL DEFAULT 1800,
    "ebEnvironmentId" TEXT,
    "status" TEXT,
    "health" TEXT,
    "healthStatus" TEXT,
    "versionLabel" TEXT,
    "solutionStack" TEXT,
    "platformArn" TEXT,
    "cname" TEXT,
    "ebUpdatedAt" TIMESTAMP(3),
    "polledAt" TIMESTAMP(3),
    "goneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Environment_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "EnvironmentEvent" (
    "id" BIGSERIAL NOT NULL,
    "environmentName" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnvironmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Image" (
    "repositoryName" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "tags" TEXT[],
    "sizeBytes" BIGINT NOT NULL,
    "pushedAt" TIMESTAMP(3) NOT NULL,
    "mediaType" TEXT,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Image_pkey" PRIMARY KEY ("repositoryName","digest")
);

-- CreateTable
CREATE TABLE "RepositorySync" (
    "repositoryName" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,
    "imageCount" INTEGER NOT NULL,
    "registryId" TEXT,
    "repositoryUri" TEXT,
    "error" TEXT,

    CONSTRAINT "RepositorySync_pkey" PRIMARY KEY ("repositoryName")
);

-- CreateTable
CREATE TABLE "DockerrunTemplate" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "applicationName" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "format" "TemplateFormat" NOT NULL DEFAULT 'DOCKERRUN_V1',
    "body" TEXT NOT NULL,
    "files" JSONB NOT NULL DEFAULT '{}',
    "message" TEXT,
    "authorId" UUID,
    "authorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DockerrunTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationVersion" (
    "applicationName" TEXT NOT NULL,
    "versionLabel" TEXT NOT NULL,
    "bundleHash" TEXT,
    "s3Bucket" TEXT,
    "s3Key" TEXT,
    "createdByDpl" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "ApplicationVersion_pkey" PRIMARY KEY ("applicationName","versionLabel")
);

-- CreateTable
CREATE TABLE "Deploy" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "DeployKind" NOT NULL DEFAULT 'DEPLOY',
    "status" "DeployStatus" NOT NULL DEFAULT 'PENDING',
    "applicationName" TEXT NOT NULL,
    "environmentName" TEXT NOT NULL,
    "imageTag" TEXT,
    "imageDigest" TEXT,
    "imageUri" TEXT,
    "imagePushedAt" TIMESTAMP(3),
    "commitSha" TEXT,
    "bundleHash" TEXT,
    "bundleFileName" TEXT,
    "bundle" BYTEA,
    "versionLabel" TEXT,
    "s3Bucket" TEXT,
    "s3Key" TEXT,
    "templateRevision" INTEGER,
    "previousVersionLabel" TEXT,
    "rollbackOfId" UUID,
    "actorId" UUID,
    "actorName" TEXT NOT NULL,
    "tokenId" UUID,
    "source" "DeploySource" NOT NULL,
    "reason" TEXT,
    "force" BOOLEAN NOT NULL DEFAULT false,
    "lockAfter" BOOLEAN NOT NULL DEFAULT false,
    "updateIntentAt" TIMESTAMP(3),
    "ebRequestId" TEXT,
    "eventsCursor" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "markedFaultyAt" TIMESTAMP(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Deploy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeployEvent" (
    "id" BIGSERIAL NOT NULL,
    "deployId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'EB',
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeployEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lock" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "environmentName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "authorId" UUID,
    "authorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "releasedByName" TEXT,

    CONSTRAINT "Lock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" "ActorType" NOT NULL,
    "actorId" UUID,
    "actorName" TEXT NOT NULL,
    "tokenId" UUID,
    "source" "DeploySource",
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "applicationName" TEXT,
    "environmentName" TEXT,
    "deployId" UUID,
    "outcome" "AuditOutcome" NOT NULL,
    "code" TEXT,
    "message" TEXT,
    "details" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "environments" TEXT[],
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "tokenId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("tokenId","key")
);

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "bucket" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("bucket","windowStart")
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "applicationName" TEXT,
    "environmentName" TEXT,
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "channelId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "deployId" UUID,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");

-- CreateIndex
CREATE INDEX "Environment_applicationName_idx" ON "Environment"("applicationName");

-- CreateIndex
CREATE INDEX "EnvironmentEvent_environmentName_at_idx" ON "EnvironmentEvent"("environmentName", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "EnvironmentEvent_environmentName_at_message_key" ON "EnvironmentEvent"("environmentName", "at", "message");

-- CreateIndex
CREATE INDEX "Image_repositoryName_pushedAt_digest_idx" ON "Image"("repositoryName", "pushedAt" DESC, "digest");

-- CreateIndex
CREATE UNIQUE INDEX "DockerrunTemplate_applicationName_revision_key" ON "DockerrunTemplate"("applicationName", "revision");

-- CreateIndex
CREATE INDEX "ApplicationVersion_applicationName_bundleHash_idx" ON "ApplicationVersion"("applicationName", "bundleHash");

-- CreateIndex
CREATE INDEX "Deploy_environmentName_createdAt_id_idx" ON "Deploy"("environmentName", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Deploy_applicationName_createdAt_idx" ON "Deploy"("applicationName", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Deploy_status_idx" ON "Deploy"("status");

-- CreateIndex
CREATE INDEX "Deploy_finishedAt_idx" ON "Deploy"("finishedAt");

-- CreateIndex
CREATE INDEX "DeployEvent_deployId_id_idx" ON "DeployEvent"("deployId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "DeployEvent_deployId_at_message_key" ON "DeployEvent"("deployId", "at", "message");

-- CreateIndex
CREATE INDEX "Lock_environmentName_createdAt_idx" ON "Lock"("environmentName", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_environmentName_at_id_idx" ON "AuditEvent"("environmentName", "at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_actorName_at_id_idx" ON "AuditEvent"("actorName", "at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_id_idx" ON "AuditEvent"("action", "at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_outcome_at_id_idx" ON "AuditEvent"("outcome", "at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "NotificationDelivery_channelId_createdAt_idx" ON "NotificationDelivery"("channelId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Environment" ADD CONSTRAINT "Environment_applicationName_fkey" FOREIGN KEY ("applicationName") REFERENCES "Application"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DockerrunTemplate" ADD CONSTRAINT "DockerrunTemplate_applicationName_fkey" FOREIGN KEY ("applicationName") REFERENCES "Application"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deploy" ADD CONSTRAINT "Deploy_rollbackOfId_fkey" FOREIGN KEY ("rollbackOfId") REFERENCES "Deploy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeployEvent" ADD CONSTRAINT "DeployEvent_deployId_fkey" FOREIGN KEY ("deployId") REFERENCES "Deploy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

