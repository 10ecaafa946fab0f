import "server-only";
/**
 * Service-side quote, create-and-pay and order reads for /api/v1 (docs/api.md).
 * Each calls the customer verb's own core with the account the key named, so a
 * rule lives once: prices from the catalog, the planner, "pay what was shown",
 * one order per request key, one payment per order.
 */
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { billingAccounts, orders } from "@/db/schema";
import type { ApiPrincipal } from "@/lib/api/spec";
import { platformCurrency } from "@/lib/config";
import { toldPlanFailure, type PaymentFailure } from "@/lib/failures";
import type { OrderStatus } from "@/lib/orders/status";
import { shownPlanOf, type ShownPlan } from "@/lib/orders/shown-plan";
import { DalError, messageOf } from "../errors";
import { placeAndPayOrderFor } from "../orders/pay";
import { quoteOrderFor } from "../orders/quote";
import { getOrderOfAccount } from "../orders/read";
import { resolveAccount } from "./accounts";
import { requireScope } from "./principal";

export interface ApiQuote {
  accountId: string;
  currency: string;
  amount: number;
  items: Array<{ productId: string; productName: string; provider: string | null; unitPrice: number; quantity: number; amount: number }>;
  /** The plan as the order page shows it: send it back as `plan` to pay exactly this, or null when no plan can pay. */
  plan: ShownPlan | null;
  /** Why no plan can pay (`plan` null): the planner's reason and its sentence. */
  planFailure: { reason: string; detail: string } | null;
}

/**
 * Key with `read`: the automatic plan for an order of one product (the planner
 * takes one item: `items` has exactly one) on the account's vouchers and cash.
 * Changes nothing.
 */
export async function quoteForAccount(
  principal: ApiPrincipal | null,
  input: { accountId: string; items: Array<{ productId: string; quantity: number }> },
  now: Date,
): Promise<ApiQuote> {
  requireScope(principal, "read");
  const account = await resolveAccount({ accountId: input.accountId });
  const [item] = input.items;
  if (!item || input.items.length !== 1) throw new DalError({ code: "invalid_input", reason: "request" });
  const quote = await quoteOrderFor(account.id, { productPublicId: item.productId, quantity: item.quantity }, {}, now, "en");
  let planFailure: ApiQuote["planFailure"] = null;
  if (!quote.result.ok) {
    // The planner's failure names internal ids; what leaves is its reason and the sentence.
    const told = toldPlanFailure(quote.result.failure, new Map());
    planFailure = { reason: told.reason, detail: quote.result.message };
  }
  return {
    accountId: account.publicId,
    currency: platformCurrency(),
    amount: quote.amount,
    items: [
      {
        productId: quote.product.publicId,
        productName: quote.product.name,
        provider: quote.product.provider,
        unitPrice: quote.product.unitPrice,
        quantity: quote.quantity,
        amount: quote.amount,
      },
    ],
    plan: quote.result.ok ? shownPlanOf(quote.result.plan) : null,
    planFailure,
  };
}

export interface ApiOrder {
  id: string;
  accountId: string;
  status: OrderStatus;
  currency: string;
  amount: number;
  discountAmount: number;
  voucherAmount: number;
  cashAmount: number;
  refundedAmount: number;
  /** What the cash balance paid, net of refunds to it (SPEC 6). */
  invoiceable: number;
  items: Array<{ productId: string; productName: string; quantity: number; unitPrice: number; amount: number }>;
  /** Each voucher or the cash balance that paid, and how much. */
  payments: Array<{ source: string; voucherId: string | null; amount: number }>;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
}

/** An order as the API tells it, read back after a change or for GET. */
export async function orderOf(accountId: number, accountPublicId: string, orderPublicId: string, now: Date): Promise<ApiOrder> {
  const order = await getOrderOfAccount(accountId, orderPublicId, now);
  return {
    id: order.publicId,
    accountId: accountPublicId,
    status: order.status,
    currency: platformCurrency(),
    amount: order.amount,
    discountAmount: order.discountAmount,
    voucherAmount: order.voucherAmount,
    cashAmount: order.cashAmount,
    refundedAmount: order.refundedAmount,
    invoiceable: order.invoiceable,
    items: order.items.map((i) => ({ productId: i.productPublicId, productName: i.productName, quantity: i.quantity, unitPrice: i.unitPrice, amount: i.amount })),
    payments: order.usage
      .filter((u) => u.type === "deduction" && u.status === "success")
      .map((u) => ({ source: u.source, voucherId: u.voucherPublicId ?? null, amount: u.amount })),
    createdAt: order.createdAt.toISOString(),
    expiresAt: order.expiresAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
  };
}

/**
 * Key with `read`: one order, whichever account's (keys are the platform's
 * services); an unknown id is not found.
 */
export async function getOrderForKey(principal: ApiPrincipal | null, orderPublicId: string, now: Date): Promise<ApiOrder> {
  requireScope(principal, "read");
  const db = await getDb();
  const [row] = await db
    .select({ accountId: orders.accountId, accountPublicId: billingAccounts.publicId })
    .from(orders)
    .innerJoin(billingAccounts, eq(billingAccounts.id, orders.accountId))
    .where(eq(orders.publicId, orderPublicId));
  if (!row) throw new DalError({ code: "not_found", reason: "order" });
  return orderOf(row.accountId, row.accountPublicId, orderPublicId, now);
}

export type CreateAndPayOutcome = { ok: true; order: ApiOrder } | { ok: false; failure: PaymentFailure; detail: string };

/**
 * Key with `pay`: places an order of `quantity` of a product for the account
 * and pays it, with the automatic plan or with `plan` (what a quote returned),
 * which must still hold to the minor unit (SPEC 6). `requestKey` (derived from
 * the API key and the Idempotency-Key, or a fresh one without) makes it one
 * order and one payment however often it is sent. A plan that no longer holds
 * is a failed payment recorded on the order, and nothing is paid.
 */
export async function createAndPayOrder(
  principal: ApiPrincipal | null,
  input: { accountId: string; productId: string; quantity: number; plan?: ShownPlan },
  requestKey: string,
  now: Date,
): Promise<CreateAndPayOutcome> {
  requireScope(principal, "pay");
  const account = await resolveAccount({ accountId: input.accountId });
  const outcome = await placeAndPayOrderFor(
    account.id,
    {
      productPublicId: input.productId,
      quantity: input.quantity,
      plan: input.plan ? { shown: input.plan } : { automatic: {} },
      requestKey,
    },
    now,
  );
  if (!outcome.ok) return { ok: false, failure: outcome.failure, detail: messageOf(outcome.failure, "en") };
  return { ok: true, order: await orderOf(account.id, account.publicId, outcome.orderPublicId, now) };
}
