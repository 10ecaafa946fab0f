import { getOrder } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { getOrderForKey } from "@/lib/dal/api/orders";

/** GET /api/v1/orders/{orderId}: one order, any account's (keys are the platform's services); 404 for an unknown ID. Scope `read`. */
export const GET = apiRoute(getOrder, ({ principal, params, now }) => getOrderForKey(principal, params.orderId, now));

export const { POST, PUT, PATCH, DELETE } = otherMethods(getOrder);
