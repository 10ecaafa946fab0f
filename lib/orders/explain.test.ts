import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { DiscountTerms, VoucherKind } from "../vouchers/kinds";
import { alternativePlans, explainPlan, type UnusedReason } from "./explain";
import { planPayment, type PaymentPlan, type PlanChoices, type PlanItem, type PlanOrder, type PlanResult, type PlanVoucher } from "./plan";

const DAY = 86_400_000;
const MAXX = 11;
const MUXI = 12;
const NOW = new Date(Date.UTC(2026, 11, 1, 4, 0, 0));
const day = (n: number) => new Date(NOW.getTime() + n * DAY);

function voucher(id: number, kind: VoucherKind, o: Partial<PlanVoucher> = {}): PlanVoucher {
  return { id, publicId: `vch_${id}`, kind, balance: null, terms: null, providerIds: null, effectiveAt: day(-10), expiresAt: day(30), createdAt: day(-10), voidedAt: null, consumedAt: null, ...o };
}
const cash = (id: number, balance: number, o: Partial<PlanVoucher> = {}) => voucher(id, "cash", { balance, ...o });
const compute = (id: number, balance: number, providerIds: number[], o: Partial<PlanVoucher> = {}) => voucher(id, "compute", { balance, providerIds, ...o });
const discount = (id: number, terms: DiscountTerms, o: Partial<PlanVoucher> = {}) => voucher(id, "discount", { terms, ...o });
const amountOff = (amount: number, min: number | null = null, productId: number | null = null): DiscountTerms => ({ type: "amount_off", amountOff: amount, minOrderAmount: min, productId });

const item = (amount: number, providerId: number | null = null, productId = 1): PlanItem => ({ productId, providerId, amount });
const order = (...items: PlanItem[]): PlanOrder => ({ amount: items.reduce((s, i) => s + i.amount, 0), items });

function planOf(result: PlanResult): PaymentPlan {
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.failure)}`);
  return result.plan;
}

/** The reason given for voucher `id` when the plan is planPayment's own for these inputs and choices. */
function reasonFor(id: number, o: PlanOrder, vouchers: PlanVoucher[], cashBalance: number, choices: PlanChoices = {}): UnusedReason | undefined {
  const plan = planOf(planPayment(o, vouchers, cashBalance, NOW, choices));
  return explainPlan(o, vouchers, cashBalance, NOW, plan, choices).find((u) => u.voucherId === id)?.reason;
}

describe("explainPlan: one reason per unused voucher", () => {
  it("lists only the vouchers the plan does not use, in the given order", () => {
    const vouchers = [cash(1, 100), cash(2, 100, { expiresAt: day(5) }), compute(3, 100, [MAXX])];
    const o = order(item(50));
    const plan = planOf(planPayment(o, vouchers, 0, NOW));
    expect(explainPlan(o, vouchers, 0, NOW, plan).map((u) => u.voucherId)).toEqual([1, 3]);
  });

  it("another provider", () => {
    expect(reasonFor(1, order(item(50, MUXI)), [compute(1, 100, [MAXX])], 100)).toEqual({ reason: "another_provider", providerIds: [MAXX] });
  });

  it("not effective until a date", () => {
    expect(reasonFor(1, order(item(50)), [cash(1, 100, { effectiveAt: day(3) })], 100)).toEqual({ reason: "not_effective", effectiveAt: day(3) });
  });

  it.each([
    ["expired", cash(1, 100, { expiresAt: NOW })],
    ["voided", cash(1, 100, { voidedAt: day(-1) })],
    ["used", cash(1, 0)],
    ["used", discount(1, amountOff(10), { consumedAt: day(-1) })],
  ] as const)("status %s", (status, v) => {
    expect(reasonFor(1, order(item(50)), [v], 100)).toEqual({ reason: "status", status });
  });

  it("below the discount's minimum, with the minimum", () => {
    expect(reasonFor(1, order(item(50)), [discount(1, amountOff(10, 200))], 100)).toEqual({ reason: "below_minimum", minOrderAmount: 200 });
  });

  it("a discount for another product", () => {
    expect(reasonFor(1, order(item(500, null, 7)), [discount(1, amountOff(10, null, 9))], 1_000)).toEqual({ reason: "another_product", productId: 9 });
  });

  it("a discount that would take nothing off", () => {
    expect(reasonFor(1, order(item(0)), [discount(1, amountOff(10))], 0)).toEqual({ reason: "no_reduction" });
  });

  it("a discount excludes other vouchers", () => {
    const vouchers = [discount(1, amountOff(30)), cash(2, 100), compute(3, 100, [MUXI])];
    const o = order(item(100, MUXI));
    expect(reasonFor(2, o, vouchers, 100)).toEqual({ reason: "discount_excludes_vouchers", discountPublicId: "vch_1" });
    expect(reasonFor(3, o, vouchers, 100)).toEqual({ reason: "discount_excludes_vouchers", discountPublicId: "vch_1" });
  });

  it("one discount per order: another gives more", () => {
    expect(reasonFor(2, order(item(100)), [discount(1, amountOff(30)), discount(2, amountOff(20))], 100)).toEqual({
      reason: "another_discount",
      amount: 20,
      chosenPublicId: "vch_1",
      chosenAmount: 30,
    });
  });

  it("a discount not used because the rest would exceed the cash balance", () => {
    // With the discount 70 would be left for a cash balance of 10; the cash voucher pays all instead.
    expect(reasonFor(1, order(item(100)), [discount(1, amountOff(30)), cash(2, 100)], 10)).toEqual({ reason: "cash_short", amount: 30, shortBy: 60 });
  });

  it("left out by the customer's choice", () => {
    const vouchers = [discount(1, amountOff(30)), cash(2, 100), cash(3, 100)];
    expect(reasonFor(1, order(item(100)), vouchers, 100, { discountVoucherId: null })).toEqual({ reason: "not_chosen" });
    expect(reasonFor(3, order(item(100)), vouchers, 100, { voucherIds: [2] })).toEqual({ reason: "not_chosen" });
  });

  it("expires later than the ones used, which already covered the order", () => {
    const vouchers = [cash(1, 100, { expiresAt: day(5) }), cash(2, 100, { expiresAt: day(20) })];
    expect(reasonFor(2, order(item(80)), vouchers, 0)).toEqual({ reason: "expires_later", usedPublicIds: ["vch_1"] });
  });

  it("expires later, for computing power: only the used vouchers of a shared provider count", () => {
    const vouchers = [compute(1, 100, [MUXI], { expiresAt: day(5) }), compute(2, 100, [MUXI, MAXX], { expiresAt: day(20) }), compute(3, 100, [MAXX], { expiresAt: day(2) })];
    const o = order(item(50, MUXI), item(100, MAXX));
    // 3 pays MaxXIntel, 1 pays Muxi; 2 shares both providers and expires after both (listed in the plan's deduction order).
    expect(reasonFor(2, o, vouchers, 0)).toEqual({ reason: "expires_later", usedPublicIds: ["vch_3", "vch_1"] });
    // A Muxi-only voucher is not beaten by the MaxXIntel voucher that was used.
    const muxiOnly = [vouchers[0]!, compute(2, 100, [MUXI], { expiresAt: day(20) }), vouchers[2]!];
    expect(reasonFor(2, o, muxiOnly, 0)).toEqual({ reason: "expires_later", usedPublicIds: ["vch_1"] });
  });

  it("balance already covered: computing power vouchers paid everything, so no cash voucher was needed", () => {
    expect(reasonFor(2, order(item(80, MUXI)), [compute(1, 100, [MUXI], { expiresAt: day(40) }), cash(2, 100, { expiresAt: day(2) })], 0)).toEqual({ reason: "balance_covered" });
  });

  it("balance already covered: same expiry, the smaller balance came first", () => {
    expect(reasonFor(2, order(item(50)), [cash(1, 60), cash(2, 100)], 0)).toEqual({ reason: "balance_covered" });
  });
});

describe("alternativePlans", () => {
  it("offers best discount, computing power vouchers, cash vouchers and cash only, each with its cost from cash and its vouchers", () => {
    const vouchers = [discount(1, amountOff(40)), discount(2, amountOff(10)), compute(3, 50, [MUXI], { expiresAt: day(6) }), cash(4, 30)];
    const o = order(item(100, MUXI));
    const alts = alternativePlans(o, vouchers, 1_000, NOW);
    expect(alts.map((a) => [a.label, a.isDefault, a.fromCash, a.discount, a.uses.map((u) => [u.publicId, u.amount])])).toEqual([
      ["best_discount", true, 60, 40, []],
      ["vouchers", false, 20, 0, [["vch_3", 50], ["vch_4", 30]]],
      ["compute_vouchers", false, 50, 0, [["vch_3", 50]]],
      ["cash_vouchers", false, 70, 0, [["vch_4", 30]]],
      ["cash_balance", false, 100, 0, []],
    ]);
    expect(alts[1]?.uses[0]).toMatchObject({ kind: "compute", expiresAt: day(6), providerIds: [MUXI] });
  });

  it("shows equal plans once, and leaves out the ones the cash balance can't pay", () => {
    const vouchers = [compute(1, 100, [MUXI])];
    const alts = alternativePlans(order(item(80, MUXI)), vouchers, 0, NOW);
    expect(alts.map((a) => [a.label, a.alsoLabels, a.isDefault])).toEqual([["vouchers", ["compute_vouchers"], true]]);
  });

  it("every alternative is a valid plan: planPayment with its choices reproduces it, and its parts sum to the order", () => {
    const kinds = fc.constantFrom<VoucherKind>("cash", "compute", "discount");
    const voucherArb = fc.record({
      kind: kinds,
      balance: fc.integer({ min: 0, max: 300 }),
      providers: fc.subarray([MAXX, MUXI], { minLength: 1 }),
      off: fc.integer({ min: 0, max: 200 }),
      min: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      expiresIn: fc.integer({ min: -2, max: 40 }),
      effectiveIn: fc.integer({ min: -5, max: 2 }),
      voided: fc.boolean(),
    });
    const itemArb = fc.record({ amount: fc.integer({ min: 0, max: 300 }), provider: fc.constantFrom<number | null>(null, MAXX, MUXI) });
    fc.assert(
      fc.property(fc.array(voucherArb, { maxLength: 7 }), fc.array(itemArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: -50, max: 500 }), (raw, rawItems, cashBalance) => {
        const vouchers = raw.map((r, i) => {
          const o = { expiresAt: day(r.expiresIn), effectiveAt: day(Math.min(r.effectiveIn, r.expiresIn - 1)), voidedAt: r.voided ? day(-1) : null };
          if (r.kind === "discount") return discount(i + 1, amountOff(r.off, r.min), o);
          if (r.kind === "cash") return cash(i + 1, r.balance, o);
          return compute(i + 1, r.balance, r.providers, o);
        });
        const o = order(...rawItems.map((x, i) => item(x.amount, x.provider, i + 1)));
        const alts = alternativePlans(o, vouchers, cashBalance, NOW);
        const auto = planPayment(o, vouchers, cashBalance, NOW);
        expect(alts.filter((a) => a.isDefault).length).toBe(auto.ok ? 1 : 0);
        if (auto.ok) {
          // The automatic plan leaves nothing out by choice, and never explains a usable discount by another discount when it uses none.
          for (const u of explainPlan(o, vouchers, cashBalance, NOW, auto.plan)) {
            expect(u.reason.reason).not.toBe("not_chosen");
            if (auto.plan.discount === null) expect(u.reason.reason).not.toBe("another_discount");
          }
        }
        const signatures = new Set<string>();
        for (const a of alts) {
          expect(planPayment(o, vouchers, cashBalance, NOW, a.choices)).toEqual({ ok: true, plan: a.plan });
          expect(a.discount + a.plan.voucherTotal + a.fromCash).toBe(o.amount);
          expect(a.uses.reduce((n, u) => n + u.amount, 0)).toBe(a.plan.voucherTotal);
          signatures.add(JSON.stringify([a.plan.discount, a.plan.allocations, a.plan.cashBalancePart]));
          // Every voucher the alternative leaves out has a reason.
          const unused = explainPlan(o, vouchers, cashBalance, NOW, a.plan, a.choices);
          expect(unused.length + a.uses.length + (a.plan.discount ? 1 : 0)).toBe(vouchers.length);
        }
        expect(signatures.size).toBe(alts.length);
      }),
      { numRuns: 300 },
    );
  });
});
