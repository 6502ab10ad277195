import { authenticateRequest } from "@/lib/auth/api-auth";
import { serveMetrics } from "@/lib/metrics/serve-metrics";

export const dynamic = "force-dynamic";

/** Prometheus text for a token of any role (Settings > API tokens); 401 without one. */
export function GET(request: Request): Promise<Response> {
  return serveMetrics(request, authenticateRequest);
}
