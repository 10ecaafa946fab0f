import { createQuote } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { quoteForAccount } from "@/lib/dal/api/orders";

/** POST /api/v1/quotes: the plan that would pay an order now (docs/api.md). Scope `read`; reads only. */
export const POST = apiRoute(createQuote, ({ principal, body, now }) => quoteForAccount(principal, body, now));

export const { GET, PUT, PATCH, DELETE } = otherMethods(createQuote);
