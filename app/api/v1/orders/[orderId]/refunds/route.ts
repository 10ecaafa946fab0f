import { createRefund } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { refundForKey } from "@/lib/dal/api/refunds";

/** POST /api/v1/orders/{orderId}/refunds: refund a paid order in full or in part (docs/api.md). Scope `refund`. */
export const POST = apiRoute(createRefund, ({ principal, params, body, requestKey, now }) =>
  refundForKey(principal, { orderId: params.orderId, ...body }, requestKey, now),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(createRefund);
