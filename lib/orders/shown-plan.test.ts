import { describe, expect, it } from "vitest";
import { planChangedMessage } from "../failure-messages";
import { translatorFor } from "@/lib/i18n/translator";
import { formatMoney } from "../money";
import type { PaymentPlan } from "./plan";
import { payRequestSchema, shownPlanSchema } from "./request";
import { choicesOfShown, holdToShown, planChanges, shownPlanOf, type ShownPlan } from "./shown-plan";

const plan = (over: Partial<PaymentPlan> = {}): PaymentPlan => ({
  orderAmount: 1_000,
  discount: null,
  allocations: [
    { voucherId: 1, publicId: "vch_a", kind: "compute", amount: 600, balanceAfter: 0 },
    { voucherId: 2, publicId: "vch_b", kind: "cash", amount: 300, balanceAfter: 700 },
  ],
  voucherTotal: 900,
  cashBalancePart: 100,
  invoiceable: 100,
  ...over,
});
const shown = shownPlanOf(plan());

describe("the shown plan (SPEC 6: the plan the customer saw is the contract)", () => {
  it("carries every amount by public id, and sums to the order amount", () => {
    expect(shown).toEqual({ amount: 1_000, discount: null, vouchers: [{ voucher: "vch_a", amount: 600 }, { voucher: "vch_b", amount: 300 }], cash: 100 });
    expect(shownPlanSchema.safeParse(shown).success).toBe(true);
  });

  it("makes the planner consider exactly its vouchers: the discount alone, or the stored-value vouchers and no discount", () => {
    expect(choicesOfShown(shown)).toEqual({ discount: null, vouchers: ["vch_a", "vch_b"] });
    expect(choicesOfShown({ amount: 1_000, discount: { voucher: "vch_d", amount: 200 }, vouchers: [], cash: 800 })).toEqual({ discount: "vch_d", vouchers: [] });
    expect(choicesOfShown({ amount: 1_000, discount: null, vouchers: [], cash: 1_000 })).toEqual({ discount: null, vouchers: [] });
  });

  it("agrees with the same plan: no change, and the plan goes through", () => {
    expect(planChanges(shown, plan())).toEqual([]);
    expect(holdToShown(shown, 1_000, { ok: true, plan: plan() })).toEqual({ ok: true, plan: plan() });
  });

  it("lists every amount that differs: a voucher paying less, one no longer paying, the cash part", () => {
    const now = plan({
      allocations: [{ voucherId: 1, publicId: "vch_a", kind: "compute", amount: 500, balanceAfter: 0 }],
      voucherTotal: 500,
      cashBalancePart: 500,
      invoiceable: 500,
    });
    expect(planChanges(shown, now)).toEqual([
      { what: "voucher", voucher: "vch_a", shown: 600, now: 500 },
      { what: "voucher", voucher: "vch_b", shown: 300, now: 0 },
      { what: "cash", shown: 100, now: 500 },
    ]);
    const held = holdToShown(shown, 1_000, { ok: true, plan: now });
    expect(held).toMatchObject({ ok: false, failure: { reason: "plan_changed" } });
  });

  it("sees a discount that takes less, or one that wasn't shown, and a new order amount", () => {
    const discounted: ShownPlan = { amount: 1_000, discount: { voucher: "vch_d", amount: 200 }, vouchers: [], cash: 800 };
    const less = plan({ discount: { voucherId: 9, publicId: "vch_d", amount: 100 }, allocations: [], voucherTotal: 0, cashBalancePart: 900, invoiceable: 900 });
    expect(planChanges(discounted, less)).toEqual([
      { what: "discount", voucher: "vch_d", shown: 200, now: 100 },
      { what: "cash", shown: 800, now: 900 },
    ]);
    const other = plan({ discount: { voucherId: 8, publicId: "vch_e", amount: 200 }, allocations: [], voucherTotal: 0, cashBalancePart: 800, invoiceable: 800 });
    expect(planChanges(discounted, other)).toEqual([
      { what: "discount", voucher: "vch_d", shown: 200, now: 0 },
      { what: "discount", voucher: "vch_e", shown: 0, now: 200 },
    ]);
    expect(planChanges({ ...shown, amount: 900 }, plan())[0]).toEqual({ what: "amount", shown: 900, now: 1_000 });
  });

  it("reports a new order amount first, even when the new amount can't be paid at all", () => {
    const held = holdToShown({ ...shown, amount: 500 }, 1_000, { ok: false, failure: { reason: "insufficient_funds", shortBy: 400 } });
    expect(held).toEqual({ ok: false, failure: { reason: "plan_changed", changes: [{ what: "amount", shown: 500, now: 1_000 }] } });
    // With the amount unchanged, the planner's own reason stands (it names the voucher or the shortfall).
    expect(holdToShown(shown, 1_000, { ok: false, failure: { reason: "insufficient_funds", shortBy: 400 } })).toEqual({
      ok: false,
      failure: { reason: "insufficient_funds", shortBy: 400 },
    });
  });

  it("says what changed in words, and what to do", () => {
    const message = planChangedMessage(
      [
        { what: "voucher", voucher: "vch_a", shown: 600, now: 500 },
        { what: "cash", shown: 100, now: 500 },
      ],
      (n) => formatMoney(n, "CNY"),
      translatorFor("en", "failures"),
    );
    expect(message).toContain("nothing was charged");
    expect(message).toContain("Voucher vch_a can now pay ¥5.00, not ¥6.00.");
    expect(message).toContain("The cash balance would pay ¥5.00, not ¥1.00.");
    expect(message).toContain("press Pay to confirm");
  });
});

describe("the Pay request", () => {
  const valid = { productPublicId: "prd_abc", quantity: "2", requestKey: "3b241101-e2bb-4255-8caf-4136c566a962", plan: shown };

  it("accepts the plan that was shown", () => {
    expect(payRequestSchema.safeParse(valid).success).toBe(true);
  });

  it("refuses a plan without its amounts, one whose parts don't add up, a repeated voucher, a discount with vouchers", () => {
    const bad: unknown[] = [
      { ...valid, plan: undefined },
      { ...valid, plan: { ...shown, cash: 101 } },
      { ...valid, plan: { ...shown, vouchers: [{ voucher: "vch_a", amount: 450 }, { voucher: "vch_a", amount: 450 }] } },
      { ...valid, plan: { amount: 1_000, discount: { voucher: "vch_d", amount: 100 }, vouchers: [{ voucher: "vch_a", amount: 100 }], cash: 800 } },
      { ...valid, plan: { ...shown, cash: -100, amount: 800 } },
      { ...valid, plan: { ...shown, vouchers: [{ voucher: "not-an-id", amount: 900 }] } },
      { ...valid, plan: { ...shown, vouchers: [{ voucher: "vch_a", amount: 0 }, { voucher: "vch_b", amount: 900 }] } },
    ];
    for (const input of bad) expect(payRequestSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });
});
