import { applicationParam } from "@/lib/api/params";
import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { presentImage } from "@/lib/api/present";
import { ImagesQuery } from "@/lib/api/schemas";
import { authorize } from "@/lib/core/authorize";
import { DplError } from "@/lib/core/errors";
import { getApplicationLinks } from "@/lib/db/queries/environments";
import { listImages } from "@/lib/db/queries/images";
import { services } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ name: string }, undefined, { cursor?: string; q?: string }>({
  query: ImagesQuery,
  handle: async ({ actor, params, query }) => {
    authorize(actor, "read");
    const application = await getApplicationLinks(applicationParam(params.name));
    if (!application)
      throw new DplError("APPLICATION_NOT_FOUND", `No application named ${params.name.slice(0, 100)}.`, { application: params.name.slice(0, 100) });
    await services().listImagesIfNeverListed(application.repositoryName);
    const page = await listImages(application.repositoryName, { cursor: query.cursor, q: query.q, limit: 50 });
    return { status: 200, body: { items: page.items.map((image) => presentImage(image, application)), nextCursor: page.nextCursor } };
  },
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
