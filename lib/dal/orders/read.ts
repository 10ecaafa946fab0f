import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { orderItems, orders, products, refunds } from "@/db/schema";
import { invoiceableAmount } from "@/lib/orders/amounts";
import type { PlanOrder } from "@/lib/orders/plan";
import { orderStatusAt, type OrderStatus } from "@/lib/orders/status";
import { DalError } from "../errors";
import { orderUsage } from "../usage";
import { requireAccount, type Viewer } from "../viewer";
import { planQuote, withoutNames } from "./quote";

export interface OrderSummary {
  publicId: string;
  status: OrderStatus;
  amount: number;
  productName: string;
  quantity: number;
  createdAt: Date;
  paidAt: Date | null;
}

/** Customer: the caller's orders, newest first, each with its status at `now` (a pending order may have expired). */
export async function listMyOrders(viewer: Viewer | null, now: Date, limit = 50): Promise<OrderSummary[]> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const rows = await db
    .select({
      publicId: orders.publicId,
      status: orders.status,
      expiresAt: orders.expiresAt,
      amount: orders.amount,
      productName: orderItems.productName,
      quantity: orderItems.quantity,
      createdAt: orders.createdAt,
      paidAt: orders.paidAt,
    })
    .from(orders)
    .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(eq(orders.accountId, accountId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
  return rows.map(({ expiresAt, ...row }) => ({ ...row, status: orderStatusAt({ status: row.status, expiresAt }, now) }));
}

/**
 * Customer: one order of the caller's account with its items, allocation per
 * voucher, and refunds, its status at `now`, and, while it can still be paid,
 * the automatic plan to pay it with (the page shows it, and Pay sends it back).
 */
export async function getMyOrder(viewer: Viewer | null, orderPublicId: string, now: Date) {
  return getOrderOfAccount(requireAccount(viewer), orderPublicId, now);
}

/**
 * The core of getMyOrder: one order of `accountId` (not found for another
 * account's), for a caller that has already authorized the account (lib/dal/api/).
 */
export async function getOrderOfAccount(accountId: number, orderPublicId: string, now: Date) {
  const db = await getDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.publicId, orderPublicId), eq(orders.accountId, accountId)));
  if (!order) throw new DalError({ code: "not_found", reason: "order" });
  const [items, usage, orderRefunds] = await Promise.all([
    db
      .select({ item: orderItems, retiredAt: products.retiredAt, productPublicId: products.publicId })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.id)),
    orderUsage(db, order.id, accountId),
    db.select().from(refunds).where(eq(refunds.orderId, order.id)).orderBy(asc(refunds.createdAt)),
  ]);
  const status = orderStatusAt(order, now);
  const retired = items.find((i) => i.retiredAt !== null)?.item.productName ?? null;
  const payable = status === "pending" && retired === null;
  const planOrder: PlanOrder = { amount: order.amount, items: items.map(({ item }) => ({ productId: item.productId, providerId: item.providerId, amount: item.amount })) };
  const first = items[0];
  return {
    publicId: order.publicId,
    status,
    expiresAt: order.expiresAt,
    /** The product no longer for sale that keeps a pending order from being paid, if any. */
    retiredProduct: status === "pending" ? retired : null,
    /** What a new order of the same thing would be: the one-click way on after expiry. */
    reorder: first ? { productPublicId: first.productPublicId, quantity: first.item.quantity } : null,
    quote: payable ? withoutNames(await planQuote(db, accountId, planOrder, {}, now)) : null,
    amount: order.amount,
    discountAmount: order.discountAmount,
    voucherAmount: order.voucherAmount,
    cashAmount: order.cashAmount,
    refundedAmount: order.refundedAmount,
    /** SPEC 6: what the cash balance paid, net of refunds to it. */
    invoiceable: invoiceableAmount(order.cashAmount, usage),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    items: items.map((i) => ({ ...i.item, productPublicId: i.productPublicId })),
    usage,
    refunds: orderRefunds.map((r) => ({ publicId: r.publicId, amount: r.amount, reason: r.reason, createdAt: r.createdAt })),
  };
}
