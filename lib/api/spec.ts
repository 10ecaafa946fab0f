/**
 * The shape of an /api/v1 endpoint (docs/api.md): what it is, who may call it,
 * and the zod schemas that both validate its requests and describe it in the
 * OpenAPI document (lib/api/openapi.ts). One list of them, lib/api/endpoints.ts,
 * feeds the route handlers, the document and the contract test.
 */
import type { z } from "zod";
import type { FailureCode } from "@/lib/failures";

export const API_SCOPES = ["read", "pay", "charge", "refund"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Who calls: an API key of a platform service. It never acts as a user. */
export interface ApiPrincipal {
  apiKeyId: number;
  /** key_… */
  publicId: string;
  name: string;
  scopes: readonly ApiScope[];
}

export interface EndpointSpec {
  /** Stable, camelCase: the typed client's and the document's name for it. */
  operationId: string;
  method: "GET" | "POST";
  /** OpenAPI form, e.g. "/api/v1/orders/{orderId}". */
  path: string;
  scope: ApiScope;
  summary: string;
  description?: string;
  /** Path parameters, query, and JSON body, each a strict zod object. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodObject;
  /** The success body, and its status. */
  response: z.ZodType;
  successStatus: 200 | 201;
  /** The failure codes it may answer with besides the common ones (401, 403, 413, 415, 422, 429). */
  failures: readonly FailureCode[];
}
