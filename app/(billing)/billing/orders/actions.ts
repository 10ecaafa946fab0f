"use server";

import { revalidatePath } from "next/cache";
import { fail, runAction, type ActionResult } from "@/lib/action";
import { platformCurrency } from "@/lib/config";
import { topUp } from "@/lib/dal/cash";
import { payOrder, placeAndPayOrder, type PayOutcome } from "@/lib/dal/orders/pay";
import { payExistingSchema, payRequestSchema, topUpSchema } from "@/lib/orders/request";

/**
 * A payment's outcome as an action result; a failed payment's order id travels
 * in its failure. No revalidatePath: it would render the posting page into this
 * response, which the client throws away. The forms move on themselves: after
 * a payment the new-order form opens the order's page and the pay-pending
 * button refreshes it; the billing pages are dynamic (the client router keeps
 * no copy of them, staleTimes.dynamic = 0), so each is read fresh when opened.
 */
function settle(outcome: PayOutcome): ActionResult<{ orderPublicId: string; alreadyPaid: boolean }> {
  if (!outcome.ok) return fail(outcome.failure);
  return { ok: true, data: { orderPublicId: outcome.orderPublicId, alreadyPaid: outcome.alreadyPaid } };
}

/** Places an order for a catalog product and pays it; idempotent by the form's request key. */
export async function placeAndPayOrderAction(input: unknown) {
  return runAction(payRequestSchema, input, async (viewer, data) => settle(await placeAndPayOrder(viewer, { ...data, plan: { shown: data.plan } }, new Date())));
}

/** Pays a pending order of the caller (after a failed attempt). */
export async function payOrderAction(input: unknown) {
  return runAction(payExistingSchema, input, async (viewer, data) => settle(await payOrder(viewer, data.orderPublicId, { shown: data.plan }, new Date())));
}

/** Tops up the caller's cash balance (simulated payment); idempotent by the form's request key. */
export async function topUpAction(input: unknown): Promise<ActionResult<{ cashBalance: number }>> {
  return runAction(topUpSchema(platformCurrency()), input, async (viewer, data) => {
    const result = await topUp(viewer, data, new Date());
    revalidatePath("/billing", "layout");
    // A repeated request (double click, retry) is a success that changed nothing.
    return { ok: true, data: { cashBalance: result.cashBalance } };
  });
}
