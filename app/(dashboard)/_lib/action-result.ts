import "server-only";
import type { z } from "zod";
import type { ActionState } from "@/app/_components/action-state";
import { isDplError, type ErrorCode } from "@/lib/core/errors";

// Turns what a use case throws into what the form shows: the engine's own sentence, a link
// to whatever blocks the request (the running deploy, the lock), and field errors in place.

export type DomainError = { code: ErrorCode; message: string; details?: Record<string, unknown> };

/**
 * The use case's DplError, recognised by shape as well as by class: the bundler may give a
 * server action its own copy of lib/core/errors.ts, and then `instanceof` fails across the copies.
 */
export function asDomainError(error: unknown): DomainError | null {
  if (isDplError(error)) return error;
  if (error instanceof Error && error.name === "DplError" && typeof (error as { code?: unknown }).code === "string") {
    const { code, details } = error as Error & { code: ErrorCode; details?: Record<string, unknown> };
    return { code, message: error.message, details };
  }
  return null;
}

export function failure(raw: unknown, environment?: string): ActionState {
  const error = asDomainError(raw);
  if (!error) {
    console.error(raw);
    console.error(error);
    return { ok: false, message: "Something went wrong on the server. Try again; if it keeps happening, check the server log." };
  }
  const details = error.details ?? {};
  const base = { ok: false as const, code: error.code, message: error.message };
  switch (error.code) {
    case "ENVIRONMENT_BUSY":
      return typeof details.deployId === "string" ? { ...base, link: { href: `/deploys/${details.deployId}`, label: "Open the deploy in progress" } } : base;
    case "ENVIRONMENT_LOCKED":
      return environment ? { ...base, link: { href: `/environments/${encodeURIComponent(environment)}#lock`, label: "See the lock" } } : base;
    case "VALIDATION_FAILED":
      return { ...base, fieldErrors: fieldErrorsFrom(details) };
    default:
      return base;
  }
}

function fieldErrorsFrom(details: Record<string, unknown>): Record<string, string[]> | undefined {
  // The engine's parseInput reports zod issues as details.issues: [{path, message}].
  if (Array.isArray(details.issues)) {
    const out: Record<string, string[]> = {};
    for (const issue of details.issues as { path?: unknown; message?: unknown }[]) {
      if (typeof issue.message !== "string") continue;
      const key = typeof issue.path === "string" && issue.path ? issue.path : "form";
      (out[key] ??= []).push(issue.message);
    }
    return out;
  }
  const raw = details.fieldErrors ?? details.fields;
  if (typeof raw !== "object" || raw === null) {
    return typeof details.field === "string" && typeof details.message === "string" ? { [details.field]: [details.message] } : undefined;
  }
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) out[key] = value.map(String);
    else if (typeof value === "string") out[key] = [value];
  }
  return out;
}

export function invalid(error: z.ZodError): ActionState {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, code: "VALIDATION_FAILED", message: "Check the highlighted fields.", fieldErrors };
}

/** FormData values as a plain object of strings (checkboxes arrive as "on" or not at all). */
export function formFields(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && !key.startsWith("$ACTION")) out[key] = value;
  return out;
}
