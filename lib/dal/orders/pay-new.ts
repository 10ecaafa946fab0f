import "server-only";
/**
 * A new order paid in one round trip and one commit (issue 18, docs/performance.md).
 *
 * The planner (lib/orders/plan.ts) still decides: it plans on a snapshot of the
 * account (read without locks), and the database function `pay_new_order`
 * (db/migrations/0015_account_keys.sql) writes the order, its item, the
 * deductions, the usage records, the cash movement, the payment and the outbox
 * event in one statement, each write guarded so that it fails if what the plan
 * saw has changed: a voucher's balance, a voided voucher, a consumed discount,
 * the cash part no longer covered, a product retired. Then nothing is written
 * and the caller pays the locking way (lib/dal/orders/pay.ts), which plans again
 * on locked rows and records why a plan no longer holds. So the fast path only
 * ever writes a payment the locking path would have written at that instant.
 */
import { getTableColumns, sql, type Table } from "drizzle-orm";
import type { Db } from "@/db";
import { billingAccounts, products, vouchers } from "@/db/schema";
import { newPublicId } from "@/lib/ids";
import { planPayment, type PaymentPlan, type PlanOrder } from "@/lib/orders/plan";
import type { ChoicesInput } from "@/lib/orders/request";
import { choicesOfShown, holdToShown, type ShownPlan } from "@/lib/orders/shown-plan";
import { orderExpiresAt } from "@/lib/orders/status";
import { pendingOrderMinutes } from "@/lib/config";
import { eventRow } from "../events";
import { pgCode, rowsOf } from "../tx";
import { DalError } from "../errors";
import { type Product, type VoucherRow, candidateVouchersWhere, resolveChoices, shownVoucherWhere, toPlanVoucher } from "./inputs";

/** SQLSTATEs of pay_new_order: a guard failed (the plan no longer holds), or the request key placed an order already. */
const PLAN_STALE = "BL001";
const REQUEST_KEY_USED = "BL002";
/** Aborts that only mean "not this way, not now": the locking path runs instead (and retries these itself). */
const FALL_BACK = new Set([PLAN_STALE, REQUEST_KEY_USED, "40001", "40P01"]);

export type NewOrderPaid = { orderPublicId: string; plan: PaymentPlan };

/** What a plan is made on: the cash balance and the vouchers it may use, read without locks. */
export interface PaySnapshot {
  cashBalance: number;
  vouchers: VoucherRow[];
}

/**
 * A row as `row_to_json` gives it (column names, JSON values) in the shape Drizzle
 * reads it: each column's own mapping (timestamps to Dates, bigint to number, arrays).
 */
function fromJson<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}

/**
 * The snapshot and the product in one statement (one round trip, one write on
 * the socket): the shown plan's vouchers (whatever their state, so a stale one is
 * reported), or every usable one and the chosen ones for an automatic plan.
 */
export async function readPaySnapshot(
  db: Db,
  accountId: number,
  productPublicId: string,
  toPay: { shown: ShownPlan } | { automatic: ChoicesInput },
  now: Date,
): Promise<{ product: Product; snapshot: PaySnapshot | null }> {
  const which = "shown" in toPay ? shownVoucherWhere(toPay.shown) : candidateVouchersWhere(toPay.automatic, now);
  const [row] = rowsOf<{ product: Record<string, unknown> | null; cash_balance: string | number | null; vouchers: Array<Record<string, unknown>> }>(
    await db.execute(sql`SELECT
      (SELECT row_to_json(${products}) FROM ${products} WHERE ${products.publicId} = ${productPublicId} AND ${products.retiredAt} IS NULL) AS product,
      (SELECT ${billingAccounts.cashBalance} FROM ${billingAccounts} WHERE ${billingAccounts.id} = ${accountId}) AS cash_balance,
      (SELECT coalesce(json_agg(row_to_json(${vouchers}) ORDER BY ${vouchers.id}), '[]'::json) FROM ${vouchers}
        WHERE ${vouchers.accountId} = ${accountId} AND ${which}) AS vouchers`),
  );
  if (!row?.product) throw new DalError({ code: "not_found", reason: "product_for_sale" });
  const product = fromJson(products, row.product);
  if (row.cash_balance === null) return { product, snapshot: null };
  return { product, snapshot: { cashBalance: Number(row.cash_balance), vouchers: row.vouchers.map((v) => fromJson(vouchers, v)) } };
}

/**
 * Places and pays a new order in one statement when the plan made on the
 * snapshot holds; null when it can't be done that way (a plan that fails, a
 * guard that fails, a request key already used, a deadlock): the caller then
 * takes the locking path, which gives the definitive answer and records any failure.
 */
export async function payNewOrderInOneTrip(
  db: Db,
  accountId: number,
  input: { product: Product; quantity: number; planOrder: PlanOrder; requestKey: string; toPay: { shown: ShownPlan } | { automatic: ChoicesInput } },
  snapshot: PaySnapshot,
  now: Date,
): Promise<NewOrderPaid | null> {
  const { product, quantity, planOrder } = input;
  const shown = "shown" in input.toPay ? input.toPay.shown : null;
  const choices = shown ? choicesOfShown(shown) : "automatic" in input.toPay ? input.toPay.automatic : {};
  const candidates = snapshot.vouchers;
  const planned = planPayment(planOrder, candidates.map(toPlanVoucher), snapshot.cashBalance, now, resolveChoices(candidates, choices));
  const result = shown ? holdToShown(shown, planOrder.amount, planned) : planned;
  if (!result.ok) return null;
  const plan = result.plan;
  const balanceOf = new Map(candidates.map((v) => [v.id, v.balance]));
  const orderPublicId = newPublicId("ord");
  const event = eventRow(
    {
      type: "order.paid",
      accountId,
      payload: {
        orderId: orderPublicId,
        amount: plan.orderAmount,
        discountAmount: plan.discount?.amount ?? 0,
        voucherAmount: plan.voucherTotal,
        cashAmount: plan.cashBalancePart,
      },
    },
    now,
  );
  const payment = {
    account_id: accountId,
    now: now.toISOString(),
    public_id: orderPublicId,
    request_key: input.requestKey,
    expires_at: orderExpiresAt(now, pendingOrderMinutes()).toISOString(),
    amount: plan.orderAmount,
    discount_amount: plan.discount?.amount ?? 0,
    voucher_amount: plan.voucherTotal,
    cash_part: plan.cashBalancePart,
    item: {
      product_id: product.id,
      product_name: product.name,
      provider_id: product.providerId,
      unit_price: product.unitPrice,
      quantity,
      amount: planOrder.items[0]!.amount,
    },
    discount: plan.discount ? { voucher_id: plan.discount.voucherId, amount: plan.discount.amount } : null,
    // Each voucher with the balance the plan saw: the database writes only if it is still that.
    allocations: plan.allocations.map((a) => ({ voucher_id: a.voucherId, amount: a.amount, balance: balanceOf.get(a.voucherId), source: a.kind })),
    event: { public_id: event.publicId, type: event.type, version: event.version, payload: event.payload },
  };
  try {
    const rows = rowsOf<{ id: unknown }>(await db.execute(sql`SELECT pay_new_order(${JSON.stringify(payment)}::jsonb) AS id`));
    if (rows[0]?.id == null) return null;
  } catch (err) {
    const code = pgCode(err);
    if (code && FALL_BACK.has(code)) return null;
    throw err;
  }
  return { orderPublicId, plan };
}
