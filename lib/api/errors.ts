import { DplError } from "@/lib/core/errors";

// Database outages are answered 503 DATABASE_UNAVAILABLE (the client may retry), never 500:
// Prisma's initialization/timeout errors, the pg driver's connection errors and PostgreSQL's
// connection-class SQLSTATEs, found anywhere on the error's cause chain.

const prismaConnectionCodes = new Set(["P1000", "P1001", "P1002", "P1003", "P1008", "P1010", "P1011", "P1017", "P2024", "P2037"]);
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const connectionMessages =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|too many clients|Connection refused|ECONNREFUSED|pool (is )?(closed|ended)|Cannot use a pool after calling end/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { name?: unknown; code?: unknown; errorCode?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    if (e.name === "PrismaClientInitializationError") return true;
    for (const code of [e.code, e.errorCode, e.originalCode]) {
      if (typeof code !== "string") continue;
      if (prismaConnectionCodes.has(code) || socketCodes.has(code)) return true;
      // SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (operator intervention).
      if (/^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[1-4])$/.test(code)) return true;
    }
    if (typeof e.message === "string" && connectionMessages.test(e.message)) return true;
    if (e.name === "AggregateError" && Array.isArray((e as { errors?: unknown[] }).errors)) {
      if ((e as { errors: unknown[] }).errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    }
    current = e.cause;
  }
  return false;
}

export function databaseUnavailable(): DplError {
  return new DplError(
    "DATABASE_UNAVAILABLE",
    "dpl cannot reach its database right now. Retry in a few seconds (with the same Idempotency-Key, if you sent one).",
  );
}

/** PostgreSQL refused the text itself (a NUL byte, invalid UTF-8): the input's fault, not the server's. */
export function isInvalidText(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown };
    if (e.code === "22021" || e.code === "22P05" || e.originalCode === "22021" || e.originalCode === "22P05") return true;
    if (typeof e.message === "string" && /invalid byte sequence|untranslatable character|\\u0000 cannot be converted/i.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}
