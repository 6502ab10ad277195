import { z } from "zod";
import { DplError } from "./errors";

// Input formats at the boundary, with limits from aws-reference.md ("Enums and limits" and
// the Docker tag rule). Each message says what is wrong and what is accepted.

export const ApplicationNameSchema = z
  .string({ error: "application is required" })
  .min(1, "application must not be empty")
  .max(100, "application must be at most 100 characters (Elastic Beanstalk's limit)")
  .refine((v) => !/[/\\]/.test(v) && !/[\u0000-\u001f\u007f]/.test(v), "application must not contain slashes or control characters");

export const EnvironmentNameSchema = z
  .string({ error: "environment is required" })
  .min(4, "environment must be 4 to 40 characters (Elastic Beanstalk's limit)")
  .max(40, "environment must be 4 to 40 characters (Elastic Beanstalk's limit)")
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/, "environment may contain only letters, digits and hyphens, and must not start or end with a hyphen");

export const ImageTagSchema = z
  .string({ error: "tag is required" })
  .min(1, "tag must not be empty")
  .max(128, "tag must be at most 128 characters (Docker's limit)")
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, "tag may contain only letters, digits, '_', '.' and '-', and must not start with '.' or '-'");

export const ReasonSchema = z
  .string()
  .trim()
  .max(500, "reason must be at most 500 characters")
  .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "reason must not contain control characters");

export const RequiredReasonSchema = ReasonSchema.pipe(z.string().min(1, "reason is required: say why"));

export const SourceSchema = z.enum(["WEB", "API", "CLI", "SYSTEM"], { error: "source must be WEB, API, CLI or SYSTEM" });

export const DeployIdSchema = z.uuid({ error: "deploy id must be a UUID" });

/** Parses with a schema; a failure becomes VALIDATION_FAILED naming the first bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const first = issues[0];
  const message = first.message.startsWith(first.path) || !first.path ? first.message : `${first.path}: ${first.message}`;
  throw new DplError("VALIDATION_FAILED", capitalize(message), { issues });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
