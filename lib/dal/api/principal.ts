import "server-only";
import type { ApiPrincipal, ApiScope } from "@/lib/api/spec";

/**
 * A key without the scope an endpoint needs. Not a DalError: the failure codes
 * of lib/failures.ts speak to users; lib/api/http.ts answers this one with a
 * 403 problem naming the scope.
 */
export class ApiScopeError extends Error {
  constructor(readonly scope: ApiScope) {
    super(`API key lacks the "${scope}" scope`);
    this.name = "ApiScopeError";
  }
}

/**
 * Refuses a principal without `scope`. Every verb of lib/dal/api/ calls it
 * first (lib/api/http.ts checks the endpoint's scope too, before reading the
 * request): an API key is a platform service, never a user, and acts only
 * within its scopes.
 */
export function requireScope(principal: ApiPrincipal | null, scope: ApiScope): ApiPrincipal {
  if (!principal) throw new ApiScopeError(scope);
  if (!principal.scopes.includes(scope)) throw new ApiScopeError(scope);
  return principal;
}
