/**
 * The endpoints the served document describes. The route /api/v1/openapi.json,
 * `npm run api:types` and the staleness test of lib/api/client/schema.d.ts all
 * read it, so they always agree.
 */
export { ENDPOINTS as API_ENDPOINTS } from "./endpoints";
