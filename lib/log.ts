import { randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger as PinoLogger } from "pino";
import { onAwsCall } from "@/lib/aws/aws-calls";

// dpl's structured JSON logs. Secrets are removed twice: by key (pino's redact, fast paths
// for the usual places) and by value (a pass over every string, because a token or a webhook
// URL can hide inside a message or an error text whatever its key is called).

const REDACTED = "[redacted]";

const SECRET_KEYS =
  /^(authorization|cookie|set-cookie|token|access_?token|refresh_?token|id_?token|api_?key|secret|client_?secret|password|auth_secret|aws_secret_access_key|aws_session_token|secretaccesskey|sessiontoken|webhook_?url|url_?secret|signature|x-dpl-signature)$/i;

const SECRET_VALUES: [RegExp, string][] = [
  [/\bdpl_[A-Za-z0-9_-]{8,}/g, "dpl_" + REDACTED],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer " + REDACTED],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/(https:\/\/hooks\.slack\.com\/)[^\s"']+/g, "$1" + REDACTED],
  // Any other URL keeps its origin (useful when debugging a receiver) but loses its path and query, where webhook secrets live.
  [/(https?:\/\/[^\s/"'?#]+)[/?#][^\s"']*/g, "$1/" + REDACTED],
  [/\bsha256=[0-9a-f]{16,}/g, "sha256=" + REDACTED],
];

const envSecrets = (): string[] =>
  ["AUTH_SECRET", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AUTH_GITHUB_SECRET", "AUTH_OIDC_SECRET"]
    .map((name) => process.env[name])
    .filter((value): value is string => typeof value === "string" && value.length >= 8);

/** Removes secrets from a string: tokens, AWS keys, configured secrets, webhook URLs' paths. */
export function redactString(text: string): string {
  let out = text;
  for (const secret of envSecrets()) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SECRET_VALUES) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy of a log record with secret keys and secret-looking values replaced. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactString(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { type: value.name, message: redactString(value.message) };
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out = Object.create(null) as Record<string, unknown>; // so a "__proto__" key stays a key
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEYS.test(key) ? REDACTED : redactValue(item, depth + 1);
  return out;
}

export type LogOptions = { level?: string; destination?: DestinationStream };

export function createLog(options: LogOptions = {}): PinoLogger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: { service: "dpl" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (record) => redactValue(record) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // The message string is redacted too; objects go through formatters.log above.
          const redacted = args.map((arg) => (typeof arg === "string" ? redactString(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, redacted);
        },
      },
    },
    options.destination,
  );
}

const globalForLog = globalThis as unknown as { dplLog?: PinoLogger };
// Per module copy, not global: Next may bundle lib/aws twice (instrumentation and routes), and
// each copy reports its own calls, so each copy needs its own listener.
let listeningToAws = false;

/** The process's logger. Every AWS call is logged at debug with operation, latency and outcome. */
export function log(): PinoLogger {
  const logger = (globalForLog.dplLog ??= createLog());
  if (!listeningToAws) {
    listeningToAws = true;
    onAwsCall((call) => log().debug({ aws: call }, "aws call"));
  }
  return logger;
}

/** A child logger carrying the request's id: the caller's X-Request-Id when sane, else a new one. */
export function requestLog(request: Request, parent: PinoLogger = log()): { log: PinoLogger; requestId: string } {
  const given = request.headers.get("x-request-id");
  const requestId = given && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
  return { log: parent.child({ requestId }), requestId };
}
