import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findInvariantViolations } from "./invariants";
import { billingAccounts, orders, payments, products, usageRecords, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { voidVoucher } from "@/lib/dal/admin/vouchers";
import { topUp } from "@/lib/dal/cash";
import { getMyOrder, listMyOrders } from "@/lib/dal/orders/read";
import { payOrder, placeAndPayOrder } from "@/lib/dal/orders/pay";
import { quoteOrder } from "@/lib/dal/orders/quote";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { providerIdsOf, setupTestDatabase, usingPostgres, viewerOf } from "./db";
import { shownPlan } from "./plans";

const getDatabase = setupTestDatabase();
const now = new Date("2026-11-23T08:00:00Z");
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
let product: Record<"serverless" | "muxi" | "maxx", string>;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);
  const rows = await db.select().from(products);
  const idOf = (name: string) => rows.find((p) => p.name.startsWith(name))!.publicId;
  product = { serverless: idOf("Serverless"), muxi: idOf("Muxi"), maxx: idOf("MaxXIntel") };
});

/** Every balance an account has: cash and each voucher's. */
async function balances(accountId: number | null) {
  const { db } = getDatabase();
  const [account] = await db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId!));
  const rows = await db.select({ id: vouchers.id, balance: vouchers.balance, consumedAt: vouchers.consumedAt }).from(vouchers).where(eq(vouchers.accountId, accountId!));
  return { cash: account!.cashBalance, vouchers: rows.sort((a, b) => a.id - b.id) };
}

async function expectNoViolations() {
  expect(await findInvariantViolations(getDatabase().db)).toEqual({});
}

describe("the live quote", () => {
  it("plans a Muxi product on computing power vouchers and changes nothing", async () => {
    const before = await balances(alice.accountId);
    // Without the discount the default would pick (20% off beats spending vouchers).
    const quote = await quoteOrder(alice, { productPublicId: product.muxi, quantity: 2 }, { discount: null }, now);
    expect(quote.amount).toBe(10_000);
    expect(quote.result.ok).toBe(true);
    if (!quote.result.ok) return;
    expect(quote.result.plan.allocations.every((a) => a.kind === "compute")).toBe(true);
    expect(quote.result.plan.voucherTotal).toBe(10_000);
    expect(quote.result.plan.invoiceable).toBe(0);
    expect(await balances(alice.accountId)).toEqual(before);
  });

  it("takes the price from the catalog, and refuses a bad quantity or an unknown product", async () => {
    await expect(quoteOrder(alice, { productPublicId: product.muxi, quantity: 0 }, {}, now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(quoteOrder(alice, { productPublicId: product.muxi, quantity: 1.5 }, {}, now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(quoteOrder(alice, { productPublicId: "prd_nope", quantity: 1 }, {}, now)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("paying", () => {
  it("pays with the default plan and writes every part together", async () => {
    const { db } = getDatabase();
    const before = await balances(alice.accountId);
    const plan = await shownPlan(alice, product.serverless, 25, {}, now);
    const outcome = await placeAndPayOrder(alice, { productPublicId: product.serverless, quantity: 25, plan: { shown: plan }, requestKey: randomUUID() }, now);
    expect(outcome.ok).toBe(true);
    const order = await getMyOrder(alice, outcome.orderPublicId, now);
    expect(order.status).toBe("paid");
    expect(order.discountAmount + order.voucherAmount + order.cashAmount).toBe(25_000);
    // ¥250 qualifies for alice's ¥50-off discount: the cash balance pays the rest.
    expect(order.discountAmount).toBe(5_000);
    expect(order.cashAmount).toBe(20_000);
    expect(order.invoiceable).toBe(20_000);
    const after = await balances(alice.accountId);
    expect(after.cash).toBe(before.cash - 20_000);
    expect(order.usage.filter((u) => u.status === "success").map((u) => u.source).sort()).toEqual(["cash_balance", "discount"]);
    const [row] = await db.select().from(orders).where(eq(orders.publicId, outcome.orderPublicId));
    expect(row?.accountId).toBe(alice.accountId);
    await expectNoViolations();
  });

  it("is idempotent: the same request again pays nothing more", async () => {
    const { db } = getDatabase();
    const requestKey = randomUUID();
    const request = { productPublicId: product.maxx, quantity: 3, plan: { shown: await shownPlan(alice, product.maxx, 3, {}, now) }, requestKey };
    const first = await placeAndPayOrder(alice, request, now);
    const middle = await balances(alice.accountId);
    const second = await placeAndPayOrder(alice, request, now);
    expect(second).toMatchObject({ ok: true, orderPublicId: first.orderPublicId, alreadyPaid: true });
    expect(await balances(alice.accountId)).toEqual(middle);
    const [order] = await db.select().from(orders).where(eq(orders.publicId, first.orderPublicId));
    const succeeded = await db.select().from(payments).where(and(eq(payments.orderId, order!.id), eq(payments.status, "succeeded")));
    expect(succeeded).toHaveLength(1);
  });

  it("ten concurrent identical requests create one order and pay it once", async () => {
    const { db } = getDatabase();
    const request = { productPublicId: product.maxx, quantity: 1, plan: { shown: await shownPlan(alice, product.maxx, 1, {}, now) }, requestKey: randomUUID() };
    const before = await balances(alice.accountId);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => placeAndPayOrder(alice, request, now)));
    expect(new Set(outcomes.map((o) => o.orderPublicId)).size).toBe(1);
    expect(outcomes.filter((o) => o.ok && !o.alreadyPaid)).toHaveLength(1);
    const [order] = await db.select().from(orders).where(eq(orders.publicId, outcomes[0]!.orderPublicId));
    expect(await db.select().from(payments).where(and(eq(payments.orderId, order!.id), eq(payments.status, "succeeded")))).toHaveLength(1);
    const after = await balances(alice.accountId);
    const spent = before.vouchers.reduce((s, v) => s + (v.balance ?? 0), 0) - after.vouchers.reduce((s, v) => s + (v.balance ?? 0), 0);
    expect(spent + (before.cash - after.cash)).toBe(800);
    await expectNoViolations();
  });

  it("a stale plan fails with a failed record and changes no balance", async () => {
    const plan = await shownPlan(alice, product.maxx, 2, { discount: null }, now);
    const chosen = plan.vouchers.map((v) => v.voucher);
    // Meanwhile an operator voids the first voucher of the plan.
    await voidVoucher(admin, { voucherPublicId: chosen[0]!, reason: "Voided meanwhile" }, now);
    const before = await balances(alice.accountId);
    const outcome = await placeAndPayOrder(alice, { productPublicId: product.maxx, quantity: 2, plan: { shown: plan }, requestKey: randomUUID() }, now);
    expect(outcome).toMatchObject({ ok: false, failure: { reason: "voucher_not_usable", status: "voided" } });
    expect(await balances(alice.accountId)).toEqual(before);
    const order = await getMyOrder(alice, outcome.orderPublicId, now);
    expect(order.status).toBe("pending");
    expect(order.usage).toEqual([expect.objectContaining({ status: "failure", voucherPublicId: chosen[0], failureReason: expect.stringMatching(/voided/i) })]);
    await expectNoViolations();
  });

  it("a cash part needs a non-negative balance: arrears never pay, vouchers never pay arrears", async () => {
    const before = await balances(bob.accountId);
    expect(before.cash).toBeLessThan(0);
    const cashOnly = { amount: 1_000, discount: null, vouchers: [], cash: 1_000 };
    const outcome = await placeAndPayOrder(bob, { productPublicId: product.serverless, quantity: 1, plan: { shown: cashOnly }, requestKey: randomUUID() }, now);
    expect(outcome).toMatchObject({ ok: false, failure: { reason: "insufficient_funds", shortBy: 1_000 } });
    expect(await balances(bob.accountId)).toEqual(before);
  });
});

describe("top-up", () => {
  it("clears arrears first and is idempotent by its request key", async () => {
    const before = await balances(bob.accountId);
    const requestKey = randomUUID();
    const first = await topUp(bob, { amount: 30_000, requestKey }, now);
    expect(first).toEqual({ cashBalance: before.cash + 30_000, repeated: false });
    expect(await topUp(bob, { amount: 30_000, requestKey }, now)).toEqual({ cashBalance: before.cash + 30_000, repeated: true });
    await expect(topUp(bob, { amount: 1, requestKey }, now)).rejects.toMatchObject({ code: "conflict" });
    await expectNoViolations();
  });

  it("refuses zero, negative, fractional and huge amounts", async () => {
    for (const amount of [0, -100, 10.5, 1e12, Number.NaN]) {
      await expect(topUp(bob, { amount, requestKey: randomUUID() }, now)).rejects.toMatchObject({ code: "invalid_input" });
    }
  });
});

describe("authorization", () => {
  it("signed-out callers and users without an account are refused every order function", async () => {
    for (const viewer of [null, admin]) {
      const code = viewer ? "forbidden" : "unauthenticated";
      await expect(quoteOrder(viewer, { productPublicId: product.muxi, quantity: 1 }, {}, now)).rejects.toMatchObject({ code });
      await expect(placeAndPayOrder(viewer, { productPublicId: product.muxi, quantity: 1, plan: { automatic: {} }, requestKey: randomUUID() }, now)).rejects.toMatchObject({ code });
      await expect(topUp(viewer, { amount: 100, requestKey: randomUUID() }, now)).rejects.toMatchObject({ code });
      await expect(listMyOrders(viewer, now)).rejects.toMatchObject({ code });
    }
  });

  it("another account's order can't be read or paid, and its vouchers can't be chosen", async () => {
    const { db } = getDatabase();
    const [order] = await db
      .insert(orders)
      .values({ publicId: newPublicId("ord"), accountId: alice.accountId!, amount: 0, createdAt: now, expiresAt: new Date(now.getTime() + 30 * 60_000) })
      .returning();
    await expect(getMyOrder(bob, order!.publicId, now)).rejects.toMatchObject({ code: "not_found" });
    await expect(payOrder(bob, order!.publicId, { automatic: {} }, now)).rejects.toMatchObject({ code: "not_found" });
    const [aliceVoucher] = await db.select().from(vouchers).where(and(eq(vouchers.accountId, alice.accountId!), eq(vouchers.kind, "cash")));
    const before = await balances(alice.accountId);
    const bobOrders = async () => (await db.select().from(orders).where(eq(orders.accountId, bob.accountId!))).length;
    const ordersBefore = await bobOrders();
    const stolen = { amount: 1_000, discount: null, vouchers: [{ voucher: aliceVoucher!.publicId, amount: 1_000 }], cash: 0 };
    // Refused as bad input before an order exists: nothing pending is left behind.
    await expect(
      placeAndPayOrder(bob, { productPublicId: product.serverless, quantity: 1, plan: { shown: stolen }, requestKey: randomUUID() }, now),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/isn't on this account/) });
    expect(await bobOrders()).toBe(ordersBefore);
    expect(await balances(alice.accountId)).toEqual(before);
  });
});

describe("concurrency", () => {
  it("50 concurrent payments of 5 orders sharing vouchers and a cash balance: each order paid at most once, every invariant holds", async () => {
    const { db } = getDatabase();
    // A fresh account with two shared vouchers and some cash, so payments contend.
    const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Contended", createdAt: now }).returning();
    const viewer: Viewer = { userId: "contended", email: "c@example.com", name: "C", role: "customer", accountId: account!.id };
    const [batch] = await db.execute(sql`SELECT id FROM voucher_batches WHERE kind = 'compute' LIMIT 1`).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows)) as Array<{ id: number }>;
    const [maxxIntel, muxi] = await providerIdsOf(db, "MaxXIntel", "Muxi");
    await db.insert(vouchers).values([
      { publicId: newPublicId("vch"), accountId: account!.id, batchId: Number(batch!.id), kind: "compute", faceValue: 4_000, balance: 4_000, providerIds: [maxxIntel!], effectiveAt: new Date(now.getTime() - 86_400_000), expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now },
      { publicId: newPublicId("vch"), accountId: account!.id, batchId: Number(batch!.id), kind: "compute", faceValue: 2_400, balance: 2_400, providerIds: [maxxIntel!, muxi!], effectiveAt: new Date(now.getTime() - 86_400_000), expiresAt: new Date(now.getTime() + 2 * 86_400_000), createdAt: now },
    ]);
    await topUp(viewer, { amount: 3_000, requestKey: randomUUID() }, now);

    // 5 orders of ¥24 (3 GPU hours): ¥120 in all against ¥64 of vouchers and ¥30 of cash.
    const keys = Array.from({ length: 5 }, () => randomUUID());
    const attempts = Array.from({ length: 50 }, (_, i) =>
      placeAndPayOrder(viewer, { productPublicId: product.maxx, quantity: 3, plan: { automatic: {} }, requestKey: keys[i % 5]! }, now),
    );
    const outcomes = await Promise.all(attempts);
    const paidOrders = new Set(outcomes.filter((o) => o.ok).map((o) => o.orderPublicId));
    const firstPayments = outcomes.filter((o) => o.ok && !o.alreadyPaid);
    const failed = outcomes.filter((o) => !o.ok);
    console.info(
      `[concurrency ${usingPostgres() ? "postgres" : "pglite"}] attempted ${outcomes.length}, paid ${firstPayments.length} orders, ` +
        `${outcomes.length - firstPayments.length - failed.length} repeats found them paid, ${failed.length} failed for funds`,
    );
    // Exactly one success per paid order; ¥94 of funds pays at most 3 orders of ¥24.
    expect(firstPayments.length).toBe(paidOrders.size);
    expect(paidOrders.size).toBe(3);
    for (const o of failed) expect(o).toMatchObject({ failure: { reason: "insufficient_funds" } });
    const succeeded = await db
      .select({ orderId: payments.orderId, n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(payments)
      .innerJoin(orders, eq(orders.id, payments.orderId))
      .where(and(eq(orders.accountId, account!.id), eq(payments.status, "succeeded")))
      .groupBy(payments.orderId);
    expect(succeeded.every((r) => r.n === 1)).toBe(true);
    const after = await balances(account!.id);
    expect(after.vouchers.map((v) => v.balance)).toEqual([0, 0]);
    expect(after.cash).toBe(3_000 - (3 * 2_400 - 6_400));
    const records = await db.select().from(usageRecords).where(eq(usageRecords.accountId, account!.id));
    expect(records.filter((r) => r.status === "success" && r.type === "deduction").reduce((s, r) => s + r.amount, 0)).toBe(3 * 2_400);
    await expectNoViolations();
  });
});
