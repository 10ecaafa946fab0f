import { getAccount } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { lookupAccount } from "@/lib/dal/api/accounts";

/** GET /api/v1/accounts/{accountId}: an account by its acc_… ID (docs/api.md). Scope `read`. */
export const GET = apiRoute(getAccount, ({ principal, params }) => lookupAccount(principal, { accountId: params.accountId }));

export const { POST, PUT, PATCH, DELETE } = otherMethods(getAccount);
