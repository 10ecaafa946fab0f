/**
 * SPEC 6, "the plan the customer saw is the contract", and pending orders:
 * every way a shown plan can go stale fails with a message naming what changed,
 * records the failure, changes no balance, and the new plan then pays. Runs on
 * PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findInvariantViolations } from "./invariants";
import { billingAccounts, orders, payments, products, usageRecords, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { getOrderDetail, searchOrders } from "@/lib/dal/admin/orders";
import { voidVoucher } from "@/lib/dal/admin/vouchers";
import { topUp } from "@/lib/dal/cash";
import { getMyOrder } from "@/lib/dal/orders/read";
import { payOrder, placeAndPayOrder, type PayOutcome } from "@/lib/dal/orders/pay";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import type { ShownPlan } from "@/lib/orders/shown-plan";
import { setupTestDatabase, viewerOf } from "./db";
import { shownPlan, shownPlanOfOrder } from "./plans";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2031-03-10T02:00:00Z");
const HOUR = 3_600_000;
const at = (ms: number) => new Date(now.getTime() + ms);
let admin: Viewer;
let serial = 0;

beforeAll(async () => {
  await seedDemoData(db(), now, 0);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

interface Customer {
  viewer: Viewer;
  accountId: number;
  /** A general product (no provider) of the given unit price, made for this customer's test. */
  product: string;
}

/** A fresh account with these vouchers and cash, and its own ¥10 product, so each case starts from known balances. */
async function customer(opts: { cash?: number[]; discountOff?: number; cashBalance?: number; unitPrice?: number; expiresAt?: Date }): Promise<Customer & { vouchers: string[]; discount: string | null }> {
  const n = ++serial;
  const [account] = await db().insert(billingAccounts).values({ publicId: newPublicId("acc"), name: `Shown ${n}`, createdAt: at(-HOUR) }).returning();
  const viewer: Viewer = { userId: `shown-${n}`, email: `shown${n}@example.com`, name: `S${n}`, role: "customer", accountId: account!.id };
  const [product] = await db()
    .insert(products)
    .values({ publicId: newPublicId("prd"), name: `Token pack ${n}`, unitPrice: opts.unitPrice ?? 1_000, providerId: null, createdAt: at(-HOUR) })
    .returning();
  const window = { accountId: account!.id, effectiveAt: at(-HOUR), expiresAt: opts.expiresAt ?? at(30 * 24 * HOUR), createdAt: at(-HOUR) };
  const cash = await Promise.all(
    (opts.cash ?? []).map(async (faceValue) => {
      const [v] = await db().insert(vouchers).values({ ...window, publicId: newPublicId("vch"), kind: "cash", faceValue, balance: faceValue }).returning();
      return v!.publicId;
    }),
  );
  let discount: string | null = null;
  if (opts.discountOff) {
    const [v] = await db()
      .insert(vouchers)
      .values({ ...window, publicId: newPublicId("vch"), kind: "discount", amountOff: opts.discountOff, minOrderAmount: 0 })
      .returning();
    discount = v!.publicId;
  }
  if (opts.cashBalance) await topUp(viewer, { amount: opts.cashBalance, requestKey: randomUUID() }, at(-HOUR));
  return { viewer, accountId: account!.id, product: product!.publicId, vouchers: cash, discount };
}

/** Every balance of the account: cash, and each voucher's balance and consumption. */
async function balances(accountId: number) {
  const [account] = await db().select().from(billingAccounts).where(eq(billingAccounts.id, accountId));
  const rows = await db()
    .select({ id: vouchers.id, balance: vouchers.balance, consumedAt: vouchers.consumedAt })
    .from(vouchers)
    .where(eq(vouchers.accountId, accountId))
    .orderBy(vouchers.id);
  return { cash: account!.cashBalance, vouchers: rows };
}

const pay = (c: Customer, plan: ShownPlan, when: Date, requestKey = randomUUID(), quantity = 1) =>
  placeAndPayOrder(c.viewer, { productPublicId: c.product, quantity, plan: { shown: plan }, requestKey }, when);

/** A stale plan's failure: the message, a failed payment and a failed usage record on a pending order, and no balance moved. */
async function expectRecordedFailure(c: Customer, outcome: PayOutcome, before: Awaited<ReturnType<typeof balances>>, message: RegExp) {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.message).toMatch(message);
  expect(await balances(c.viewer.accountId!)).toEqual(before);
  const order = await getMyOrder(c.viewer, outcome.orderPublicId, now);
  expect(order.status).toBe("pending");
  expect(order.usage.at(-1)).toMatchObject({ status: "failure", type: "deduction", failureReason: outcome.message });
  const [row] = await db().select().from(orders).where(eq(orders.publicId, outcome.orderPublicId));
  const failed = await db().select().from(payments).where(and(eq(payments.orderId, row!.id), eq(payments.status, "failed")));
  expect(failed.at(-1)?.failureReason).toBe(outcome.message);
  expect(await findInvariantViolations(db())).toEqual({});
}

describe("a shown plan that went stale fails, names what changed, and changes no balance", () => {
  it("a voucher voided in another tab: Pay doesn't charge the cash balance instead; the new plan then pays", async () => {
    const c = await customer({ cash: [1_000], cashBalance: 5_000 });
    const shown = await shownPlan(c.viewer, c.product, 1, {}, now);
    expect(shown).toEqual({ amount: 1_000, discount: null, vouchers: [{ voucher: c.vouchers[0], amount: 1_000 }], cash: 0 });
    await voidVoucher(admin, { voucherPublicId: c.vouchers[0]!, reason: "Voided in another tab" }, now);
    const before = await balances(c.accountId);
    const requestKey = randomUUID();
    const failed = await pay(c, shown, at(1), requestKey);
    await expectRecordedFailure(c, failed, before, new RegExp(`${c.vouchers[0]} has been voided`));
    expect(failed).toMatchObject({ failure: { reason: "voucher_not_usable", status: "voided" } });

    // The new plan, confirmed: the same request pays the same pending order from the cash balance.
    const confirmed = await shownPlan(c.viewer, c.product, 1, {}, at(2));
    expect(confirmed).toEqual({ amount: 1_000, discount: null, vouchers: [], cash: 1_000 });
    const paid = await pay(c, confirmed, at(3), requestKey);
    expect(paid).toMatchObject({ ok: true, orderPublicId: failed.orderPublicId, alreadyPaid: false });
    expect((await balances(c.accountId)).cash).toBe(4_000);
  });

  it("a voucher that expires between the plan and Pay: refused from its expiry instant on", async () => {
    const expiresAt = at(10 * 60_000);
    const c = await customer({ cash: [1_000], cashBalance: 5_000, expiresAt });
    const shown = await shownPlan(c.viewer, c.product, 1, {}, new Date(expiresAt.getTime() - 1));
    const before = await balances(c.accountId);
    const failed = await pay(c, shown, expiresAt);
    await expectRecordedFailure(c, failed, before, new RegExp(`${c.vouchers[0]} has expired`));
    // One millisecond earlier the same plan still holds.
    const other = await customer({ cash: [1_000], cashBalance: 5_000, expiresAt });
    const justInTime = await pay(other, await shownPlan(other.viewer, other.product, 1, {}, now), new Date(expiresAt.getTime() - 1));
    expect(justInTime.ok).toBe(true);
  });

  it("a voucher partly spent by another order: the plan's amounts changed, so it fails and says how", async () => {
    const c = await customer({ cash: [1_000], cashBalance: 5_000 });
    const shown = await shownPlan(c.viewer, c.product, 1, {}, now);
    // Another order (a ¥5 product) spends half of the voucher meanwhile.
    const [half] = await db()
      .insert(products)
      .values({ publicId: newPublicId("prd"), name: "Half pack", unitPrice: 500, providerId: null, createdAt: now })
      .returning();
    const elsewhere = await placeAndPayOrder(
      c.viewer,
      { productPublicId: half!.publicId, quantity: 1, plan: { shown: await shownPlan(c.viewer, half!.publicId, 1, {}, now) }, requestKey: randomUUID() },
      now,
    );
    expect(elsewhere.ok).toBe(true);
    const before = await balances(c.accountId);
    const failed = await pay(c, shown, at(1));
    await expectRecordedFailure(c, failed, before, /plan changed/);
    expect(failed).toMatchObject({
      failure: {
        reason: "plan_changed",
        changes: [
          { what: "voucher", voucher: c.vouchers[0], shown: 1_000, now: 500 },
          { what: "cash", shown: 0, now: 500 },
        ],
      },
    });
    expect(!failed.ok && failed.message).toContain(`Voucher ${c.vouchers[0]} can now pay ¥5.00, not ¥10.00.`);
    expect(!failed.ok && failed.message).toContain("The cash balance would pay ¥5.00, not ¥0.00.");
  });

  it("the cash balance spent meanwhile: the cash part can't be paid", async () => {
    const c = await customer({ cashBalance: 1_000 });
    const shown = await shownPlan(c.viewer, c.product, 1, {}, now);
    expect(shown.cash).toBe(1_000);
    expect((await pay(c, shown, now)).ok).toBe(true); // another tab paid the same plan first
    const before = await balances(c.accountId);
    const failed = await pay(c, shown, at(1));
    await expectRecordedFailure(c, failed, before, /cash balance is ¥10\.00 short/);
  });

  it("a discount consumed by another order: it has already been used", async () => {
    const c = await customer({ discountOff: 300, cashBalance: 5_000 });
    const shown = await shownPlan(c.viewer, c.product, 1, {}, now);
    expect(shown.discount).toEqual({ voucher: c.discount, amount: 300 });
    expect((await pay(c, shown, now)).ok).toBe(true);
    const before = await balances(c.accountId);
    const failed = await pay(c, shown, at(1));
    await expectRecordedFailure(c, failed, before, new RegExp(`${c.discount} has already been used`));
    // Automatic mode would have paid ¥10 from cash: twice the cash shown. Not any more.
    expect((await balances(c.accountId)).cash).toBe(5_000 - 700);
  });

  it("a product price changed after the plan was shown: the order amount changed", async () => {
    const c = await customer({ cashBalance: 50_000 });
    const shown = await shownPlan(c.viewer, c.product, 2, {}, now);
    await db().update(products).set({ unitPrice: 100_000 }).where(eq(products.publicId, c.product));
    const before = await balances(c.accountId);
    const failed = await pay(c, shown, at(1), randomUUID(), 2);
    await expectRecordedFailure(c, failed, before, /order amount is now ¥2,000\.00, not ¥20\.00/);
  });

  it("manual choices are held to the plan shown for them too", async () => {
    const c = await customer({ cash: [600, 400], cashBalance: 5_000 });
    // The customer picked only the second voucher: ¥4 from it, ¥6 from cash.
    const shown = await shownPlan(c.viewer, c.product, 1, { discount: null, vouchers: [c.vouchers[1]!] }, now);
    expect(shown).toEqual({ amount: 1_000, discount: null, vouchers: [{ voucher: c.vouchers[1], amount: 400 }], cash: 600 });
    await voidVoucher(admin, { voucherPublicId: c.vouchers[1]!, reason: "Voided meanwhile" }, now);
    const before = await balances(c.accountId);
    await expectRecordedFailure(c, await pay(c, shown, at(1)), before, new RegExp(`${c.vouchers[1]} has been voided`));
  });

  it("a plan that still holds pays exactly as shown, even when a better voucher arrived meanwhile", async () => {
    const c = await customer({ cashBalance: 5_000 });
    const shown = await shownPlan(c.viewer, c.product, 1, {}, now);
    await db()
      .insert(vouchers)
      .values({ publicId: newPublicId("vch"), accountId: c.accountId, kind: "cash", faceValue: 1_000, balance: 1_000, effectiveAt: at(-HOUR), expiresAt: at(HOUR), createdAt: now });
    const paid = await pay(c, shown, at(1));
    expect(paid).toMatchObject({ ok: true, plan: { cashBalancePart: 1_000, allocations: [] } });
    expect((await balances(c.accountId)).cash).toBe(4_000);
  });
});

describe("pay again on a pending order", () => {
  it("pays the plan its page showed, and fails like a new order when that plan went stale", async () => {
    const c = await customer({ cash: [1_000, 1_000], cashBalance: 5_000 });
    // A first attempt fails (its voucher was voided), leaving a pending order.
    const first = await shownPlan(c.viewer, c.product, 1, {}, now);
    await voidVoucher(admin, { voucherPublicId: first.vouchers[0]!.voucher, reason: "Voided" }, now);
    const failed = await pay(c, first, now);
    if (failed.ok) throw new Error("expected a failure");
    // Its page shows the plan that holds now; that voucher is then voided too.
    const again = await shownPlanOfOrder(c.viewer, failed.orderPublicId, at(1));
    expect(again.vouchers).toHaveLength(1);
    await voidVoucher(admin, { voucherPublicId: again.vouchers[0]!.voucher, reason: "Voided too" }, at(1));
    const before = await balances(c.accountId);
    const second = await payOrder(c.viewer, failed.orderPublicId, { shown: again }, at(2));
    await expectRecordedFailure(c, second, before, /has been voided/);
    const last = await shownPlanOfOrder(c.viewer, failed.orderPublicId, at(3));
    expect(await payOrder(c.viewer, failed.orderPublicId, { shown: last }, at(4))).toMatchObject({ ok: true, alreadyPaid: false });
    expect((await balances(c.accountId)).cash).toBe(4_000);
  });
});

describe("pending orders (SPEC 6)", () => {
  async function pendingOrder() {
    const c = await customer({ cash: [1_000], cashBalance: 5_000 });
    const shown = await shownPlan(c.viewer, c.product, 1, {}, now);
    await voidVoucher(admin, { voucherPublicId: c.vouchers[0]!, reason: "Voided" }, now);
    const failed = await pay(c, shown, now);
    if (failed.ok) throw new Error("expected a failure");
    const [row] = await db().select().from(orders).where(eq(orders.publicId, failed.orderPublicId));
    return { c, order: failed.orderPublicId, orderId: row!.id, expiresAt: row!.expiresAt };
  }

  const records = async (orderId: number) =>
    (await db().select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(usageRecords).where(eq(usageRecords.orderId, orderId)))[0]!.n;

  it("expires 30 minutes after it was placed: payable up to then, refused from then on, and nothing is written", async () => {
    const { c, order, orderId, expiresAt } = await pendingOrder();
    expect(expiresAt.getTime()).toBe(now.getTime() + 30 * 60_000);
    const cashOnly = { amount: 1_000, discount: null, vouchers: [], cash: 1_000 };
    const before = await balances(c.accountId);
    const written = await records(orderId);
    await expect(payOrder(c.viewer, order, { shown: cashOnly }, expiresAt)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/expired/) });
    expect(await balances(c.accountId)).toEqual(before);
    expect(await records(orderId)).toBe(written);
    const detail = await getMyOrder(c.viewer, order, expiresAt);
    expect(detail).toMatchObject({ status: "expired", quote: null, reorder: { productPublicId: c.product, quantity: 1 } });
    // Operators see the same status, and filter by it.
    expect((await getOrderDetail(admin, order, expiresAt)).status).toBe("expired");
    expect((await searchOrders(admin, { orderId: order, status: "expired" }, expiresAt)).map((o) => o.status)).toEqual(["expired"]);
    expect(await searchOrders(admin, { orderId: order, status: "pending" }, expiresAt)).toEqual([]);
    expect((await searchOrders(admin, { orderId: order, status: "pending" }, new Date(expiresAt.getTime() - 1))).map((o) => o.status)).toEqual(["pending"]);
    // A millisecond before, the same payment goes through.
    expect(await payOrder(c.viewer, order, { shown: cashOnly }, new Date(expiresAt.getTime() - 1))).toMatchObject({ ok: true });
  });

  it("can't be paid once its product is retired, even at a 100× price", async () => {
    const { c, order, orderId } = await pendingOrder();
    await db().update(products).set({ retiredAt: at(1), unitPrice: 100_000 }).where(eq(products.publicId, c.product));
    const before = await balances(c.accountId);
    const written = await records(orderId);
    const cashOnly = { amount: 1_000, discount: null, vouchers: [], cash: 1_000 };
    await expect(payOrder(c.viewer, order, { shown: cashOnly }, at(2))).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/no longer for sale/) });
    expect(await balances(c.accountId)).toEqual(before);
    expect(await records(orderId)).toBe(written);
    expect(await getMyOrder(c.viewer, order, at(2))).toMatchObject({ status: "pending", retiredProduct: expect.stringMatching(/Token pack/), quote: null });
  });

  it("bad input is refused before an order exists: unknown, foreign or misplaced vouchers, a retired product", async () => {
    const c = await customer({ cash: [1_000], discountOff: 100, cashBalance: 5_000 });
    const other = await customer({ cash: [1_000] });
    const count = async () => (await db().select().from(orders).where(eq(orders.accountId, c.accountId))).length;
    const bad: Array<[ShownPlan, RegExp]> = [
      [{ amount: 1_000, discount: null, vouchers: [{ voucher: "vch_doesnotexist00", amount: 1_000 }], cash: 0 }, /isn't on this account/],
      [{ amount: 1_000, discount: null, vouchers: [{ voucher: other.vouchers[0]!, amount: 1_000 }], cash: 0 }, /isn't on this account/],
      [{ amount: 1_000, discount: { voucher: "vch_doesnotexist00", amount: 100 }, vouchers: [], cash: 900 }, /isn't on this account/],
      [{ amount: 1_000, discount: { voucher: c.vouchers[0]!, amount: 100 }, vouchers: [], cash: 900 }, /not a discount voucher/],
      [{ amount: 1_000, discount: null, vouchers: [{ voucher: c.discount!, amount: 100 }], cash: 900 }, /choose it as the discount/],
    ];
    for (const [plan, message] of bad) {
      await expect(pay(c, plan, now)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(message) });
    }
    await db().update(products).set({ retiredAt: now }).where(eq(products.publicId, c.product));
    await expect(pay(c, { amount: 1_000, discount: null, vouchers: [], cash: 1_000 }, at(1))).rejects.toMatchObject({ code: "not_found" });
    expect(await count()).toBe(0);
  });
});
