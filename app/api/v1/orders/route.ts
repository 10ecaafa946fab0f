import { createOrder } from "@/lib/api/endpoints";
import { apiRoute, failureReply, otherMethods } from "@/lib/api/http";
import { createAndPayOrder } from "@/lib/dal/api/orders";

/**
 * POST /api/v1/orders: create an order and pay it (docs/api.md). Scope `pay`.
 * 201 with the paid order; 402 `payment_failed` (naming the order, where the
 * failed attempt is recorded) when the plan does not hold, and nothing is paid.
 */
export const POST = apiRoute(createOrder, async ({ principal, body, requestKey, now }) => {
  const outcome = await createAndPayOrder(principal, body, requestKey, now);
  if (outcome.ok) return outcome.order;
  return failureReply(outcome.failure);
});

export const { GET, PUT, PATCH, DELETE } = otherMethods(createOrder);
