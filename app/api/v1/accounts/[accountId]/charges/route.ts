import { createCharge } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { moveCashForKey } from "@/lib/dal/api/cash";

/** POST /api/v1/accounts/{accountId}/charges: a post-paid usage charge, which may leave arrears (docs/api.md). Scope `charge`. */
export const POST = apiRoute(createCharge, ({ principal, params, body, requestKey, now }) =>
  moveCashForKey(principal, "charge", { accountId: params.accountId, ...body }, requestKey, now),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(createCharge);
