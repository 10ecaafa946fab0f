/**
 * The plans a customer would see, as the order pages compute them: tests pay
 * with these, as the browser does (SPEC 6: Pay sends the plan that was shown).
 */
import { getMyOrder } from "@/lib/dal/orders/read";
import { quoteOrder } from "@/lib/dal/orders/quote";
import { type ChoicesInput } from "@/lib/orders/request";
import type { Viewer } from "@/lib/dal/viewer";
import { shownPlanOf, type ShownPlan } from "@/lib/orders/shown-plan";

/** The plan the new-order page shows for `quantity` of a product with these choices at `now`. */
export async function shownPlan(viewer: Viewer, productPublicId: string, quantity: number, choices: ChoicesInput, now: Date): Promise<ShownPlan> {
  const quote = await quoteOrder(viewer, { productPublicId, quantity }, choices, now);
  if (!quote.result.ok) throw new Error(`no plan to show: ${quote.result.message}`);
  return shownPlanOf(quote.result.plan);
}

/** The plan a pending order's page shows at `now`. */
export async function shownPlanOfOrder(viewer: Viewer, orderPublicId: string, now: Date): Promise<ShownPlan> {
  const order = await getMyOrder(viewer, orderPublicId, now);
  if (!order.quote) throw new Error(`order ${orderPublicId} can't be paid (${order.status})`);
  if (!order.quote.result.ok) throw new Error(`no plan to show: ${order.quote.result.message}`);
  return shownPlanOf(order.quote.result.plan);
}
