import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { presentEnvironment } from "@/lib/api/present";
import { authorize } from "@/lib/core/authorize";
import { listEnvironmentSummaries } from "@/lib/db/queries/environments";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  handle: async ({ actor }) => {
    authorize(actor, "read");
    return { status: 200, body: (await listEnvironmentSummaries()).map(presentEnvironment) };
  },
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
