/**
 * The ids the matrix and the fuzzer aim at, learned over HTTP as the owners
 * see them (an attacker would learn them from a leak; we hand them to B).
 */
import { randomUUID } from "node:crypto";
import type { PaymentPlan } from "../../../lib/orders/plan";
import { shownPlanOf, type ShownPlan } from "../../../lib/orders/shown-plan";
import type { MatrixContext } from "../matrix";
import { classifyAction, postAction, request } from "./http";
import type { ExposedAction } from "./manifest";

const idsIn = (text: string, prefix: string) => [...new Set(text.match(new RegExp(`${prefix}_[0-9a-z]{16}`, "g")) ?? [])];

async function availableVouchers(baseURL: string, cookie: string, productId: string): Promise<string[]> {
  const response = await request(baseURL, "GET", `/api/quote?product=${productId}&quantity=1`, { cookie });
  if (response.status !== 200) throw new Error(`quote answered ${response.status}`);
  const quote = JSON.parse(response.body) as { options: Array<{ publicId: string }> };
  return quote.options.map((o) => o.publicId);
}

/** The plan the order page shows `cookie`'s account for one unit, as Pay sends it back (SPEC 6). */
export async function shownPlanFor(baseURL: string, cookie: string, productId: string): Promise<ShownPlan> {
  const response = await request(baseURL, "GET", `/api/quote?product=${productId}&quantity=1`, { cookie });
  if (response.status !== 200) throw new Error(`quote answered ${response.status}`);
  const quote = JSON.parse(response.body) as { result: { ok: boolean; plan?: PaymentPlan } };
  if (!quote.result.plan) throw new Error("no plan for one unit");
  return shownPlanOf(quote.result.plan);
}

export interface ContextSessions {
  customerA: string;
  customerB: string;
}

/**
 * Reads the product, A's and B's vouchers, and makes A one paid and one
 * pending order (a payment whose shown plan no longer holds fails and leaves
 * the order pending).
 */
export async function buildContext(baseURL: string, sessions: ContextSessions, actions: ExposedAction[]): Promise<MatrixContext> {
  const page = await request(baseURL, "GET", "/billing/orders/new", { cookie: sessions.customerA });
  const productId = idsIn(page.body, "prd")[0];
  if (!productId) throw new Error("no product on /billing/orders/new");

  const pay = actions.find((a) => a.exportedName === "placeAndPayOrderAction");
  if (!pay) throw new Error("placeAndPayOrderAction is not in the build");
  const place = async (plan: ShownPlan) => {
    const response = await postAction(baseURL, pay.pagePath, pay.id, [{ productPublicId: productId, quantity: 1, requestKey: randomUUID(), plan }], {
      cookie: sessions.customerA,
    });
    const { result } = classifyAction(response);
    const orderId = result?.ok ? (result.data as { orderPublicId: string }).orderPublicId : result?.failure?.orderPublicId;
    if (!orderId) throw new Error(`could not place an order for A: ${response.body.slice(0, 300)}`);
    return { orderId, paid: result?.ok === true };
  };
  const shown = await shownPlanFor(baseURL, sessions.customerA, productId);
  const paid = await place(shown);
  if (!paid.paid) throw new Error("A's default plan could not pay 1 unit");
  // A plan shown at another price no longer holds: the payment fails and leaves the order pending.
  const pending = await place({ amount: shown.amount + 1, discount: null, vouchers: [], cash: shown.amount + 1 });

  const bOrders = await request(baseURL, "GET", "/billing/orders", { cookie: sessions.customerB });
  const bOrderId = idsIn(bOrders.body, "ord")[0];
  if (!bOrderId) throw new Error("B has no order");

  return {
    productId,
    cashPlan: { amount: shown.amount, discount: null, vouchers: [], cash: shown.amount },
    a: { pendingOrderId: pending.orderId, paidOrderId: paid.orderId, voucherIds: await availableVouchers(baseURL, sessions.customerA, productId) },
    b: { voucherIds: await availableVouchers(baseURL, sessions.customerB, productId), orderId: bOrderId },
  };
}
