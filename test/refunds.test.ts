import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findInvariantViolations } from "./invariants";
import { auditLog, billingAccounts, cashMovements, orders, products, refunds, usageRecords, users, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { voidVoucher } from "@/lib/dal/admin/vouchers";
import { adjustCashBalance, chargeUsage, topUp } from "@/lib/dal/cash";
import { getMyAmountsSummary } from "@/lib/dal/vouchers";
import { getMyOrder } from "@/lib/dal/orders/read";
import { placeAndPayOrder } from "@/lib/dal/orders/pay";
import { refundOrder } from "@/lib/dal/refunds";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { providerIdsOf, setupTestDatabase, viewerOf } from "./db";
import { shownPlan } from "./plans";

const getDatabase = setupTestDatabase();
const HOUR = 3_600_000;
const now = new Date("2026-11-23T08:00:00Z");
const later = (hours: number) => new Date(now.getTime() + hours * HOUR);
let alice: Viewer;
let admin: Viewer;
let maxx: string;
let serverless: string;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  admin = await viewerOf(db, DEMO_USERS.admin);
  const rows = await db.select().from(products);
  maxx = rows.find((p) => p.name.startsWith("MaxXIntel"))!.publicId;
  serverless = rows.find((p) => p.name.startsWith("Serverless"))!.publicId;
});

async function expectNoViolations() {
  expect(await findInvariantViolations(getDatabase().db)).toEqual({});
}

/**
 * A fresh account that pays a ¥80 MaxXIntel order with, in payment order:
 * compute C ¥30, cash A ¥10 (expires first), cash B ¥20, and ¥20 of its ¥50 cash balance.
 */
async function paidOrder(opts: { cashAExpiresInHours?: number } = {}) {
  const { db } = getDatabase();
  const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Refunds", createdAt: now }).returning();
  const viewer: Viewer = { userId: "refunds", email: "r@example.com", name: "R", role: "customer", accountId: account!.id };
  const window = { effectiveAt: later(-24), expiresAt: later(24 * 30) };
  const maxxIntel = await providerIdsOf(db, "MaxXIntel");
  const make = (kind: "cash" | "compute", faceValue: number, extra: Partial<typeof vouchers.$inferInsert> = {}) => ({
    publicId: newPublicId("vch"),
    accountId: account!.id,
    kind,
    faceValue,
    balance: faceValue,
    providerIds: kind === "compute" ? maxxIntel : null,
    ...window,
    createdAt: now,
    ...extra,
  });
  const [c, a, b] = await db
    .insert(vouchers)
    .values([
      make("compute", 3_000),
      make("cash", 1_000, { expiresAt: later(opts.cashAExpiresInHours ?? 24 * 7) }),
      make("cash", 2_000),
    ])
    .returning();
  await topUp(viewer, { amount: 5_000, requestKey: randomUUID() }, now);
  const outcome = await placeAndPayOrder(viewer, { productPublicId: maxx, quantity: 10, plan: { shown: await shownPlan(viewer, maxx, 10, { discount: null }, now) }, requestKey: randomUUID() }, now);
  if (!outcome.ok) throw new Error(`payment failed: ${outcome.message}`);
  return { viewer, accountId: account!.id, order: outcome.orderPublicId, c: c!, a: a!, b: b! };
}

async function state(accountId: number) {
  const { db } = getDatabase();
  const [account] = await db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId));
  const rows = await db.select().from(vouchers).where(eq(vouchers.accountId, accountId)).orderBy(asc(vouchers.id));
  return { cash: account!.cashBalance, balances: Object.fromEntries(rows.map((v) => [v.publicId, v.balance])) };
}

const refund = (order: string, amount: number | "full", refundKey = randomUUID(), at = now) =>
  refundOrder(admin, { orderPublicId: order, amount, reason: "Customer asked", refundKey }, at);

describe("refund shapes", () => {
  it("the payment split is as the test expects: compute, then cash vouchers by expiry, then the cash balance", async () => {
    const { viewer, accountId, order, a, b, c } = await paidOrder();
    const s = await state(accountId);
    expect([s.balances[c.publicId], s.balances[a.publicId], s.balances[b.publicId], s.cash]).toEqual([0, 0, 0, 3_000]);
    expect((await getMyOrder(viewer, order, now)).invoiceable).toBe(2_000);
  });

  it("a partial refund returns the cash balance first, then the latest cash voucher, with a record per part", async () => {
    const { db } = getDatabase();
    const { viewer, accountId, order, a, b, c } = await paidOrder();
    const result = await refund(order, 3_000);
    expect(result).toMatchObject({ amount: 3_000, repeated: false });
    const s = await state(accountId);
    expect([s.balances[c.publicId], s.balances[a.publicId], s.balances[b.publicId], s.cash]).toEqual([0, 0, 1_000, 5_000]);
    const detail = await getMyOrder(viewer, order, now);
    expect(detail.status).toBe("partially_refunded");
    expect(detail.refundedAmount).toBe(3_000);
    expect(detail.invoiceable).toBe(0);
    expect(detail.refunds).toEqual([expect.objectContaining({ publicId: result.refundPublicId, amount: 3_000, reason: "Customer asked" })]);
    const records = detail.usage.filter((u) => u.type === "refund");
    expect(records.map((r) => [r.source, r.voucherPublicId, r.amount, r.balanceAfter])).toEqual([
      ["cash_balance", null, 2_000, 5_000],
      ["cash", b.publicId, 1_000, 1_000],
    ]);
    const movements = await db.select().from(cashMovements).where(and(eq(cashMovements.accountId, accountId), eq(cashMovements.type, "refund")));
    expect(movements).toEqual([expect.objectContaining({ amount: 2_000, balanceAfter: 5_000, createdBy: admin.userId })]);
    await expectNoViolations();
  });

  it("a second, full refund returns the rest to the very vouchers that paid, and marks the order refunded", async () => {
    const { viewer, accountId, order, a, b, c } = await paidOrder();
    await refund(order, 3_000);
    const rest = await refund(order, "full");
    expect(rest.amount).toBe(5_000);
    const s = await state(accountId);
    expect([s.balances[c.publicId], s.balances[a.publicId], s.balances[b.publicId], s.cash]).toEqual([3_000, 1_000, 2_000, 5_000]);
    const detail = await getMyOrder(viewer, order, now);
    expect(detail).toMatchObject({ status: "refunded", refundedAmount: 8_000 });
    await expect(refund(order, 1)).rejects.toMatchObject({ code: "conflict", message: "This order is already fully refunded." });
    await expectNoViolations();
  });

  it("the discount part is never returned: only what was paid can come back", async () => {
    const { db } = getDatabase();
    const before = await state(alice.accountId!);
    // ¥250 of Serverless: alice's ¥50-off discount, the rest from her cash balance.
    const outcome = await placeAndPayOrder(alice, { productPublicId: serverless, quantity: 25, plan: { automatic: {} }, requestKey: randomUUID() }, now);
    if (!outcome.ok) throw new Error(outcome.message);
    const [row] = await db.select().from(orders).where(eq(orders.publicId, outcome.orderPublicId));
    expect(row!.discountAmount).toBe(5_000);
    await expect(refund(outcome.orderPublicId, 20_001)).rejects.toMatchObject({
      code: "invalid_input",
      message: "At most ¥200.00 of this order can still be refunded.",
    });
    expect((await refund(outcome.orderPublicId, "full")).amount).toBe(20_000);
    const after = await state(alice.accountId!);
    expect(after.cash).toBe(before.cash);
    const [discount] = await db.select().from(vouchers).where(eq(vouchers.consumedOrderId, row!.id));
    expect(discount?.consumedAt).not.toBeNull();
    await expectNoViolations();
  });

  it("money returned to a voucher that expired or was voided since counts as expired or voided", async () => {
    const { db } = getDatabase();
    const { viewer, order, a, b } = await paidOrder({ cashAExpiresInHours: 1 });
    await voidVoucher(admin, { voucherPublicId: b.publicId, reason: "Fraud" }, later(1));
    const at = later(2);
    await refund(order, 5_000, randomUUID(), at);
    const summary = await getMyAmountsSummary(viewer, "cash", at);
    // ¥20 of the cash balance, then B (voided) gets ¥20 back, then A (expired) ¥10.
    expect(summary).toMatchObject({ totalFaceValue: 3_000, used: 0, expired: 1_000, voided: 2_000, notEffective: 0, balance: 0 });
    expect(summary.totalFaceValue - summary.used - summary.expired - summary.voided - summary.notEffective).toBe(summary.balance);
    const [aRow] = await db.select().from(vouchers).where(eq(vouchers.id, a.id));
    expect(aRow!.balance).toBe(1_000);
    await expectNoViolations();
  });

  it("refuses a zero, negative, fractional or excessive amount, an unpaid order, an unknown order, and a blank reason; nothing changes", async () => {
    const { db } = getDatabase();
    const { accountId, order } = await paidOrder();
    const before = await state(accountId);
    for (const amount of [0, -100, 1.5, 8_001]) await expect(refund(order, amount)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(refund("ord_unknown0000000", "full")).rejects.toMatchObject({ code: "not_found" });
    await expect(refundOrder(admin, { orderPublicId: order, amount: 100, reason: "   ", refundKey: randomUUID() }, now)).rejects.toMatchObject({
      code: "invalid_input",
    });
    const [pending] = await db.select().from(orders).where(eq(orders.status, "pending")).limit(1);
    if (pending) await expect(refund(pending.publicId, 1)).rejects.toMatchObject({ code: "conflict" });
    expect(await state(accountId)).toEqual(before);
    expect(await db.select().from(refunds).innerJoin(orders, eq(orders.id, refunds.orderId)).where(eq(orders.publicId, order))).toEqual([]);
  });
});

describe("idempotency", () => {
  it("the same refund key refunds once, sequentially and 10 times at once; another amount under it is refused", async () => {
    const { db } = getDatabase();
    const { accountId, order } = await paidOrder();
    const key = randomUUID();
    const first = await refund(order, 1_500, key);
    expect(await refund(order, 1_500, key)).toEqual({ ...first, repeated: true });
    await expect(refund(order, 1_600, key)).rejects.toMatchObject({ code: "conflict" });

    const concurrentKey = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => refund(order, 500, concurrentKey)));
    expect(outcomes.filter((o) => !o.repeated)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.refundPublicId)).size).toBe(1);
    const [row] = await db.select().from(orders).where(eq(orders.publicId, order));
    expect(row!.refundedAmount).toBe(2_000);
    expect((await state(accountId)).cash).toBe(3_000 + 2_000);
    await expectNoViolations();
  });

  it("concurrent refunds with different keys never return more than was paid", async () => {
    const { db } = getDatabase();
    const { order } = await paidOrder();
    const settled = await Promise.allSettled(Array.from({ length: 12 }, () => refund(order, 1_000)));
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(8);
    for (const s of settled) if (s.status === "rejected") expect(s.reason).toMatchObject({ code: expect.stringMatching(/conflict|invalid_input/) });
    const [row] = await db.select().from(orders).where(eq(orders.publicId, order));
    expect(row).toMatchObject({ status: "refunded", refundedAmount: 8_000 });
    await expectNoViolations();
  });
});

describe("post-paid charges and adjustments", () => {
  it("a charge can create arrears, writes a usage record, and a top-up clears the arrears first", async () => {
    const { db } = getDatabase();
    const { viewer, accountId } = await paidOrder();
    const [account] = await db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId));
    const charged = await chargeUsage(admin, { accountPublicId: account!.publicId, amount: 10_000, reason: "GPU hours, November", requestKey: randomUUID() }, now);
    expect(charged).toEqual({ cashBalance: 3_000 - 10_000, repeated: false });
    const [record] = await db
      .select()
      .from(usageRecords)
      .where(and(eq(usageRecords.accountId, accountId), eq(usageRecords.source, "cash_balance"), sql`${usageRecords.orderId} IS NULL`));
    expect(record).toMatchObject({ type: "deduction", status: "success", amount: 10_000, balanceAfter: -7_000 });
    expect(await topUp(viewer, { amount: 8_000, requestKey: randomUUID() }, now)).toEqual({ cashBalance: 1_000, repeated: false });
    await expectNoViolations();
  });

  it("an adjustment credits or debits with its reason; the same key adjusts once; each writes its audit row", async () => {
    const { db } = getDatabase();
    const { accountId } = await paidOrder();
    const [account] = await db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId));
    const key = randomUUID();
    const input = { accountPublicId: account!.publicId, amount: -500, reason: "Duplicate top-up reversed", requestKey: key };
    expect(await adjustCashBalance(admin, input, now)).toEqual({ cashBalance: 2_500, repeated: false });
    expect(await adjustCashBalance(admin, input, now)).toEqual({ cashBalance: 2_500, repeated: true });
    await expect(adjustCashBalance(admin, { ...input, amount: -600 }, now)).rejects.toMatchObject({ code: "conflict" });
    expect((await adjustCashBalance(admin, { ...input, amount: 1_200, requestKey: randomUUID() }, now)).cashBalance).toBe(3_700);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, account!.publicId), eq(auditLog.action, "account.adjust")))
      .orderBy(asc(auditLog.id));
    expect(audits.map((a) => [a.actorUserId, a.before, a.reason])).toEqual([
      [admin.userId, { cashBalance: 3_000 }, "Duplicate top-up reversed"],
      [admin.userId, { cashBalance: 2_500 }, "Duplicate top-up reversed"],
    ]);
    for (const amount of [0, 0.5, 100_000_001]) {
      await expect(adjustCashBalance(admin, { ...input, amount, requestKey: randomUUID() }, now)).rejects.toMatchObject({ code: "invalid_input" });
    }
    await expectNoViolations();
  });
});

describe("authorization", () => {
  it("customers and signed-out callers are refused every admin money function, and nothing changes", async () => {
    const { db } = getDatabase();
    const { viewer, accountId, order } = await paidOrder();
    const [account] = await db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId));
    const before = await state(accountId);
    const auditsBefore = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    for (const [who, code] of [
      [null, "unauthenticated"],
      [viewer, "forbidden"],
      [alice, "forbidden"],
    ] as const) {
      await expect(refundOrder(who, { orderPublicId: order, amount: "full", reason: "x", refundKey: randomUUID() }, now)).rejects.toMatchObject({ code });
      await expect(chargeUsage(who, { accountPublicId: account!.publicId, amount: 100, reason: "x", requestKey: randomUUID() }, now)).rejects.toMatchObject({ code });
      await expect(adjustCashBalance(who, { accountPublicId: account!.publicId, amount: 100, reason: "x", requestKey: randomUUID() }, now)).rejects.toMatchObject({ code });
    }
    expect(await state(accountId)).toEqual(before);
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(auditLog)).toEqual(auditsBefore);
    const [adminUser] = await db.select().from(users).where(eq(users.id, admin.userId));
    expect(adminUser?.role).toBe("admin");
  });

  it("every refund writes its audit row with before and after, in the same transaction", async () => {
    const { db } = getDatabase();
    const { order } = await paidOrder();
    const result = await refund(order, 1_000);
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.action, "order.refund"), eq(auditLog.targetId, order)));
    expect(rows).toEqual([
      expect.objectContaining({
        actorUserId: admin.userId,
        targetType: "order",
        before: { status: "paid", refundedAmount: 0 },
        after: { status: "partially_refunded", refundedAmount: 1_000, refund: result.refundPublicId, amount: 1_000 },
        reason: "Customer asked",
      }),
    ]);
  });
});
