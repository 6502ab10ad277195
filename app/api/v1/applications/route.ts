import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { authorize } from "@/lib/core/authorize";
import { listApplicationsOverview } from "@/lib/db/queries/environments";

export const dynamic = "force-dynamic";

export const GET = apiRoute({
  handle: async ({ actor }) => {
    authorize(actor, "read");
    const applications = await listApplicationsOverview();
    return {
      status: 200,
      body: applications.map((application) => ({
        name: application.name,
        ecrRepository: application.ecrRepository ?? application.name,
        environments: application.environments.map((environment) => environment.name),
      })),
    };
  },
});

export const POST = methodNotAllowed("GET");
export const PUT = methodNotAllowed("GET");
export const PATCH = methodNotAllowed("GET");
export const DELETE = methodNotAllowed("GET");
