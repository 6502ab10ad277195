import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { presentDeploy } from "@/lib/api/present";
import { services } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({
  handle: async ({ actor, params }) => ({ status: 200, body: presentDeploy(await services().getDeploy(actor, params.id)) }),
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
