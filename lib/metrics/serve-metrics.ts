import "server-only";
import { databaseUnavailable, isDatabaseUnavailable } from "@/lib/api/errors";
import type { Actor } from "@/lib/core/actor";
import { apiError } from "@/lib/http/api-error";
import { requestLog } from "@/lib/log";
import { metrics } from "./registry";

/** Prometheus text for an authenticated caller of any role; the API's error body otherwise. */
export async function serveMetrics(request: Request, authenticate: (request: Request) => Promise<Actor>): Promise<Response> {
  const { log, requestId } = requestLog(request);
  try {
    await authenticate(request);
    const { registry } = metrics();
    const body = await registry.metrics();
    return new Response(body, { status: 200, headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store", "X-Request-Id": requestId } });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return apiError(databaseUnavailable());
    log.debug({ err: error, requestId }, "metrics request refused");
    return apiError(error);
  }
}
