import { listVouchers } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { listAccountVouchers } from "@/lib/dal/api/lists";

/** GET /api/v1/accounts/{accountId}/vouchers: one keyset page of a voucher tab, the page's filters (docs/api.md). Scope `read`. */
export const GET = apiRoute(listVouchers, ({ principal, params, query, now }) => listAccountVouchers(principal, params.accountId, query, now));

export const { POST, PUT, PATCH, DELETE } = otherMethods(listVouchers);
