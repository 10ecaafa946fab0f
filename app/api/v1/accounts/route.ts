import { findAccount } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { lookupAccount } from "@/lib/dal/api/accounts";

/** GET /api/v1/accounts?external_ref=…: an account by the platform's reference (docs/api.md). Scope `read`. */
export const GET = apiRoute(findAccount, ({ principal, query }) => lookupAccount(principal, { externalRef: query.external_ref }));

export const { POST, PUT, PATCH, DELETE } = otherMethods(findAccount);
