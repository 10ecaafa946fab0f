import { createTopUp } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { moveCashForKey } from "@/lib/dal/api/cash";

/** POST /api/v1/accounts/{accountId}/top-ups: add received money to the cash balance, arrears first (docs/api.md). Scope `charge`. */
export const POST = apiRoute(createTopUp, ({ principal, params, body, requestKey, now }) =>
  moveCashForKey(principal, "top_up", { accountId: params.accountId, ...body }, requestKey, now),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(createTopUp);
