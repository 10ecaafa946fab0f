import { listUsage } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { listAccountUsage } from "@/lib/dal/api/lists";

/** GET /api/v1/accounts/{accountId}/usage: one keyset page of the usage history, the page's filters (docs/api.md). Scope `read`. */
export const GET = apiRoute(listUsage, ({ principal, params, query }) => listAccountUsage(principal, params.accountId, query));

export const { POST, PUT, PATCH, DELETE } = otherMethods(listUsage);
