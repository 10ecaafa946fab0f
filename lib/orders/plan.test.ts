import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { DiscountTerms, VoucherKind, VoucherStatus } from "../vouchers/kinds";
import { voucherStatus } from "../vouchers/status";
import { sortForDeduction } from "../vouchers/deduction-order";
import { discountAmount } from "../vouchers/discount";
import { planFailureMessage } from "../failure-messages";
import { translatorFor } from "@/lib/i18n/translator";
import { formatMoney } from "../money";
import {
  planPayment,
  type PaymentPlan,
  type PlanChoices,
  type PlanFailure,
  type PlanItem,
  type PlanOrder,
  type PlanResult,
  type PlanVoucher,
} from "./plan";

const EN = translatorFor("en", "failures");

const DAY = 86_400_000;
// Provider ids (providers.id) and their display names, as the DAL passes them in.
const MAXX = 11;
const MUXI = 12;
const PROVIDER_NAMES = new Map([
  [MAXX, "MaxXIntel"],
  [MUXI, "Muxi"],
]);
const NOW = new Date(Date.UTC(2026, 5, 1, 4, 0, 0));
const day = (n: number) => new Date(NOW.getTime() + n * DAY);

function voucher(id: number, kind: VoucherKind, overrides: Partial<PlanVoucher> = {}): PlanVoucher {
  return {
    id,
    publicId: `vch_${id}`,
    kind,
    balance: null,
    terms: null,
    providerIds: null,
    effectiveAt: day(-10),
    expiresAt: day(30),
    createdAt: day(-10),
    voidedAt: null,
    consumedAt: null,
    ...overrides,
  };
}
const cash = (id: number, balance: number, o: Partial<PlanVoucher> = {}) => voucher(id, "cash", { balance, ...o });
const compute = (id: number, balance: number, providerIds: number[], o: Partial<PlanVoucher> = {}) =>
  voucher(id, "compute", { balance, providerIds, ...o });
const discount = (id: number, terms: DiscountTerms, o: Partial<PlanVoucher> = {}) => voucher(id, "discount", { terms, ...o });

const amountOff = (amount: number, min: number | null = null, productId: number | null = null): DiscountTerms => ({
  type: "amount_off",
  amountOff: amount,
  minOrderAmount: min,
  productId,
});
const percentOff = (pay: number, cap: number | null = null, productId: number | null = null): DiscountTerms => ({
  type: "percent_off",
  payBasisPoints: pay,
  maxDiscount: cap,
  productId,
});

const item = (amount: number, providerId: number | null = null, productId = 1): PlanItem => ({ productId, providerId, amount });
const order = (...items: PlanItem[]): PlanOrder => ({ amount: items.reduce((s, i) => s + i.amount, 0), items });

function planOf(result: PlanResult): PaymentPlan {
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.failure)}`);
  return result.plan;
}
function failureOf(result: PlanResult): PlanFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.plan)}`);
  return result.failure;
}
/** [voucher id, amount] pairs, in the order the plan lists them. */
const paid = (plan: PaymentPlan) => plan.allocations.map((a) => [a.voucherId, a.amount]);

describe("only available vouchers pay (SPEC 3, 4)", () => {
  it("uses a voucher that becomes effective exactly at now", () => {
    const plan = planOf(planPayment(order(item(50)), [cash(1, 100, { effectiveAt: NOW })], 0, NOW));
    expect(paid(plan)).toEqual([[1, 50]]);
  });

  it("does not use a voucher that expires exactly at now", () => {
    const vouchers = [cash(1, 100, { expiresAt: NOW })];
    expect(failureOf(planPayment(order(item(50)), vouchers, 0, NOW))).toEqual({ reason: "insufficient_funds", shortBy: 50 });
    expect(failureOf(planPayment(order(item(50)), vouchers, 0, NOW, { voucherIds: [1] }))).toMatchObject({
      reason: "voucher_not_usable",
      voucherId: 1,
      status: "expired",
    });
  });

  const unusable: [VoucherStatus, PlanVoucher][] = [
    ["not_effective", cash(1, 100, { effectiveAt: day(1) })],
    ["expired", compute(1, 100, [MUXI], { expiresAt: day(-1) })],
    ["used", cash(1, 0)],
    ["voided", compute(1, 100, [MUXI], { voidedAt: day(-1) })],
  ];
  it.each(unusable)("skips a voucher whose status is %s in the automatic plan, and refuses it when chosen", (status, v) => {
    const o = order(item(50, MUXI));
    expect(planOf(planPayment(o, [v], 100, NOW)).allocations).toEqual([]);
    expect(failureOf(planPayment(o, [v], 100, NOW, { voucherIds: [1] }))).toEqual({
      reason: "voucher_not_usable",
      voucherId: 1,
      publicId: "vch_1",
      kind: v.kind,
      status,
    });
  });

  it("refuses a discount voucher that was already used", () => {
    const d = discount(1, amountOff(10), { consumedAt: day(-1) });
    expect(failureOf(planPayment(order(item(50)), [d], 100, NOW, { discountVoucherId: 1 }))).toMatchObject({
      reason: "voucher_not_usable",
      status: "used",
    });
    expect(planOf(planPayment(order(item(50)), [d], 100, NOW)).discount).toBeNull();
  });
});

describe("vouchers never pay arrears (SPEC 6)", () => {
  it("vouchers still pay an order while the cash balance is in arrears, and the cash balance pays nothing", () => {
    const plan = planOf(planPayment(order(item(80)), [cash(1, 100)], -500, NOW));
    expect(paid(plan)).toEqual([[1, 80]]);
    expect(plan.cashBalancePart).toBe(0);
  });

  it("counts arrears as zero usable cash, so the whole rest is short, not the rest plus the arrears", () => {
    expect(failureOf(planPayment(order(item(80)), [cash(1, 30)], -500, NOW))).toEqual({ reason: "insufficient_funds", shortBy: 50 });
  });

  it("a cash balance exactly equal to the rest is enough; one minor unit less is short by one", () => {
    expect(planOf(planPayment(order(item(80)), [cash(1, 30)], 50, NOW)).cashBalancePart).toBe(50);
    expect(failureOf(planPayment(order(item(80)), [cash(1, 30)], 49, NOW))).toEqual({ reason: "insufficient_funds", shortBy: 1 });
  });
});

describe("payment priority (SPEC 3)", () => {
  it("computing power vouchers pay first, then cash vouchers, then the cash balance, which alone is invoiceable", () => {
    const plan = planOf(planPayment(order(item(100, MUXI)), [cash(1, 50), compute(2, 30, [MUXI])], 100, NOW));
    expect(paid(plan)).toEqual([
      [2, 30],
      [1, 50],
    ]);
    expect(plan).toMatchObject({ voucherTotal: 80, cashBalancePart: 20, invoiceable: 20, discount: null });
  });

  it("within one kind deducts from the soonest expiry, then the smallest balance, then the oldest", () => {
    const vouchers = [
      cash(1, 100, { expiresAt: day(20) }),
      cash(2, 100, { expiresAt: day(10) }),
      cash(3, 50, { expiresAt: day(20), createdAt: day(-1) }),
      cash(4, 50, { expiresAt: day(20), createdAt: day(-2) }),
    ];
    const plan = planOf(planPayment(order(item(260)), vouchers, 0, NOW));
    expect(paid(plan)).toEqual([
      [2, 100],
      [4, 50],
      [3, 50],
      [1, 60],
    ]);
  });

  it("does not touch the cash balance while a chosen cash voucher has balance left", () => {
    const plan = planOf(planPayment(order(item(70)), [cash(1, 50), cash(2, 50)], 1000, NOW, { voucherIds: [2, 1] }));
    expect(paid(plan)).toEqual([
      [1, 50],
      [2, 20],
    ]);
    expect(plan.cashBalancePart).toBe(0);
    expect(plan.allocations.map((a) => a.balanceAfter)).toEqual([0, 30]);
  });

  it("a computing power voucher pays only for items of its providers", () => {
    const o = order(item(40, MUXI), item(50, MAXX), item(30, null));
    const plan = planOf(planPayment(o, [compute(1, 100, [MUXI])], 100, NOW));
    expect(paid(plan)).toEqual([[1, 40]]);
    expect(plan.cashBalancePart).toBe(80);
  });

  it("matches providers by id only: a voucher pays the items of its provider ids, whatever the names", () => {
    // Two providers of the same display name are still two providers; names play no part in matching.
    const other = 99;
    const plan = planOf(planPayment(order(item(40, MUXI), item(40, other)), [compute(1, 100, [other])], 40, NOW));
    expect(paid(plan)).toEqual([[1, 40]]);
    expect(plan.cashBalancePart).toBe(40);
    expect(failureOf(planPayment(order(item(40, MUXI)), [compute(1, 100, [other])], 0, NOW))).toEqual({ reason: "insufficient_funds", shortBy: 40 });
  });

  it("a product without a provider can't take computing power vouchers, but cash vouchers pay it", () => {
    const plan = planOf(planPayment(order(item(30, null)), [compute(1, 100, [MUXI, MAXX]), cash(2, 10)], 20, NOW));
    expect(paid(plan)).toEqual([[2, 10]]);
    expect(plan.cashBalancePart).toBe(20);
  });

  it("a voucher matching several items is drawn down across them and listed once", () => {
    const plan = planOf(planPayment(order(item(20, MUXI), item(30, MUXI)), [compute(1, 100, [MUXI])], 0, NOW));
    expect(plan.allocations).toEqual([{ voucherId: 1, publicId: "vch_1", kind: "compute", amount: 50, balanceAfter: 50 }]);
  });

  it("lets a voucher for two providers pay the item a narrower voucher can't, so no computing power value is stranded", () => {
    // Item by item, voucher 1 (soonest expiry) would pay the MaxXIntel item and the Muxi item would be short.
    const vouchers = [compute(1, 10, [MAXX, MUXI], { expiresAt: day(5) }), compute(2, 10, [MAXX], { expiresAt: day(20) })];
    const plan = planOf(planPayment(order(item(10, MAXX), item(10, MUXI)), vouchers, 0, NOW));
    expect(paid(plan)).toEqual([
      [1, 10],
      [2, 10],
    ]);
  });
});

describe("one discount voucher, and then only the cash balance (SPEC 3)", () => {
  it("reduces the order, the cash balance pays the rest, and no stored-value voucher is used", () => {
    const plan = planOf(planPayment(order(item(100)), [discount(1, amountOff(30)), cash(2, 100)], 100, NOW, { discountVoucherId: 1 }));
    expect(plan).toEqual({
      orderAmount: 100,
      discount: { voucherId: 1, publicId: "vch_1", amount: 30 },
      allocations: [],
      voucherTotal: 0,
      cashBalancePart: 70,
      invoiceable: 70,
    });
  });

  it("uses the shared discount arithmetic: a percent discount up to its cap", () => {
    const plan = planOf(planPayment(order(item(100)), [discount(1, percentOff(8000, 15))], 100, NOW, { discountVoucherId: 1 }));
    expect(plan.discount?.amount).toBe(15);
  });

  it("applies when the minimum order is exactly met, not one minor unit below", () => {
    const vouchers = [discount(1, amountOff(30, 100))];
    expect(planOf(planPayment(order(item(100)), vouchers, 100, NOW, { discountVoucherId: 1 })).discount?.amount).toBe(30);
    expect(failureOf(planPayment(order(item(99)), vouchers, 100, NOW, { discountVoucherId: 1 }))).toEqual({
      reason: "discount_not_applicable",
      voucherId: 1,
      publicId: "vch_1",
      why: "min_order",
      minOrderAmount: 100,
    });
  });

  it("a product-scoped discount applies only to an order of that product", () => {
    const vouchers = [discount(1, amountOff(30, null, 7))];
    expect(failureOf(planPayment(order(item(100, null, 1)), vouchers, 100, NOW, { discountVoucherId: 1 }))).toMatchObject({
      reason: "discount_not_applicable",
      why: "product",
    });
    expect(planOf(planPayment(order(item(100, null, 7)), vouchers, 100, NOW, { discountVoucherId: 1 })).discount?.amount).toBe(30);
  });

  it("a discount that takes nothing off is not applicable", () => {
    expect(failureOf(planPayment(order(item(100)), [discount(1, percentOff(10_000))], 100, NOW, { discountVoucherId: 1 }))).toMatchObject({
      reason: "discount_not_applicable",
      why: "no_reduction",
    });
    expect(failureOf(planPayment(order(item(0)), [discount(1, amountOff(10))], 100, NOW, { discountVoucherId: 1 }))).toMatchObject({
      reason: "discount_not_applicable",
      why: "no_reduction",
    });
  });

  it("refuses a discount chosen together with stored-value vouchers, but not with an empty choice of them", () => {
    const vouchers = [discount(1, amountOff(30)), cash(2, 100)];
    expect(failureOf(planPayment(order(item(100)), vouchers, 100, NOW, { discountVoucherId: 1, voucherIds: [2] }))).toEqual({
      reason: "discount_excludes_vouchers",
    });
    expect(planPayment(order(item(100)), vouchers, 100, NOW, { discountVoucherId: 1, voucherIds: [] }).ok).toBe(true);
  });

  it("a chosen discount still needs the cash balance to cover the rest", () => {
    expect(failureOf(planPayment(order(item(100)), [discount(1, amountOff(30))], 50, NOW, { discountVoucherId: 1 }))).toEqual({
      reason: "insufficient_funds",
      shortBy: 20,
    });
  });
});

describe("the customer's choices", () => {
  const vouchers = [discount(1, amountOff(30)), cash(2, 100), compute(3, 100, [MUXI])];

  it("a stored-value voucher chosen as the discount, or a discount voucher chosen as stored value, is the wrong kind", () => {
    expect(failureOf(planPayment(order(item(100)), vouchers, 100, NOW, { discountVoucherId: 2 }))).toEqual({
      reason: "wrong_kind",
      voucherId: 2,
      publicId: "vch_2",
      kind: "cash",
      expected: "discount",
    });
    expect(failureOf(planPayment(order(item(100)), vouchers, 100, NOW, { voucherIds: [1] }))).toMatchObject({
      reason: "wrong_kind",
      voucherId: 1,
      expected: "stored_value",
    });
  });

  it("a voucher id that isn't the account's is unknown, as the discount or as stored value", () => {
    expect(failureOf(planPayment(order(item(100)), vouchers, 100, NOW, { discountVoucherId: 99 }))).toEqual({
      reason: "unknown_voucher",
      voucherId: 99,
    });
    expect(failureOf(planPayment(order(item(100)), vouchers, 100, NOW, { voucherIds: [2, 99] }))).toEqual({
      reason: "unknown_voucher",
      voucherId: 99,
    });
  });

  it("a chosen computing power voucher that matches no item's provider is a provider mismatch", () => {
    expect(failureOf(planPayment(order(item(100, MAXX)), vouchers, 100, NOW, { voucherIds: [3] }))).toEqual({
      reason: "provider_mismatch",
      voucherId: 3,
      publicId: "vch_3",
      providerIds: [MUXI],
    });
  });

  it("chosen vouchers pay in priority order whatever order they are listed in, and a repeat counts once", () => {
    const plan = planOf(planPayment(order(item(150, MUXI)), vouchers, 0, NOW, { voucherIds: [2, 3, 2] }));
    expect(paid(plan)).toEqual([
      [3, 100],
      [2, 50],
    ]);
  });

  it("only the chosen vouchers pay; an empty choice leaves everything to the cash balance", () => {
    expect(paid(planOf(planPayment(order(item(150, MUXI)), vouchers, 100, NOW, { voucherIds: [2] })))).toEqual([[2, 100]]);
    const plan = planOf(planPayment(order(item(100)), vouchers, 100, NOW, { voucherIds: [] }));
    expect(plan).toMatchObject({ discount: null, allocations: [], cashBalancePart: 100 });
  });
});

describe("the default plan (SPEC 6 Decision)", () => {
  it("picks the applicable discount with the largest reduction", () => {
    const vouchers = [discount(1, amountOff(20)), discount(2, percentOff(8000)), discount(3, amountOff(100, 500)), cash(4, 1000)];
    const plan = planOf(planPayment(order(item(200)), vouchers, 500, NOW));
    expect(plan.discount).toEqual({ voucherId: 2, publicId: "vch_2", amount: 40 });
    expect(plan.allocations).toEqual([]);
  });

  it("breaks a tie in reduction by the soonest expiry", () => {
    const vouchers = [discount(1, amountOff(30), { expiresAt: day(20) }), discount(2, amountOff(30), { expiresAt: day(10) })];
    expect(planOf(planPayment(order(item(100)), vouchers, 100, NOW)).discount?.voucherId).toBe(2);
  });

  it("takes the discount over stored-value vouchers when the cash balance covers the rest, since it spends less", () => {
    const plan = planOf(planPayment(order(item(100)), [discount(1, amountOff(10)), cash(2, 100)], 90, NOW));
    expect(plan.discount?.amount).toBe(10);
    expect(plan.cashBalancePart).toBe(90);
  });

  it("drops the discount when the cash balance can't pay the rest, and pays with stored-value vouchers", () => {
    const plan = planOf(planPayment(order(item(100)), [discount(1, amountOff(10)), cash(2, 100)], 50, NOW));
    expect(plan.discount).toBeNull();
    expect(paid(plan)).toEqual([[2, 100]]);
  });

  it("uses no discount when the customer deselects it", () => {
    const plan = planOf(planPayment(order(item(100)), [discount(1, amountOff(10)), cash(2, 100)], 100, NOW, { discountVoucherId: null }));
    expect(plan.discount).toBeNull();
    expect(paid(plan)).toEqual([[2, 100]]);
  });

  it("picks no discount once the customer chose stored-value vouchers", () => {
    const plan = planOf(planPayment(order(item(100)), [discount(1, amountOff(10)), cash(2, 100)], 100, NOW, { voucherIds: [2] }));
    expect(plan.discount).toBeNull();
  });

  it("a zero-amount order is payable with nothing, even in arrears", () => {
    const vouchers = [discount(1, amountOff(10)), cash(2, 100), compute(3, 100, [MUXI])];
    expect(planOf(planPayment(order(item(0, MUXI)), vouchers, -100, NOW))).toEqual({
      orderAmount: 0,
      discount: null,
      allocations: [],
      voucherTotal: 0,
      cashBalancePart: 0,
      invoiceable: 0,
    });
  });

  it("when nothing makes the order payable, reports the smaller shortfall of the discount and the voucher plan", () => {
    // Discount: 100 - 50 = 50 from a cash balance of 10, short 40. Vouchers: 100 - 20 - 10, short 70.
    expect(failureOf(planPayment(order(item(100)), [discount(1, amountOff(50)), cash(2, 20)], 10, NOW))).toEqual({
      reason: "insufficient_funds",
      shortBy: 40,
    });
    // Discount: short 80. Vouchers: 100 - 60 - 10, short 30.
    expect(failureOf(planPayment(order(item(100)), [discount(1, amountOff(10)), cash(2, 60)], 10, NOW))).toEqual({
      reason: "insufficient_funds",
      shortBy: 30,
    });
  });
});

describe("inputs only a bug can produce throw", () => {
  it("an order amount that is not the sum of its items", () => {
    expect(() => planPayment({ amount: 101, items: [item(100)] }, [], 0, NOW)).toThrow(RangeError);
  });

  it("a negative or fractional item amount, a repeated voucher id, a stored-value voucher without a balance", () => {
    expect(() => planPayment(order(item(-1)), [], 0, NOW)).toThrow(RangeError);
    expect(() => planPayment(order(item(1.5)), [], 0, NOW)).toThrow(RangeError);
    expect(() => planPayment(order(item(1)), [cash(1, 5), cash(1, 5)], 0, NOW)).toThrow(RangeError);
    expect(() => planPayment(order(item(1)), [voucher(1, "cash")], 0, NOW)).toThrow(TypeError);
  });
});

describe("failure messages", () => {
  const failures: PlanFailure[] = [
    { reason: "unknown_voucher", voucherId: 9 },
    { reason: "voucher_not_usable", voucherId: 1, publicId: "vch_a", kind: "cash", status: "expired" },
    { reason: "voucher_not_usable", voucherId: 1, publicId: "vch_a", kind: "discount", status: "used" },
    { reason: "voucher_not_usable", voucherId: 1, publicId: "vch_a", kind: "compute", status: "not_effective" },
    { reason: "voucher_not_usable", voucherId: 1, publicId: "vch_a", kind: "cash", status: "voided" },
    { reason: "wrong_kind", voucherId: 1, publicId: "vch_a", kind: "compute", expected: "discount" },
    { reason: "wrong_kind", voucherId: 1, publicId: "vch_a", kind: "discount", expected: "stored_value" },
    { reason: "discount_not_applicable", voucherId: 1, publicId: "vch_a", why: "min_order", minOrderAmount: 20000 },
    { reason: "discount_not_applicable", voucherId: 1, publicId: "vch_a", why: "product", minOrderAmount: null },
    { reason: "discount_not_applicable", voucherId: 1, publicId: "vch_a", why: "no_reduction", minOrderAmount: null },
    { reason: "discount_excludes_vouchers" },
    { reason: "provider_mismatch", voucherId: 1, publicId: "vch_a", providerIds: [MUXI, MAXX] },
    { reason: "insufficient_funds", shortBy: 1250 },
  ];

  it.each(failures)("says $reason in one sentence", (f) => {
    const message = planFailureMessage(f, (n) => formatMoney(n, "CNY"), PROVIDER_NAMES, EN);
    expect(message).toMatch(/^[A-Z][^.]*(\.\d+[^.]*)*\.$/);
    expect(message).not.toMatch(/undefined|null|NaN/);
    if ("publicId" in f) expect(message).toContain(f.publicId);
  });

  it("names the money involved", () => {
    expect(planFailureMessage({ reason: "insufficient_funds", shortBy: 1250 }, (n) => formatMoney(n, "CNY"), PROVIDER_NAMES, EN)).toContain("¥12.50");
    expect(planFailureMessage(failures[7] as PlanFailure, (n) => formatMoney(n, "CNY"), PROVIDER_NAMES, EN)).toContain("¥200.00");
  });

  it("every distinct failure reads differently", () => {
    const messages = failures.map((f) => planFailureMessage(f, (n) => formatMoney(n, "CNY"), PROVIDER_NAMES, EN));
    expect(new Set(messages).size).toBe(messages.length);
  });

  it("names providers by the display names passed in, sorted, never by id", () => {
    const f: PlanFailure = { reason: "provider_mismatch", voucherId: 1, publicId: "vch_a", providerIds: [MUXI, MAXX] };
    expect(planFailureMessage(f, (n) => formatMoney(n, "CNY"), PROVIDER_NAMES, EN)).toBe(
      "Computing power voucher vch_a only pays for MaxXIntel or Muxi products, and this order has none.",
    );
    // A rename shows at once: the message follows the names, the failure carries only ids.
    expect(planFailureMessage(f, (n) => formatMoney(n, "CNY"), new Map([...PROVIDER_NAMES, [MUXI, "MetaX Muxi"]]), EN)).toContain("MaxXIntel or MetaX Muxi products");
    const unnamed = planFailureMessage(f, (n) => formatMoney(n, "CNY"), new Map(), EN);
    expect(unnamed).not.toMatch(new RegExp(`${MUXI}|${MAXX}`));
    expect(unnamed).toContain("an unnamed provider");
  });
});

// ---------------------------------------------------------------------------
// Properties over random small accounts.

interface Scenario {
  order: PlanOrder;
  vouchers: PlanVoucher[];
  cashBalance: number;
  choices: PlanChoices;
}

const UNKNOWN_ID = 999;
const optional = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const termsArb: fc.Arbitrary<DiscountTerms> = fc.oneof(
  fc.record({
    type: fc.constant("amount_off" as const),
    amountOff: fc.integer({ min: 0, max: 80 }),
    minOrderAmount: optional(fc.integer({ min: 0, max: 120 })),
    productId: optional(fc.integer({ min: 1, max: 3 })),
  }),
  fc.record({
    type: fc.constant("percent_off" as const),
    payBasisPoints: fc.integer({ min: 0, max: 20 }).map((n) => n * 500),
    maxDiscount: optional(fc.integer({ min: 0, max: 60 })),
    productId: optional(fc.integer({ min: 1, max: 3 })),
  }),
);

// Small ranges on purpose: they make ties in expiry, balance and age common, and put
// effective and expiry dates exactly at `now` often.
function voucherSpecArb(kinds: VoucherKind[]) {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    balance: fc.integer({ min: 0, max: 60 }),
    providerIds: fc.subarray([MAXX, MUXI], { minLength: 1 }),
    terms: termsArb,
    effective: fc.integer({ min: -3, max: 1 }),
    life: fc.integer({ min: 1, max: 6 }),
    created: fc.integer({ min: -6, max: -4 }),
    voided: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    consumed: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  });
}

type Account = Omit<Scenario, "choices">;

function accountOf(kinds: VoucherKind[], providerIds: (number | null)[]): fc.Arbitrary<Account> {
  return fc.record({
    vouchers: fc.array(voucherSpecArb(kinds), { maxLength: 6 }).map((specs) =>
      specs.map((s, index) => {
        const id = index + 1;
        const dates = {
          effectiveAt: day(s.effective),
          expiresAt: day(s.effective + s.life),
          createdAt: day(s.created),
          voidedAt: s.voided ? day(-1) : null,
        };
        if (s.kind === "discount") return discount(id, s.terms, { ...dates, consumedAt: s.consumed ? day(-1) : null });
        if (s.kind === "compute") return compute(id, s.balance, s.providerIds, dates);
        return cash(id, s.balance, dates);
      }),
    ),
    cashBalance: fc.integer({ min: -50, max: 150 }),
    order: fc
      .array(
        fc.record({
          productId: fc.integer({ min: 1, max: 3 }),
          providerId: fc.constantFrom(...providerIds),
          amount: fc.integer({ min: 0, max: 60 }),
        }),
        { minLength: 1, maxLength: 3 },
      )
      .map((items) => order(...items)),
  });
}

const accountArb = accountOf(["cash", "discount", "compute"], [MAXX, MUXI, null]);
/** Mostly computing power vouchers over provider items: where routing between items matters. */
const computeHeavyArb = accountOf(["compute", "compute", "compute", "cash"], [MAXX, MUXI, MUXI, null]);

/** Random choices, including ids of other kinds, unavailable vouchers and an id the account doesn't have. */
function withChoices(accounts: fc.Arbitrary<Account>): fc.Arbitrary<Scenario> {
  return accounts.chain((account) => {
    const ids = account.vouchers.map((v) => v.id);
    const idsOf = (pick: (v: PlanVoucher) => boolean) => account.vouchers.filter(pick).map((v) => v.id);
    const discountIds = idsOf((v) => v.kind === "discount");
    const storedIds = idsOf((v) => v.kind !== "discount");
    // Mostly sensible choices, so that plenty of plans succeed, with every kind of mistake mixed in.
    const discountVoucherId = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 6 },
      { arbitrary: fc.constant(null), weight: 2 },
      { arbitrary: fc.constantFrom(...discountIds, UNKNOWN_ID), weight: 2 },
      { arbitrary: fc.constantFrom(...ids, UNKNOWN_ID), weight: 1 },
    );
    const voucherIds = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 5 },
      { arbitrary: fc.subarray(storedIds), weight: 4 },
      { arbitrary: fc.subarray([...ids, UNKNOWN_ID]), weight: 1 },
    );
    return fc.record({ discountVoucherId, voucherIds }).map((choices) => ({ ...account, choices }));
  });
}
const scenarioArb = withChoices(accountArb);

const run = (s: Scenario, cashBalance = s.cashBalance) => planPayment(s.order, s.vouchers, cashBalance, NOW, s.choices);
const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);

function subsets<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let mask = 0; mask < 1 << list.length; mask++) out.push(list.filter((_, i) => (mask & (1 << i)) !== 0));
  return out;
}

function mustGet<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`missing ${String(key)}`);
  return value;
}

/** Total amount of the items some voucher of `group` may pay: the capacity of that group in the payment network. */
function reachable(order: PlanOrder, group: readonly PlanVoucher[]): number {
  const providerIds = new Set(group.flatMap((v) => v.providerIds ?? []));
  return sum(order.items.filter((i) => i.providerId !== null && providerIds.has(i.providerId)).map((i) => i.amount));
}

/** Every rule of SPEC 3 and 6 that a plan must keep, checked from the outside (no knowledge of how it was built). */
function expectRulesKept(s: Scenario, plan: PaymentPlan): void {
  const { order: o, vouchers, cashBalance, choices } = s;
  const byId = new Map(vouchers.map((v) => [v.id, v]));
  const amountOf = new Map(plan.allocations.map((a) => [a.voucherId, a.amount]));
  const paidBy = (v: PlanVoucher) => amountOf.get(v.id) ?? 0;

  // The parts sum to the order, and only the cash balance part is invoiceable.
  expect((plan.discount?.amount ?? 0) + plan.voucherTotal + plan.cashBalancePart).toBe(o.amount);
  expect(plan.orderAmount).toBe(o.amount);
  expect(plan.voucherTotal).toBe(sum(plan.allocations.map((a) => a.amount)));
  expect(plan.invoiceable).toBe(plan.cashBalancePart);
  expect(plan.cashBalancePart).toBeGreaterThanOrEqual(0);
  expect(plan.cashBalancePart).toBeLessThanOrEqual(Math.max(cashBalance, 0));

  // Each voucher at most once, available, stored-value, chosen, never overdrawn.
  expect(amountOf.size).toBe(plan.allocations.length);
  for (const a of plan.allocations) {
    const v = mustGet(byId, a.voucherId);
    expect(a.kind).toBe(v.kind);
    expect(voucherStatus(v, NOW)).toBe("available");
    expect(a.amount).toBeGreaterThan(0);
    expect(a.balanceAfter).toBe((v.balance ?? 0) - a.amount);
    expect(a.balanceAfter).toBeGreaterThanOrEqual(0);
    if (choices.voucherIds !== undefined) expect(choices.voucherIds).toContain(a.voucherId);
  }

  // At most one discount, and then no stored-value voucher; only when chosen or automatic.
  if (plan.discount !== null) {
    const d = mustGet(byId, plan.discount.voucherId);
    expect(d.kind).toBe("discount");
    expect(voucherStatus(d, NOW)).toBe("available");
    expect(plan.allocations).toEqual([]);
    const amount = discountAmount(d.terms ?? amountOff(0), o.amount, o.items.map((i) => i.productId));
    expect(plan.discount.amount).toBe(amount);
    expect(amount).toBeGreaterThan(0);
    if (choices.discountVoucherId === undefined) expect(choices.voucherIds).toBeUndefined();
    else expect(choices.discountVoucherId).toBe(d.id);
    return;
  }
  expect(typeof choices.discountVoucherId).not.toBe("number");

  // Computing power only on items of its providers: the amounts are routable to items
  // iff every group of vouchers pays no more than the items it may pay (Hall / Gale).
  const computePaid = plan.allocations.filter((a) => a.kind === "compute").map((a) => mustGet(byId, a.voucherId));
  for (const group of subsets(computePaid)) {
    expect(sum(group.map(paidBy))).toBeLessThanOrEqual(reachable(o, group));
  }

  const allowed = vouchers.filter(
    (v) =>
      v.kind !== "discount" &&
      voucherStatus(v, NOW) === "available" &&
      (choices.voucherIds === undefined || choices.voucherIds.includes(v.id)),
  );
  const byOrder = (kind: VoucherKind) =>
    sortForDeduction(allowed.filter((v) => v.kind === kind).map((v) => ({ ...v, balance: v.balance ?? 0 })));

  // Computing power first, each voucher in deduction order paying the most it can given
  // the ones before it. That implies computing power covers all it possibly can, so no
  // cash voucher or cash balance pays where a usable computing power voucher could.
  const computeOrder = byOrder("compute");
  computeOrder.forEach((v, i) => {
    const before = computeOrder.slice(0, i);
    let most = v.balance;
    for (const group of subsets(before)) {
      most = Math.min(most, reachable(o, [...group, v]) - sum(group.map(paidBy)));
    }
    expect(paidBy(v)).toBe(most);
  });

  // Cash vouchers in deduction order: a later one only once the earlier ones are empty;
  // the cash balance only once every chosen cash voucher is empty.
  const cashOrder = byOrder("cash");
  const firstNotEmptied = cashOrder.findIndex((v) => paidBy(v) < v.balance);
  if (firstNotEmptied >= 0) {
    for (const later of cashOrder.slice(firstNotEmptied + 1)) expect(paidBy(later)).toBe(0);
    expect(plan.cashBalancePart).toBe(0);
  }
}

const spent = (plan: PaymentPlan) => plan.voucherTotal + plan.cashBalancePart;

describe("planner properties", () => {
  it("on success the parts sum to the order amount and exactly the cash balance part is invoiceable", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const result = run(s);
        if (!result.ok) return;
        const p = result.plan;
        expect((p.discount?.amount ?? 0) + p.voucherTotal + p.cashBalancePart).toBe(s.order.amount);
        expect(p.invoiceable).toBe(p.cashBalancePart);
      }),
      { numRuns: 300 },
    );
  });

  it("no rule of SPEC 3 is ever broken, whatever the customer chooses", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const result = run(s);
        if (result.ok) expectRulesKept(s, result.plan);
      }),
      { numRuns: 400 },
    );
  });

  it("computing power vouchers pay all they can for their providers' items before any cash is used", () => {
    fc.assert(
      fc.property(withChoices(computeHeavyArb), (s) => {
        const result = run(s);
        if (result.ok) expectRulesKept(s, result.plan);
      }),
      { numRuns: 400 },
    );
  });

  it("the result does not depend on the order of the vouchers or of the chosen ids", () => {
    const shuffled = scenarioArb.chain((s) =>
      fc.tuple(fc.constant(s), fc.shuffledSubarray(s.vouchers, { minLength: s.vouchers.length, maxLength: s.vouchers.length })),
    );
    fc.assert(
      fc.property(shuffled, ([s, vouchers]) => {
        const choices = { ...s.choices, voucherIds: s.choices.voucherIds && [...s.choices.voucherIds].reverse() };
        expect(planPayment(s.order, vouchers, s.cashBalance, NOW, choices)).toEqual(run(s));
      }),
      { numRuns: 300 },
    );
  });

  it("the automatic plan fails only for want of funds, and a top-up of exactly the shortfall makes any choice payable", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const result = run(s);
        const automatic = s.choices.discountVoucherId === undefined && s.choices.voucherIds === undefined;
        if (automatic && !result.ok) expect(result.failure.reason).toBe("insufficient_funds");
        if (result.ok || result.failure.reason !== "insufficient_funds") return;
        const usable = Math.max(s.cashBalance, 0);
        expect(result.failure.shortBy).toBeGreaterThan(0);
        expect(run(s, usable + result.failure.shortBy).ok).toBe(true);
        expect(run(s, usable + result.failure.shortBy - 1).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("the default plan spends no more than any payable plan found by brute force, and is payable whenever one is", () => {
    fc.assert(
      fc.property(accountArb, ({ order: o, vouchers, cashBalance }) => {
        const storedIds = vouchers.filter((v) => v.kind !== "discount").map((v) => v.id);
        const discountOptions = [null, ...vouchers.filter((v) => v.kind === "discount").map((v) => v.id)];
        let cheapest = Number.POSITIVE_INFINITY;
        for (const discountVoucherId of discountOptions) {
          for (const voucherIds of subsets(storedIds)) {
            const result = planPayment(o, vouchers, cashBalance, NOW, { discountVoucherId, voucherIds });
            if (result.ok) cheapest = Math.min(cheapest, spent(result.plan));
          }
        }
        const automatic = planPayment(o, vouchers, cashBalance, NOW);
        expect(automatic.ok).toBe(cheapest !== Number.POSITIVE_INFINITY);
        if (automatic.ok) expect(spent(automatic.plan)).toBeLessThanOrEqual(cheapest);
      }),
      { numRuns: 300 },
    );
  });
});
