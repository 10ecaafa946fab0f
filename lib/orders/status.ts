/**
 * An order's status as people see it (SPEC 6): stored facts and `now`, never a
 * cron job. A pending order past its `expiresAt` is expired: it can't be paid,
 * and the customer starts a new one.
 */
/** What the database stores (the pgEnum of db/schema.ts); "expired" is only ever derived. */
export const STORED_ORDER_STATUSES = ["pending", "paid", "partially_refunded", "refunded", "cancelled"] as const;
export type StoredOrderStatus = (typeof STORED_ORDER_STATUSES)[number];
export const ORDER_STATUSES = ["pending", "expired", "paid", "partially_refunded", "refunded", "cancelled"] as const satisfies readonly (StoredOrderStatus | "expired")[];
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Whether a pending order can no longer be paid at `now` (expired from `expiresAt` inclusive). */
export function isOrderExpired(order: { status: StoredOrderStatus; expiresAt: Date }, now: Date): boolean {
  return order.status === "pending" && now.getTime() >= order.expiresAt.getTime();
}

/** The status to show at `now`. */
export function orderStatusAt(order: { status: StoredOrderStatus; expiresAt: Date }, now: Date): OrderStatus {
  return isOrderExpired(order, now) ? "expired" : order.status;
}

/** When an order placed at `now` stops being payable. */
export function orderExpiresAt(now: Date, minutes: number): Date {
  if (!Number.isSafeInteger(minutes) || minutes < 1) throw new RangeError(`minutes must be a positive integer, got ${String(minutes)}`);
  return new Date(now.getTime() + minutes * 60_000);
}
