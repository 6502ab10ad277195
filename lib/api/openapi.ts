import { z } from "zod";
import {
  Application,
  Deploy,
  DeployAccepted,
  DeployListItem,
  DeployNoop,
  Environment,
  ErrorResponse,
  Image,
  ImagesQuery,
  LockBody,
  LockResult,
  PageQuery,
  RollbackBody,
  StartDeployBody,
  UnlockResult,
  pageOf,
} from "./schemas";

// OpenAPI 3.1 for /api/v1, generated from the zod schemas the route handlers validate with.

type Json = Record<string, unknown>;

function schema(type: z.ZodType, io: "input" | "output" = "output"): Json {
  const out = z.toJSONSchema(type, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  delete out.$schema;
  return out;
}

const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };

const errorDescriptions: Record<string, string> = {
  "400": "Invalid input (VALIDATION_FAILED, details.fieldErrors) or malformed JSON",
  "401": "No token, or an unknown, revoked or expired token (UNAUTHENTICATED)",
  "403": "The token's role or scope does not allow this, or the environment is protected (FORBIDDEN)",
  "404": "Unknown application, environment, tag or deploy",
  "409":
    "Conflict: ENVIRONMENT_BUSY (details.deployId), ENVIRONMENT_LOCKED (details.author, reason, expiresAt), ENVIRONMENT_NOT_READY, PLATFORM_MISMATCH, DEPLOY_NOT_CANCELLABLE, ROLLBACK_NOT_POSSIBLE, IDEMPOTENCY_KEY_REUSED",
  "413": "Body over 64 KB (PAYLOAD_TOO_LARGE)",
  "415": "Body not sent as application/json (UNSUPPORTED_MEDIA_TYPE)",
  "429": "Too many requests for this token this minute (RATE_LIMITED); see Retry-After",
  "502": "An AWS verification read failed (AWS_ERROR; AWS's code and message in details)",
  "503": "The database is unreachable (DATABASE_UNAVAILABLE); retry",
};

function errors(...codes: string[]): Json {
  const all = ["401", "429", "503", ...codes];
  return Object.fromEntries(all.sort().map((code) => [code, { description: errorDescriptions[code], content: errorContent }]));
}

function ok(description: string, ref: Json): Json {
  return { description, content: { "application/json": { schema: ref } } };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function body(name: string): Json {
  return { required: true, content: { "application/json": { schema: ref(name) } } };
}

function queryParameters(type: z.ZodObject): Json[] {
  const json = schema(type, "input") as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    description: property.description,
    schema: property,
  }));
}

const pathParameter = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });

export function openApiDocument(serverUrl?: string): Json {
  const security = [{ bearer: [] }];
  return {
    openapi: "3.1.0",
    info: {
      title: "dpl HTTP API",
      version: "1",
      description:
        'Deploy pre-built Docker images from Amazon ECR to AWS Elastic Beanstalk. Send "Authorization: Bearer <token>" with a token from Settings > API tokens. Errors always have the body {"error": {"code", "message", "details?"}}.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security,
    paths: {
      "/api/v1/deploys": {
        post: {
          operationId: "startDeploy",
          summary: "Deploy an image tag to an environment",
          description:
            "Verifies the tag, application, environment, lock and readiness, then accepts the deploy (202). When that exact bundle already runs healthy and force is not set, answers 200 with noop: true. With an Idempotency-Key header, a retry from the same token within 24 h returns the first successful response; the same key with a different body is 409 IDEMPOTENCY_KEY_REUSED.",
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description: "Any unique string of printable ASCII, up to 200 characters",
              schema: { type: "string", maxLength: 200 },
            },
          ],
          requestBody: body("StartDeploy"),
          responses: {
            "202": ok("Accepted; follow it with GET /api/v1/deploys/{id}", ref("DeployAccepted")),
            "200": ok("Nothing to do: that bundle already runs healthy", ref("DeployNoop")),
            ...errors("400", "403", "404", "409", "413", "415", "502"),
          },
        },
      },
      "/api/v1/deploys/{id}": {
        get: {
          operationId: "getDeploy",
          summary: "A deploy with its events",
          parameters: [pathParameter("id", "The deploy's id")],
          responses: { "200": ok("The deploy", ref("Deploy")), ...errors("404") },
        },
      },
      "/api/v1/deploys/{id}/cancel": {
        post: {
          operationId: "cancelDeploy",
          summary: "Abort a deploy that is UPDATING (EB rolls the update back)",
          parameters: [pathParameter("id", "The deploy's id")],
          responses: { "202": ok("Cancellation requested", ref("DeployAccepted")), ...errors("403", "404", "409", "502") },
        },
      },
      "/api/v1/applications": {
        get: {
          operationId: "listApplications",
          summary: "Applications with their ECR repository and environments",
          responses: { "200": ok("Applications", { type: "array", items: ref("Application") }), ...errors() },
        },
      },
      "/api/v1/applications/{name}/images": {
        get: {
          operationId: "listImages",
          summary: "An application's ECR images, newest first",
          parameters: [pathParameter("name", "The application"), ...queryParameters(ImagesQuery)],
          responses: { "200": ok("A page of images", ref("ImagePage")), ...errors("400", "404") },
        },
      },
      "/api/v1/environments": {
        get: {
          operationId: "listEnvironments",
          summary: "Environments with status, health, running version and image, lock and active deploy",
          responses: { "200": ok("Environments", { type: "array", items: ref("Environment") }), ...errors() },
        },
      },
      "/api/v1/environments/{name}/deploys": {
        get: {
          operationId: "listEnvironmentDeploys",
          summary: "An environment's deploys, newest first",
          parameters: [pathParameter("name", "The environment"), ...queryParameters(PageQuery)],
          responses: { "200": ok("A page of deploys", ref("DeployPage")), ...errors("400", "404") },
        },
      },
      "/api/v1/environments/{name}/rollback": {
        post: {
          operationId: "rollback",
          summary: "Roll back to a previous deploy (passes through locks; locks afterwards unless lock: false)",
          parameters: [pathParameter("name", "The environment")],
          requestBody: body("Rollback"),
          responses: { "202": ok("Accepted", ref("DeployAccepted")), ...errors("400", "403", "404", "409", "413", "415", "502") },
        },
      },
      "/api/v1/environments/{name}/lock": {
        put: {
          operationId: "lockEnvironment",
          summary: "Lock an environment against new deploys",
          parameters: [pathParameter("name", "The environment")],
          requestBody: body("Lock"),
          responses: { "200": ok("Locked", ref("LockResult")), ...errors("400", "403", "404", "409", "413", "415") },
        },
        delete: {
          operationId: "unlockEnvironment",
          summary: "Lift the environment's lock (its author or an admin)",
          parameters: [pathParameter("name", "The environment")],
          responses: { "200": ok("released: whether a lock was lifted", ref("UnlockResult")), ...errors("403", "404") },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A dpl API token (dpl_...)" } },
      schemas: {
        StartDeploy: schema(StartDeployBody, "input"),
        Rollback: schema(RollbackBody, "input"),
        Lock: schema(LockBody, "input"),
        DeployAccepted: schema(DeployAccepted),
        DeployNoop: schema(DeployNoop),
        Deploy: schema(Deploy),
        DeployPage: schema(pageOf(DeployListItem)),
        Application: schema(Application),
        ImagePage: schema(pageOf(Image)),
        Environment: schema(Environment),
        LockResult: schema(LockResult),
        UnlockResult: schema(UnlockResult),
        Error: schema(ErrorResponse),
      },
    },
  };
}
