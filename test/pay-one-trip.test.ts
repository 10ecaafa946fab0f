/**
 * The payment in one round trip (lib/dal/orders/pay-new.ts, pay_new_order in
 * db/migrations/0015_account_keys.sql): it writes exactly what the locking path
 * (payOrder) writes for the same plan on the same balances, and when anything
 * the plan saw has changed it writes nothing at all, so the locking path decides.
 */
import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, cashMovements, events, orderItems, orders, payments, products, usageRecords, vouchers } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { moveCash } from "@/db/cash-ledger";
import { payOrder, placeAndPayOrder } from "@/lib/dal/orders/pay";
import { payNewOrderInOneTrip, readPaySnapshot } from "@/lib/dal/orders/pay-new";
import { planOrderOf } from "@/lib/dal/orders/inputs";
import type { Viewer } from "@/lib/dal/viewer";
import type { ChoicesInput } from "@/lib/orders/request";
import { newPublicId } from "@/lib/ids";
import { addDays } from "@/lib/time";
import { providerIdsOf, setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();
const now = new Date("2026-11-23T08:00:00Z");
let product: Record<"serverless" | "muxi", string>;
let muxiProvider: number;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  const rows = await db.select().from(products);
  const idOf = (name: string) => rows.find((p) => p.name.startsWith(name))!.publicId;
  product = { serverless: idOf("Serverless"), muxi: idOf("Muxi") };
  muxiProvider = (await providerIdsOf(db, "Muxi"))[0]!;
});

/** A fresh account with the same vouchers and cash balance every time: two of them are twins. */
async function account(): Promise<Viewer> {
  const { db } = getDatabase();
  const [acc] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "one trip", createdAt: addDays(now, -10) }).returning();
  const base = { accountId: acc!.id, effectiveAt: addDays(now, -5), createdAt: addDays(now, -5) };
  const stored = (kind: "cash" | "compute", value: number, days: number, providerIds: number[] | null = null) => ({
    ...base,
    publicId: newPublicId("vch"),
    kind,
    faceValue: value,
    balance: value,
    providerIds,
    expiresAt: addDays(now, days),
  });
  await db.insert(vouchers).values([
    stored("cash", 3_000, 10),
    stored("cash", 5_000, 20),
    stored("compute", 4_000, 15, [muxiProvider!]),
    { ...base, publicId: newPublicId("vch"), kind: "discount", amountOff: 5_000, minOrderAmount: 20_000, expiresAt: addDays(now, 20) },
  ]);
  const moved = await moveCash(db, acc!.id, { type: "top_up", amount: 50_000, reason: "test" }, addDays(now, -5));
  if (!moved.ok) throw new Error("top-up refused");
  return { userId: randomUUID(), email: "one-trip@example.com", name: "One trip", role: "customer", accountId: acc!.id };
}

/** Everything a payment wrote for an account, with its own ids replaced by positions, so two accounts compare. */
async function written(viewer: Viewer) {
  const { db } = getDatabase();
  const accountId = viewer.accountId!;
  const own = await db.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.accountId, accountId)).orderBy(asc(vouchers.id));
  const position = (id: number | null) => (id === null ? null : own.findIndex((v) => v.id === id));
  const [order] = await db.select().from(orders).where(eq(orders.accountId, accountId));
  const [item] = await db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
  const pays = await db.select().from(payments).where(eq(payments.orderId, order!.id));
  const usage = await db.select().from(usageRecords).where(eq(usageRecords.orderId, order!.id)).orderBy(asc(usageRecords.id));
  const cash = await db.select().from(cashMovements).where(eq(cashMovements.orderId, order!.id));
  const evs = await db.select().from(events).where(eq(events.accountId, accountId)).orderBy(asc(events.id));
  const balances = await db.select({ balance: vouchers.balance, consumedAt: vouchers.consumedAt }).from(vouchers).where(eq(vouchers.accountId, accountId)).orderBy(asc(vouchers.id));
  const [acc] = await db.select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
  return {
    order: { amount: order!.amount, status: order!.status, parts: [order!.discountAmount, order!.voucherAmount, order!.cashAmount], paidAt: order!.paidAt, accountId: order!.accountId === accountId },
    item: { ...item, id: undefined, orderId: undefined, accountId: item!.accountId === accountId },
    payments: pays.map((p) => ({ status: p.status, amount: p.amount, createdAt: p.createdAt, accountId: p.accountId === accountId })),
    usage: usage.map((u) => ({ voucher: position(u.voucherId), source: u.source, type: u.type, status: u.status, amount: u.amount, balanceAfter: u.balanceAfter, createdAt: u.createdAt })),
    cash: cash.map((c) => ({ type: c.type, amount: c.amount, balanceAfter: c.balanceAfter })),
    events: evs.map((e) => ({ type: e.type, payload: { ...(e.payload as object), orderId: undefined } })),
    balances,
    cashBalance: acc!.cashBalance,
  };
}

/** The locking path for the same purchase: a pending order paid by payOrder (plans on locked rows). */
async function payTheLockingWay(viewer: Viewer, productPublicId: string, quantity: number, choices: ChoicesInput) {
  const { db } = getDatabase();
  const [p] = await db.select().from(products).where(eq(products.publicId, productPublicId));
  const [order] = await db
    .insert(orders)
    .values({ publicId: newPublicId("ord"), accountId: viewer.accountId!, amount: p!.unitPrice * quantity, createdAt: now, expiresAt: addDays(now, 1) })
    .returning();
  await db.insert(orderItems).values({ accountId: viewer.accountId!, orderId: order!.id, productId: p!.id, productName: p!.name, providerId: p!.providerId, unitPrice: p!.unitPrice, quantity, amount: p!.unitPrice * quantity });
  const outcome = await payOrder(viewer, order!.publicId, { automatic: choices }, now);
  expect(outcome.ok).toBe(true);
}

async function payInOneTrip(viewer: Viewer, productPublicId: string, quantity: number, choices: ChoicesInput, change?: () => Promise<unknown>) {
  const { db } = getDatabase();
  const toPay = { automatic: choices };
  const { product: p, snapshot } = await readPaySnapshot(db, viewer.accountId!, productPublicId, toPay, now);
  await change?.();
  return payNewOrderInOneTrip(db, viewer.accountId!, { product: p, quantity, planOrder: planOrderOf(p, quantity), requestKey: randomUUID(), toPay }, snapshot!, now);
}

const count = async (table: typeof orders | typeof usageRecords | typeof events | typeof payments) =>
  Number((await getDatabase().db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);

describe("a payment in one round trip", () => {
  const cases: Array<[string, "serverless" | "muxi", number, ChoicesInput]> = [
    ["cash vouchers, then the cash balance", "serverless", 9, { discount: null }],
    ["the discount, then the cash balance", "serverless", 25, {}],
    ["computing power vouchers for their provider", "muxi", 1, { discount: null }],
  ];
  for (const [name, which, quantity, choices] of cases) {
    it(`writes what the locking path writes: ${name}`, async () => {
      const fast = await account();
      const locking = await account();
      expect(await payInOneTrip(fast, product[which], quantity, choices)).not.toBeNull();
      await payTheLockingWay(locking, product[which], quantity, choices);
      const a = await written(fast);
      const b = await written(locking);
      expect(a).toEqual(b);
      expect(a.usage.length).toBeGreaterThan(0);
      expect(a.order.status).toBe("paid");
    });
  }

  const stale: Array<[string, (viewer: Viewer) => Promise<unknown>]> = [
    [
      "a voucher it uses was spent meanwhile",
      (v) => getDatabase().db.update(vouchers).set({ balance: sql`${vouchers.balance} - 1` }).where(sql`${vouchers.accountId} = ${v.accountId} AND ${vouchers.kind} = 'cash'`),
    ],
    [
      "a voucher it uses was voided meanwhile",
      (v) =>
        getDatabase()
          .db.update(vouchers)
          .set({ voidedAt: now, voidReason: "test", voidedBy: sql`(SELECT id FROM users WHERE role = 'admin' LIMIT 1)` })
          .where(sql`${vouchers.accountId} = ${v.accountId} AND ${vouchers.kind} = 'cash'`),
    ],
    ["the cash balance no longer covers its cash part", (v) => getDatabase().db.update(billingAccounts).set({ cashBalance: 0 }).where(eq(billingAccounts.id, v.accountId!))],
    [
      "its discount was consumed meanwhile",
      async (v) => {
        const { db } = getDatabase();
        const [other] = await db.insert(orders).values({ publicId: newPublicId("ord"), accountId: v.accountId!, amount: 0, createdAt: now, expiresAt: addDays(now, 1) }).returning();
        await db.update(vouchers).set({ consumedAt: now, consumedOrderId: other!.id }).where(sql`${vouchers.accountId} = ${v.accountId} AND ${vouchers.kind} = 'discount'`);
      },
    ],
  ];
  for (const [name, change] of stale) {
    it(`writes nothing when ${name}`, async () => {
      const viewer = await account();
      // ¥250 of Serverless: the discount, or (without it) both cash vouchers and the cash balance.
      const choices: ChoicesInput = name.includes("discount") ? {} : { discount: null };
      const before = await Promise.all([count(orders), count(usageRecords), count(events), count(payments)]);
      const ordersOfChange = name.includes("discount") ? 1 : 0;
      expect(await payInOneTrip(viewer, product.serverless, 25, choices, () => change(viewer))).toBeNull();
      expect(await Promise.all([count(orders), count(usageRecords), count(events), count(payments)])).toEqual([before[0]! + ordersOfChange, ...before.slice(1)]);
    });
  }

  it("a request key already used places nothing new; placeAndPayOrder then finds the order paid", async () => {
    const { db } = getDatabase();
    const viewer = await account();
    const requestKey = randomUUID();
    const first = await placeAndPayOrder(viewer, { productPublicId: product.serverless, quantity: 1, plan: { automatic: {} }, requestKey }, now);
    expect(first.ok).toBe(true);
    const toPay = { automatic: {} };
    const { product: p, snapshot } = await readPaySnapshot(db, viewer.accountId!, product.serverless, toPay, now);
    expect(await payNewOrderInOneTrip(db, viewer.accountId!, { product: p, quantity: 1, planOrder: planOrderOf(p, 1), requestKey, toPay }, snapshot!, now)).toBeNull();
    const again = await placeAndPayOrder(viewer, { productPublicId: product.serverless, quantity: 1, plan: { automatic: {} }, requestKey }, now);
    expect(again).toMatchObject({ ok: true, orderPublicId: first.orderPublicId, alreadyPaid: true });
    expect(await db.select({ id: orders.id }).from(orders).where(eq(orders.accountId, viewer.accountId!))).toHaveLength(1);
  });

  it("a row of an order can't claim another account: the account and order go together", async () => {
    const { db } = getDatabase();
    const viewer = await account();
    const other = await account();
    const outcome = await placeAndPayOrder(viewer, { productPublicId: product.serverless, quantity: 1, plan: { automatic: {} }, requestKey: randomUUID() }, now);
    const [order] = await db.select().from(orders).where(eq(orders.publicId, outcome.orderPublicId));
    await expect(db.insert(payments).values({ accountId: other.accountId!, orderId: order!.id, status: "failed", amount: 1, failureReason: "x", createdAt: now })).rejects.toThrow();
    // A writer that leaves the account out gets the order's (older code, hand-written SQL).
    await db.execute(sql`INSERT INTO payments (order_id, status, amount, failure_reason, created_at) VALUES (${order!.id}, 'failed', 1, 'x', ${now.toISOString()})`);
    const rows = await db.select({ accountId: payments.accountId }).from(payments).where(eq(payments.orderId, order!.id));
    expect(rows.map((r) => r.accountId)).toEqual([viewer.accountId, viewer.accountId]);
  });
});
