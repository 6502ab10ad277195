import { environmentParam } from "@/lib/api/params";
import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { presentDeployRow } from "@/lib/api/present";
import { environmentExists, listEnvironmentDeploys } from "@/lib/api/queries";
import { PageQuery } from "@/lib/api/schemas";
import { publicUrl } from "@/lib/config";
import { authorize } from "@/lib/core/authorize";
import { DplError } from "@/lib/core/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ name: string }, undefined, { cursor?: string }>({
  query: PageQuery,
  handle: async ({ actor, params, query }) => {
    authorize(actor, "read");
    if (!(await environmentExists(environmentParam(params.name)))) {
      throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${params.name.slice(0, 100)}.`, {
        environment: params.name.slice(0, 100),
      });
    }
    const page = await listEnvironmentDeploys(params.name, { cursor: query.cursor });
    const base = publicUrl();
    return { status: 200, body: { items: page.items.map((row) => presentDeployRow(row, base)), nextCursor: page.nextCursor } };
  },
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
