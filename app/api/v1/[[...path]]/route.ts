import { errorResponse } from "@/lib/api/handler";
import { checkRateLimit } from "@/lib/api/rate-limit";
import { authenticateRequest } from "@/lib/auth/api-auth";
import { DplError } from "@/lib/core/errors";

// Any /api/v1 path no handler serves gets the API's JSON 404 (after authentication, like every
// other call), instead of Next.js's HTML page; a multipart POST to such a path was otherwise
// taken for a server action and answered with a bare 500 (found by fuzzing in test/api-fuzz.test.ts).

export const dynamic = "force-dynamic";

async function notFound(request: Request): Promise<Response> {
  try {
    await checkRateLimit(await authenticateRequest(request));
    const { pathname } = new URL(request.url);
    throw new DplError("NOT_FOUND", `There is no ${request.method} ${pathname.slice(0, 200)} in dpl's API; see /api for the calls it offers.`, {
      method: request.method,
      path: pathname.slice(0, 200),
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
