import { z } from "zod";
import { digestOf, putImage } from "./ecr-images";
import { generateImages, manifestFor } from "./generator";
import type { SandboxState } from "./state";

// The control API of DESIGN.md ("Sandbox control"): only on the sandbox port, never AWS.

export type Fault = { service: string; operation: string; code: string; message: string; httpStatus: number; count: number };
export type RecordedCall = { service: string; operation: string; at: string; durationMs: number; params: Record<string, unknown>; status: number };

export type ControlContext = {
  state: () => SandboxState;
  reset: () => void;
  faults: Fault[];
  latency: { ms: number };
  calls: RecordedCall[];
  changed: () => void;
};

const ImageSchema = z.union([
  z.object({ repository: z.string().min(2).max(256), count: z.number().int().min(1).max(100_000) }),
  z.object({
    repository: z.string().min(2).max(256),
    tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a Docker tag"),
    digest: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/)
      .optional(),
    pushedAt: z.union([z.string(), z.number()]).optional(),
    sizeBytes: z.number().int().positive().optional(),
  }),
]);
const FaultSchema = z.object({
  service: z.enum(["ecr", "elasticbeanstalk", "s3", "sts"]),
  operation: z.string().min(1),
  code: z.string().min(1),
  message: z.string().default("Injected by the dpl sandbox"),
  httpStatus: z.number().int().min(400).max(599).default(400),
  count: z.number().int().min(1).default(1),
});
const LatencySchema = z.object({ ms: z.number().int().min(0).max(60_000) });
const OutcomeSchema = z.object({ environment: z.string().min(1), health: z.enum(["Green", "Red"]), afterMs: z.number().int().min(0).default(0) });
const QuotaSchema = z.object({ versionQuota: z.number().int().min(1) });

type Reply = { status: number; body: unknown };

/** Answers a control request; a malformed one gets a 400 with the reason, never a crash. */
export function handleControl(ctx: ControlContext, method: string, path: string, body: Buffer): Reply {
  try {
    const input: unknown = body.length ? JSON.parse(body.toString("utf8")) : {};
    return controlRoute(ctx, method, path, input);
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") : (error as Error).message;
    return { status: 400, body: { error: message } };
  }
}

function controlRoute(ctx: ControlContext, method: string, path: string, input: unknown): Reply {
  const route = `${method} ${path.replace(/\/$/, "")}`;
  const ok = (body: unknown = { ok: true }): Reply => ({ status: 200, body });
  switch (route) {
    case "GET /_sandbox/state":
      return ok(ctx.state());
    case "POST /_sandbox/reset":
      ctx.reset();
      return ok();
    case "POST /_sandbox/images":
    case "POST /_sandbox/generate": {
      const body = ImageSchema.parse(input);
      const state = ctx.state();
      if ("count" in body) {
        const total = generateImages(state, body.repository, body.count);
        ctx.changed();
        return ok({ repository: body.repository, images: total });
      }
      const repo = (state.repositories[body.repository] ??= { name: body.repository, createdAt: Date.now(), images: [], generation: 0 });
      const pushedAt = body.pushedAt === undefined ? Date.now() : new Date(body.pushedAt).getTime();
      if (Number.isNaN(pushedAt)) return { status: 400, body: { error: "pushedAt: not a date" } };
      const sizeBytes = body.sizeBytes ?? 150_000_000;
      // Without a digest, a fresh build: a manifest of its own (unique per push) and its digest.
      const manifest = body.digest ? "" : manifestFor(repo.name, `${body.tag}@${pushedAt}:${Math.random()}`, sizeBytes);
      const image = putImage(repo, { tag: body.tag, digest: body.digest ?? digestOf(manifest), manifest, sizeBytes, pushedAt });
      ctx.changed();
      return ok({ repository: repo.name, imageDigest: image.digest, imageTags: image.tags, imagePushedAt: new Date(image.pushedAt).toISOString() });
    }
    case "POST /_sandbox/faults":
      ctx.faults.push(FaultSchema.parse(input));
      return ok();
    case "GET /_sandbox/faults":
      return ok({ faults: ctx.faults });
    case "DELETE /_sandbox/faults":
      ctx.faults.length = 0;
      return ok();
    case "POST /_sandbox/latency":
      ctx.latency.ms = LatencySchema.parse(input).ms;
      return ok();
    case "POST /_sandbox/outcomes": {
      const body = OutcomeSchema.parse(input);
      if (!ctx.state().environments[body.environment]) return { status: 404, body: { error: `no environment named ${body.environment}` } };
      ctx.state().outcomes[body.environment] = { health: body.health, afterMs: body.afterMs };
      ctx.changed();
      return ok();
    }
    case "POST /_sandbox/quota":
      ctx.state().versionQuota = QuotaSchema.parse(input).versionQuota;
      return ok();
    case "GET /_sandbox/calls":
      return ok({ calls: ctx.calls });
    case "DELETE /_sandbox/calls":
      ctx.calls.length = 0;
      return ok();
    default:
      return { status: 404, body: { error: `unknown control route ${route}` } };
  }
}

/** Takes the next matching fault, if any (each fires `count` times). */
export function takeFault(faults: Fault[], service: string, operation: string): Fault | undefined {
  const fault = faults.find((f) => f.service === service && f.operation === operation && f.count > 0);
  if (!fault) return undefined;
  fault.count--;
  if (fault.count === 0) faults.splice(faults.indexOf(fault), 1);
  return fault;
}
