/**
 * The ids the matrix and the fuzzer aim at, learned over HTTP as the owners
 * see them (an attacker would learn them from a leak; we hand them to B).
 */
import { randomUUID } from "node:crypto";
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

export interface ContextSessions {
  customerA: string;
  customerB: string;
}

/**
 * Reads the product, A's and B's vouchers, and makes A one paid and one
 * pending order (a payment that names a voucher nobody has fails and leaves
 * the order pending).
 */
export async function buildContext(baseURL: string, sessions: ContextSessions, actions: ExposedAction[]): Promise<MatrixContext> {
  const page = await request(baseURL, "GET", "/billing/orders/new", { cookie: sessions.customerA });
  const productId = idsIn(page.body, "prd")[0];
  if (!productId) throw new Error("no product on /billing/orders/new");

  const pay = actions.find((a) => a.exportedName === "placeAndPayOrderAction");
  if (!pay) throw new Error("placeAndPayOrderAction is not in the build");
  const place = async (choices: unknown) => {
    const response = await postAction(baseURL, pay.pagePath, pay.id, [{ productPublicId: productId, quantity: 1, requestKey: randomUUID(), choices }], {
      cookie: sessions.customerA,
    });
    const { result } = classifyAction(response);
    const orderId = result?.ok ? (result.data as { orderPublicId: string }).orderPublicId : result?.fieldErrors?.order?.[0];
    if (!orderId) throw new Error(`could not place an order for A: ${response.body.slice(0, 300)}`);
    return { orderId, paid: result?.ok === true };
  };
  const paid = await place({});
  if (!paid.paid) throw new Error("A's default plan could not pay 1 unit");
  const pending = await place({ vouchers: ["vch_nobodyhasthis00"] });

  const bOrders = await request(baseURL, "GET", "/billing/orders", { cookie: sessions.customerB });
  const bOrderId = idsIn(bOrders.body, "ord")[0];
  if (!bOrderId) throw new Error("B has no order");

  return {
    productId,
    a: { pendingOrderId: pending.orderId, paidOrderId: paid.orderId, voucherIds: await availableVouchers(baseURL, sessions.customerA, productId) },
    b: { voucherIds: await availableVouchers(baseURL, sessions.customerB, productId), orderId: bOrderId },
  };
}
