// A small client of dpl's HTTP API v1. No dependencies beyond Node's fetch, so the bundled
// CLI is one file a CI image can copy.

export const EXIT = { ok: 0, failed: 1, rejected: 2, unreachable: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type ApiOptions = { url: string; token: string; userAgent: string; timeoutMs?: number };

type ErrorBody = { error?: { code?: string; message?: string; details?: Record<string, unknown> } };

export function apiClient(options: ApiOptions) {
  const base = options.url.replace(/\/+$/, "");
  async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          "user-agent": options.userAgent,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const why = (error as Error).name === "TimeoutError" ? "it did not answer in time" : networkCause(error);
      throw new CliError(`cannot reach dpl at ${base} (${why}). Check DPL_URL or --url, and that dpl is running.`, EXIT.unreachable);
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return { status: response.status, body: parsed as T };
    const error = (parsed as ErrorBody | undefined)?.error;
    const message = error?.message ?? `dpl answered HTTP ${response.status} without an error body`;
    const hint =
      response.status === 401
        ? " Set DPL_TOKEN (or --token) to a token from Settings > API tokens."
        : response.status === 403
          ? " Ask an admin for a token with the right role and environment scope."
          : "";
    const details = error?.details?.deployId ? ` (active deploy ${String(error.details.deployId)})` : "";
    throw new CliError(
      `${message}${details}${hint}${error?.code ? ` [${error.code}]` : ""}`,
      response.status >= 500 && response.status !== 502 ? EXIT.unreachable : EXIT.rejected,
    );
  }
  return { request, base };
}

export type ApiClient = ReturnType<typeof apiClient>;

function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
}
