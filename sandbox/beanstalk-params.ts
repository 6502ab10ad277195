import type { ApplicationRecord, EnvironmentRecord, SandboxState } from "./state";
import { AwsError } from "./wire";

// Reading awsQuery parameters the way Elastic Beanstalk validates them.

export type Params = URLSearchParams;

export function required(params: Params, name: string): string {
  const value = params.get(name);
  if (value === null || value === "") throw new AwsError("MissingParameter", `The request must contain the parameter ${name}`);
  return value;
}

/** `Name.member.1`, `Name.member.2`, ...: the query protocol's lists. */
export function list(params: Params, name: string): string[] {
  const items: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) items.push(params.get(`${name}.member.${i}`)!);
  return items;
}

export function lengthCheck(name: string, value: string | null, min: number, max: number): void {
  if (value !== null && (value.length < min || value.length > max)) {
    const rule = value.length < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`;
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value '${value}' at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have length ${rule}`,
    );
  }
}

export function timeParam(params: Params, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    throw new AwsError("ValidationError", `1 validation error detected: Value '${raw}' at '${name}' failed to satisfy constraint: Member must be a timestamp`);
  return ms;
}

export function findApplication(state: SandboxState, name: string): ApplicationRecord {
  const app = state.applications[name];
  if (!app) throw new AwsError("InvalidParameterValue", `No Application named '${name}' found.`);
  return app;
}

export function findEnvironment(state: SandboxState, params: Params): EnvironmentRecord {
  const name = params.get("EnvironmentName");
  const id = params.get("EnvironmentId");
  if (!name && !id) throw new AwsError("MissingParameter", "Either EnvironmentName or EnvironmentId must be specified.");
  lengthCheck("EnvironmentName", name, 4, 40);
  const env = name ? state.environments[name] : Object.values(state.environments).find((e) => e.id === id);
  if (!env) {
    throw new AwsError(
      "InvalidParameterValue",
      name ? `No Environment found for EnvironmentName = '${name}'.` : `No Environment found for EnvironmentId = '${id}'.`,
    );
  }
  return env;
}

/**
 * Newest-first pages over `chronological` (oldest first, append-only). The token is the index
 * the next page ends at, so records appended while a caller pages (new events, new versions)
 * never shift a page: they are at the front, for the caller's next poll.
 */
export function newestFirst<T>(chronological: T[], params: Params, defaultMax: number, maxLimit: number): { items: T[]; next?: string } {
  const raw = params.get("MaxRecords");
  const maxRecords = raw === null ? defaultMax : Number(raw);
  if (raw !== null && (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > maxLimit)) {
    const rule = maxRecords < 1 ? "greater than or equal to 1" : `less than or equal to ${maxLimit}`;
    throw new AwsError(
      "ValidationError",
      `1 validation error detected: Value '${raw}' at 'maxRecords' failed to satisfy constraint: Member must have value ${rule}`,
    );
  }
  let end = chronological.length;
  const token = params.get("NextToken");
  if (token !== null) {
    const decoded = Number(Buffer.from(token, "base64url").toString());
    if (!Number.isInteger(decoded) || decoded < 0) throw new AwsError("InvalidParameterValue", "Invalid NextToken.");
    end = Math.min(decoded, chronological.length);
  }
  const start = Math.max(0, end - maxRecords);
  const items = chronological.slice(start, end).reverse();
  return { items, next: start > 0 ? Buffer.from(String(start)).toString("base64url") : undefined };
}
