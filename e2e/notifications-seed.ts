/**
 * The inbox of the e2e-only customer of e2e/notifications.spec.ts, written by
 * e2e/prepare-db.ts before the server starts (the embedded database can't be
 * opened by the test while the server holds it): three events of the account,
 * each with its unread notification, as the dispatcher would have made them.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/index";
import { events, notifications, users } from "../db/schema";
import { EVENT_VERSION } from "../lib/events/types";
import { newPublicId } from "../lib/ids";
import { addDays } from "../lib/time";

export const SEEDED_VOUCHER_ID = "vch_e2enotify0000001";
export const SEEDED_ORDER_ID = "ord_e2enotify0000001";

export async function seedNotifications(db: Db, email: string, now: Date): Promise<void> {
  const [user] = await db.select({ accountId: users.billingAccountId }).from(users).where(eq(users.email, email));
  const accountId = user!.accountId!;
  const rows = [
    { type: "voucher.expiring" as const, payload: { voucherId: SEEDED_VOUCHER_ID, kind: "cash", balance: 2_500, expiresAt: addDays(now, 6).toISOString(), daysBefore: 7 } },
    { type: "balance.low" as const, payload: { kind: "cash_balance", balance: 300, threshold: 10_000 } },
    { type: "order.refunded" as const, payload: { orderId: SEEDED_ORDER_ID, refundId: "rfd_e2enotify0000001", amount: 1_000, refundedAmount: 1_000, orderStatus: "partially_refunded" } },
  ];
  for (const [i, row] of rows.entries()) {
    const at = new Date(now.getTime() - (rows.length - i) * 60_000);
    const [event] = await db
      .insert(events)
      .values({ publicId: newPublicId("evt"), type: row.type, accountId, version: EVENT_VERSION, payload: row.payload, createdAt: at })
      .returning({ id: events.id });
    await db.insert(notifications).values({ publicId: newPublicId("ntf"), accountId, eventId: event!.id, createdAt: at });
  }
}
