import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { orderItems, orders, products, refunds } from "@/db/schema";
import { decodeCursorPayload, encodeCursorPayload } from "@/lib/cursor";
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

/** Orders per page of /billing/orders: few enough that the page stays light on a large account (issue 18: HTML ≤ 60 kB). */
export const ORDER_PAGE_SIZE = 25;

export interface OrderPage {
  items: OrderSummary[];
  /** The cursor of the next (older) page, or null on the last one. */
  nextCursor: string | null;
}

/** A keyset position: created_at as PostgreSQL prints it to the microsecond (a JS Date would round it), and the id. */
const orderCursorSchema = z.strictObject({
  v: z.literal(1),
  t: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

function decodeOrderCursor(raw: string): { createdAt: string; id: number } | null {
  const payload = decodeCursorPayload(raw, orderCursorSchema);
  // The time must parse (no 2026-02-30), or PostgreSQL would refuse the cast with an error, a 500.
  if (!payload || Number.isNaN(Date.parse(payload.t)) || new Date(payload.t).toISOString().slice(0, 19) !== payload.t.slice(0, 19)) return null;
  return { createdAt: payload.t, id: payload.id };
}

/** Whether `raw` is a cursor that listMyOrderPage made (the page checks before calling, and says so when it is not). */
export function isOrderCursor(raw: string): boolean {
  return decodeOrderCursor(raw) !== null;
}

const createdAtKey = sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Customer: one keyset page of the caller's orders, newest first (created_at, id),
 * each with its status at `now` (a pending order may have expired); `cursor` is
 * the previous page's `nextCursor`. No OFFSET: page 500 costs what page 1 does.
 * A cursor that does not decode is refused (invalid_input, reason "cursor").
 */
export async function listMyOrderPage(viewer: Viewer | null, now: Date, options: { cursor?: string; pageSize?: number } = {}): Promise<OrderPage> {
  const accountId = requireAccount(viewer);
  // Never more than 50 a page: no unbounded list (issue 18).
  const pageSize = Math.min(50, Math.max(1, Math.floor(options.pageSize ?? ORDER_PAGE_SIZE)));
  const seek = options.cursor === undefined ? null : decodeOrderCursor(options.cursor);
  if (options.cursor !== undefined && !seek) throw new DalError({ code: "invalid_input", reason: "cursor" });
  const db = await getDb();
  const rows = await db
    .select({
      id: orders.id,
      key: createdAtKey,
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
    .where(
      and(
        eq(orders.accountId, accountId),
        seek ? sql`(${orders.createdAt}, ${orders.id}) < (${seek.createdAt}::timestamptz, ${seek.id}::bigint)` : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(pageSize + 1);
  const pageRows = rows.slice(0, pageSize);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(({ id: _id, key: _key, expiresAt, ...row }) => ({ ...row, status: orderStatusAt({ status: row.status, expiresAt }, now) })),
    nextCursor: rows.length > pageSize && last ? encodeCursorPayload({ v: 1, t: last.key, id: last.id }) : null,
  };
}

/** Customer: the caller's newest orders (at most `limit`, 50 by default), as listMyOrderPage's first page. */
export async function listMyOrders(viewer: Viewer | null, now: Date, limit = 50): Promise<OrderSummary[]> {
  return (await listMyOrderPage(viewer, now, { pageSize: limit })).items;
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
