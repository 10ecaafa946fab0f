import { getBalances } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { accountBalances } from "@/lib/dal/api/accounts";

/** GET /api/v1/accounts/{accountId}/balances: cash, arrears, vouchers per kind and provider (docs/api.md). Scope `read`. */
export const GET = apiRoute(getBalances, ({ principal, params, now }) => accountBalances(principal, params.accountId, now));

export const { POST, PUT, PATCH, DELETE } = otherMethods(getBalances);
