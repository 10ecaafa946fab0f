/**
 * The order of e2e/admin-insights.spec.ts, written by e2e/prepare-db.ts before the
 * server starts: an account whose paid order was paid by a computing power voucher
 * that has expired since, a cash voucher voided since and the cash balance, so the
 * refund preview shows a part of each kind with its "counts as" flag. The expired
 * voucher kept a remainder, so the month it expired in has breakage to show.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/index";
import { billingAccounts, cashMovements, orderItems, orders, products, usageRecords, users, vouchers } from "../db/schema";
import { addDays } from "../lib/time";

export const INSIGHTS_ORDER_ID = "ord_e2eadmnsghts0001";
export const INSIGHTS_EXPIRED_VOUCHER_ID = "vch_e2eadmnsghts0001";
export const INSIGHTS_VOIDED_VOUCHER_ID = "vch_e2eadmnsghts0002";
/** The account's name on the admin pages. */
export const INSIGHTS_ACCOUNT_NAME = "E2E insights account";
/** When the compute voucher expired, in days before the seed's `now`. */
export const INSIGHTS_EXPIRED_DAYS_AGO = 10;

export async function seedAdminInsights(db: Db, now: Date): Promise<void> {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@example.com"));
  const [product] = await db.select().from(products).where(eq(products.name, "MaxXIntel - GPU hours"));
  if (!admin || !product || product.providerId === null) throw new Error("the demo data lacks the admin or the MaxXIntel product");
  const paidAt = addDays(now, -40);
  const [account] = await db
    .insert(billingAccounts)
    .values({ publicId: "acc_e2eadmnsghts0001", name: INSIGHTS_ACCOUNT_NAME, cashBalance: 2_000, createdAt: addDays(now, -60) })
    .returning();
  const accountId = account!.id;
  const [order] = await db
    .insert(orders)
    .values({
      publicId: INSIGHTS_ORDER_ID,
      accountId,
      amount: 6_000,
      status: "paid",
      voucherAmount: 5_000,
      cashAmount: 1_000,
      createdAt: paidAt,
      expiresAt: new Date(paidAt.getTime() + 30 * 60_000),
      paidAt,
    })
    .returning();
  await db.insert(orderItems).values({ accountId, orderId: order!.id, productId: product.id, productName: product.name, providerId: product.providerId, unitPrice: 6_000, quantity: 1, amount: 6_000 });
  const [compute, cash] = await db
    .insert(vouchers)
    .values([
      {
        publicId: INSIGHTS_EXPIRED_VOUCHER_ID,
        accountId,
        kind: "compute",
        faceValue: 4_000,
        balance: 1_000,
        providerIds: [product.providerId],
        effectiveAt: addDays(now, -50),
        expiresAt: addDays(now, -INSIGHTS_EXPIRED_DAYS_AGO),
        createdAt: addDays(now, -50),
      },
      {
        publicId: INSIGHTS_VOIDED_VOUCHER_ID,
        accountId,
        kind: "cash",
        faceValue: 5_000,
        balance: 3_000,
        effectiveAt: addDays(now, -50),
        expiresAt: addDays(now, 300),
        voidedAt: addDays(now, -5),
        voidedBy: admin.id,
        voidReason: "E2E: voided after paying",
        createdAt: addDays(now, -50),
      },
    ])
    .returning();
  const base = { accountId, orderId: order!.id, type: "deduction" as const, status: "success" as const, createdAt: paidAt };
  await db.insert(usageRecords).values([
    { ...base, voucherId: compute!.id, source: "compute", amount: 3_000, balanceAfter: 1_000 },
    { ...base, voucherId: cash!.id, source: "cash", amount: 2_000, balanceAfter: 3_000 },
    { ...base, voucherId: null, source: "cash_balance", amount: 1_000, balanceAfter: 2_000 },
  ]);
  await db.insert(cashMovements).values([
    { accountId, type: "top_up", amount: 3_000, balanceAfter: 3_000, createdAt: addDays(now, -45) },
    { accountId, type: "payment", amount: 1_000, balanceAfter: 2_000, orderId: order!.id, createdAt: paidAt },
  ]);
}
