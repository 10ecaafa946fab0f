import "server-only";
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { billingAccounts, orderItems, orders, refunds, users } from "@/db/schema";
import { invoiceableAmount, refundableAmount } from "@/lib/orders/amounts";
import { orderStatusAt, type OrderStatus } from "@/lib/orders/status";
import { DalError } from "../errors";
import { orderUsage } from "../usage";
import { requireAdmin, type Viewer } from "../viewer";

export { ORDER_STATUSES, type OrderStatus } from "@/lib/orders/status";

/** The rows of a status at `now`: a pending order is expired from its expires_at on (lib/orders/status.ts). */
function statusIs(status: OrderStatus, now: Date) {
  if (status === "expired") return and(eq(orders.status, "pending"), lte(orders.expiresAt, now));
  if (status === "pending") return and(eq(orders.status, "pending"), gt(orders.expiresAt, now));
  return eq(orders.status, status);
}

export interface OrderSearch {
  orderId?: string;
  /** A customer's email, exact (case-insensitive). */
  email?: string;
  status?: OrderStatus;
}

export interface AdminOrderRow {
  publicId: string;
  accountPublicId: string;
  accountName: string;
  status: OrderStatus;
  amount: number;
  refundedAmount: number;
  productName: string | null;
  quantity: number | null;
  createdAt: Date;
}

/** Admin only: orders by exact Order ID, by customer email and/or status at `now`; newest first, at most 100. */
export async function searchOrders(viewer: Viewer | null, search: OrderSearch, now: Date): Promise<AdminOrderRow[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const rows = await db
    .select({
      publicId: orders.publicId,
      accountPublicId: billingAccounts.publicId,
      accountName: billingAccounts.name,
      status: orders.status,
      expiresAt: orders.expiresAt,
      amount: orders.amount,
      refundedAmount: orders.refundedAmount,
      productName: sql<string | null>`(SELECT ${orderItems.productName} FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} ORDER BY ${orderItems.id} LIMIT 1)`,
      quantity: sql<number | null>`(SELECT ${orderItems.quantity} FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} ORDER BY ${orderItems.id} LIMIT 1)`,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .innerJoin(billingAccounts, eq(billingAccounts.id, orders.accountId))
    .where(
      and(
        search.orderId ? eq(orders.publicId, search.orderId) : undefined,
        search.email
          ? sql`${orders.accountId} IN (SELECT ${users.billingAccountId} FROM ${users} WHERE lower(${users.email}) = ${search.email.toLowerCase()})`
          : undefined,
        search.status ? statusIs(search.status, now) : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(100);
  return rows.map(({ expiresAt, ...r }) => ({
    ...r,
    status: orderStatusAt({ status: r.status, expiresAt }, now),
    quantity: r.quantity === null ? null : Number(r.quantity),
  }));
}

/** Admin only: one order with its account, items, allocation (usage records), refunds, what is left to refund, and its status at `now`. */
export async function getOrderDetail(viewer: Viewer | null, orderPublicId: string, now: Date) {
  requireAdmin(viewer);
  const db = await getDb();
  const [row] = await db
    .select({ order: orders, accountPublicId: billingAccounts.publicId, accountName: billingAccounts.name })
    .from(orders)
    .innerJoin(billingAccounts, eq(billingAccounts.id, orders.accountId))
    .where(eq(orders.publicId, orderPublicId));
  if (!row) throw new DalError({ code: "not_found", reason: "order" });
  const { order } = row;
  const [items, usage, orderRefunds] = await Promise.all([
    db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.id)),
    orderUsage(db, order.id),
    db
      .select({ publicId: refunds.publicId, amount: refunds.amount, reason: refunds.reason, createdAt: refunds.createdAt, createdByEmail: users.email })
      .from(refunds)
      .leftJoin(users, eq(users.id, refunds.createdBy))
      .where(eq(refunds.orderId, order.id))
      .orderBy(asc(refunds.createdAt), asc(refunds.id)),
  ]);
  return {
    publicId: order.publicId,
    accountPublicId: row.accountPublicId,
    accountName: row.accountName,
    status: orderStatusAt(order, now),
    amount: order.amount,
    discountAmount: order.discountAmount,
    voucherAmount: order.voucherAmount,
    cashAmount: order.cashAmount,
    refundedAmount: order.refundedAmount,
    /** SPEC 6: the discount part is never returned; what vouchers and the cash balance paid, less earlier refunds. */
    refundable: refundableAmount(order),
    invoiceable: invoiceableAmount(order.cashAmount, usage),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    items,
    usage,
    refunds: orderRefunds,
  };
}
export type AdminOrderDetail = Awaited<ReturnType<typeof getOrderDetail>>;
