import { openApiDocument } from "@/lib/api/openapi";

// Public (no token): the API reference is readable before signing in.
export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
