/**
 * The authorization matrix of /api/v1 with the API key scopes as roles (docs/api.md):
 * a key may call an endpoint exactly when it holds the endpoint's scope; a revoked
 * key and no key are refused before anything is read. test/api-scopes.test.ts
 * proves every cell; e2e/security/matrix-doc.ts prints the table in docs/security.md.
 */
import { ENDPOINTS } from "@/lib/api/endpoints";
import { API_SCOPES, type ApiScope, type EndpointSpec } from "@/lib/api/spec";

export const API_KEY_ROLES = [...API_SCOPES, "revoked", "none"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export const API_KEY_ROLE_LABELS: Record<ApiKeyRole, string> = {
  read: "key: read",
  pay: "key: pay",
  charge: "key: charge",
  refund: "key: refund",
  revoked: "revoked key (all scopes)",
  none: "no key",
};

export type ApiKeyOutcome = "allow" | "deny-forbidden" | "deny-unauthenticated";

/** What a key holding only `role`'s scope (or a revoked key, or none) gets from `spec`. */
export function apiKeyOutcome(spec: EndpointSpec, role: ApiKeyRole): ApiKeyOutcome {
  if (role === "revoked" || role === "none") return "deny-unauthenticated";
  return spec.scope === (role satisfies ApiScope) ? "allow" : "deny-forbidden";
}

/** The endpoints in the table's order. */
export const API_MATRIX_ENDPOINTS: readonly EndpointSpec[] = [...ENDPOINTS].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
