import { z } from "zod";

// Every environment variable dpl reads, parsed once. Invalid configuration stops start-up
// with one line naming the variable and what it expects (see instrumentation.ts).

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL");

const millis = (fallback: number) => z.coerce.number().int().min(1).max(86_400_000).default(fallback);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1")
    .default("us-east-1"),
  AWS_ENDPOINT_URL: z.url("must be a URL such as http://127.0.0.1:4566").optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 33`)").optional(),
  AUTH_URL: z.url("must be the dashboard's public URL, e.g. https://dpl.example.com").optional(),
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_ISSUER: z.url("must be the OIDC issuer URL").optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),
  DPL_ADMIN_EMAILS: csv,
  DPL_ALLOWED_EMAIL_DOMAINS: csv,
  DPL_DEMO: flag,
  DPL_PUBLIC_URL: z.url("must be the dashboard's public URL").optional(),
  DPL_WORKER: z
    .enum(["0", "1"])
    .default("1")
    .transform((v) => v === "1"),
  DPL_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(5),
  DPL_TRACK_INTERVAL_MS: millis(5_000),
  DPL_ENVIRONMENT_POLL_MS: millis(30_000),
  DPL_IMAGE_POLL_MS: millis(60_000),
  DPL_RECONCILE_INTERVAL_MS: millis(60_000),
  // A non-terminal deploy whose row has not moved for this long is re-driven by reconcile
  // (its worker is presumed dead); keep it well above DPL_TRACK_INTERVAL_MS.
  DPL_STALE_AFTER_MS: millis(120_000),
  // The container port of the default Dockerrun v1 template a newly found application gets.
  DPL_DEFAULT_CONTAINER_PORT: z.coerce.number().int().min(1).max(65_535).default(8080),
  DPL_HEALTH_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  DPL_AWS_CONNECT_TIMEOUT_MS: millis(3_000),
  DPL_AWS_REQUEST_TIMEOUT_MS: millis(15_000),
  DPL_AWS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  DPL_MAX_APPLICATION_VERSIONS: z.coerce.number().int().min(20).max(10_000).default(900),
  DPL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  DPL_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43_200).default(480),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws a ConfigError whose message is one line naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset" (a blank line in a .env file should not become a bad value).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? "configuration");
    const got = cleaned[variable];
    const shown = got === undefined ? "it is missing" : `got ${JSON.stringify(got.length > 60 ? `${got.slice(0, 57)}...` : got)}`;
    throw new ConfigError(`Invalid configuration: ${variable} ${issue.message} (${shown}).`);
  }
  const config = result.data;
  if (config.DPL_DEMO && config.AWS_ENDPOINT_URL && !isLoopbackUrl(config.AWS_ENDPOINT_URL)) {
    throw new ConfigError(
      `Invalid configuration: DPL_DEMO=1 is only allowed with AWS_ENDPOINT_URL on loopback (got ${JSON.stringify(config.AWS_ENDPOINT_URL)}); unset DPL_DEMO for real AWS.`,
    );
  }
  if (config.DPL_DEMO && !config.AWS_ENDPOINT_URL) {
    throw new ConfigError(
      "Invalid configuration: DPL_DEMO=1 needs AWS_ENDPOINT_URL pointing at the local sandbox (e.g. http://127.0.0.1:4566); demo sign-in is never offered against real AWS.",
    );
  }
  return config;
}

export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (not at import, so `next build` needs none). */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests change process.env between cases; production code never calls this. */
export function resetConfigForTests(): void {
  cached = undefined;
}

export function publicUrl(): string {
  const c = config();
  return (c.DPL_PUBLIC_URL ?? c.AUTH_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
}
