import { z } from "zod";
import { ApplicationNameSchema, DeployIdSchema, EnvironmentNameSchema, ImageTagSchema, ReasonSchema, RequiredReasonSchema } from "@/lib/core/validation";

// The HTTP API v1's request and response shapes. Route handlers validate with them and
// GET /api/v1/openapi.json is generated from them, so the reference cannot drift.

export const StartDeployBody = z
  .object({
    application: ApplicationNameSchema.describe("The Elastic Beanstalk application, e.g. takumi-server"),
    environment: EnvironmentNameSchema.describe("The environment to deploy to, e.g. takumi-srv-dev"),
    tag: ImageTagSchema.describe("The ECR image tag to deploy, e.g. git_cf7edb2"),
    reason: ReasonSchema.optional().describe("Why (shown in history and the audit log)"),
    force: z.boolean({ error: "force must be true or false" }).optional().describe("Deploy even when that exact bundle already runs healthy"),
  })
  .describe("StartDeploy");

export const RollbackBody = z
  .object({
    reason: RequiredReasonSchema.describe("Why you roll back (required)"),
    toDeployId: DeployIdSchema.optional().describe("The deploy to return to; default: the one before the running deploy"),
    lock: z.boolean({ error: "lock must be true or false" }).optional().describe("Lock the environment afterwards (default true)"),
  })
  .describe("Rollback");

export const LockBody = z
  .object({
    reason: RequiredReasonSchema.describe("Why the environment is locked"),
    expiresAt: z.iso
      .datetime({ offset: true, error: "expiresAt must be an ISO-8601 date-time such as 2026-01-31T18:00:00Z" })
      .optional()
      .describe("When the lock lifts by itself"),
  })
  .describe("Lock");

const CursorSchema = z.string().max(1000, "cursor is too long").optional().describe("nextCursor of the previous page");

export const ImagesQuery = z.object({
  cursor: CursorSchema,
  q: z.string().max(128, "q must be at most 128 characters").optional().describe("Substring of a tag or the digest"),
});

export const PageQuery = z.object({ cursor: CursorSchema });

export const IdempotencyKeySchema = z
  .string()
  .min(1, "Idempotency-Key must not be empty")
  .max(200, "Idempotency-Key must be at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key may contain only printable ASCII without spaces");

// ---- responses ----

const Timestamp = z.string().describe("ISO-8601 date-time");
const DeployStatusSchema = z.enum(["PENDING", "REGISTERING", "UPDATING", "SUCCEEDED", "FAILED", "CANCELLED"]);
const DeployKindSchema = z.enum(["DEPLOY", "ROLLBACK", "EXTERNAL"]);

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().describe("UPPER_SNAKE error code, e.g. ENVIRONMENT_LOCKED"),
      message: z.string().describe("A sentence a person can act on"),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .describe("Error");

export const DeployAccepted = z
  .object({ id: z.uuid(), status: DeployStatusSchema, url: z.string().describe("The deploy's page in the dashboard") })
  .describe("DeployAccepted");

export const DeployNoop = z.object({ id: z.uuid(), status: z.literal("SUCCEEDED"), noop: z.literal(true) }).describe("DeployNoop");

export const DeployEvent = z.object({ at: Timestamp, severity: z.string(), message: z.string() });

export const Deploy = z
  .object({
    id: z.uuid(),
    kind: DeployKindSchema,
    status: DeployStatusSchema,
    application: z.string(),
    environment: z.string(),
    imageTag: z.string().nullable(),
    imageDigest: z.string().nullable(),
    digest: z.string().nullable().describe("Same as imageDigest"),
    commitSha: z.string().nullable(),
    versionLabel: z.string().nullable(),
    actorName: z.string(),
    actor: z.string().describe("Same as actorName"),
    source: z.string(),
    reason: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    rollbackOfId: z.string().nullable(),
    url: z.string(),
    events: z.array(DeployEvent),
  })
  .describe("Deploy");

export const DeployListItem = Deploy.omit({ events: true }).describe("DeployListItem");

export const Application = z.object({ name: z.string(), ecrRepository: z.string(), environments: z.array(z.string()) }).describe("Application");

export const Image = z
  .object({
    tags: z.array(z.string()),
    digest: z.string(),
    pushedAt: Timestamp,
    sizeBytes: z.number(),
    commitSha: z.string().nullable(),
    commitUrl: z.string().nullable(),
  })
  .describe("Image");

export const LockView = z
  .object({ id: z.string(), author: z.string(), reason: z.string(), createdAt: Timestamp, expiresAt: Timestamp.nullable() })
  .describe("Lock");

export const Environment = z
  .object({
    name: z.string(),
    application: z.string(),
    protected: z.boolean(),
    status: z.string().nullable(),
    health: z.string().nullable(),
    versionLabel: z.string().nullable(),
    image: z.object({ tag: z.string().nullable(), digest: z.string().nullable(), commitSha: z.string().nullable(), deployId: z.string() }).nullable(),
    lock: LockView.nullable(),
    activeDeploy: z
      .object({
        id: z.string(),
        kind: DeployKindSchema,
        status: DeployStatusSchema,
        imageTag: z.string().nullable(),
        actorName: z.string(),
        createdAt: Timestamp,
      })
      .nullable(),
    polledAt: Timestamp.nullable(),
  })
  .describe("Environment");

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const UnlockResult = z.object({ released: z.boolean() });
export const LockResult = z.object({ lock: LockView });
