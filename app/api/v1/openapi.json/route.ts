import { openApiDocument } from "@/lib/api/openapi";
import { API_ENDPOINTS } from "@/lib/api/openapi-source";

/** Built once per server: the endpoints are fixed at build time. */
let document: string | undefined;

/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 document of /api/v1. Public on
 * purpose (no key): it describes the API and holds no secret, account or
 * price; it takes no input. Cached by clients for five minutes.
 */
export function GET() {
  document ??= JSON.stringify(openApiDocument(API_ENDPOINTS));
  return new Response(document, {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
