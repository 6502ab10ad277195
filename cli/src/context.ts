import { apiClient, CliError, EXIT, type ApiClient } from "./api-client";

// What every command needs: the API client from DPL_URL/DPL_TOKEN (or flags) and output sinks.

export const VERSION = "0.1.0";

export type GlobalOptions = { url?: string; token?: string };

export type Io = { out: (line: string) => void; err: (line: string) => void; tty: boolean; env: Record<string, string | undefined> };

export function clientFrom(options: GlobalOptions, io: Io): ApiClient {
  const url = options.url ?? io.env.DPL_URL;
  const token = options.token ?? io.env.DPL_TOKEN;
  if (!url) throw new CliError("no dpl URL: set DPL_URL (e.g. https://dpl.example.com) or pass --url.", EXIT.rejected);
  if (!token) throw new CliError("no token: set DPL_TOKEN to a token from Settings > API tokens, or pass --token.", EXIT.rejected);
  try {
    new URL(url);
  } catch {
    throw new CliError(`DPL_URL ${JSON.stringify(url)} is not a URL; use e.g. https://dpl.example.com`, EXIT.rejected);
  }
  return apiClient({ url, token, userAgent: `dpl-cli/${VERSION}` });
}

export function pollSettings(io: Io): { pollMs: number; timeoutMs: number } {
  return {
    pollMs: Number(io.env.DPL_POLL_MS ?? 2_000),
    timeoutMs: Number(io.env.DPL_WAIT_TIMEOUT_MS ?? 45 * 60_000),
  };
}
