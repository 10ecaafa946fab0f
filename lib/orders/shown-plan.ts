/**
 * "Pay what was shown" (SPEC 6 Decision): the plan the customer saw is the
 * contract. The client sends it back with Pay; the server plans again on the
 * locked rows with exactly the vouchers of that plan, and pays only if the
 * result is the same plan to the minor unit. Anything else fails, names what
 * changed, and the customer confirms the new plan. Pure: no database, no clock.
 */
import type { ChoicesInput } from "./request";
import type { PaymentPlan, PlanFailure, PlanResult } from "./plan";

/** What the order page showed: every amount of the plan, by public id. */
export interface ShownPlan {
  /** The order amount the plan was for. */
  amount: number;
  discount: { voucher: string; amount: number } | null;
  /** Stored-value vouchers, each with what it pays. */
  vouchers: Array<{ voucher: string; amount: number }>;
  /** What the cash balance pays. */
  cash: number;
}

/** One difference between the shown plan and the plan that holds now. */
export type PlanChange =
  | { what: "amount"; shown: number; now: number }
  | { what: "discount"; voucher: string; shown: number; now: number }
  | { what: "voucher"; voucher: string; shown: number; now: number }
  | { what: "cash"; shown: number; now: number };

/** A payment that can't go ahead: the planner's reason, or a plan that differs from the one shown. */
export type PayFailure = PlanFailure | { reason: "plan_changed"; changes: PlanChange[] };

/** The plan as the order page shows it and sends it back with Pay. */
export function shownPlanOf(plan: PaymentPlan): ShownPlan {
  return {
    amount: plan.orderAmount,
    discount: plan.discount ? { voucher: plan.discount.publicId, amount: plan.discount.amount } : null,
    vouchers: plan.allocations.map((a) => ({ voucher: a.publicId, amount: a.amount })),
    cash: plan.cashBalancePart,
  };
}

/**
 * The choices that make the planner consider exactly the shown plan's vouchers:
 * its discount and nothing else, or its stored-value vouchers and no discount.
 * A voucher redeemed since is not in it, so a plan that still holds comes out
 * the same, allocation for allocation.
 */
export function choicesOfShown(shown: ShownPlan): ChoicesInput {
  return shown.discount ? { discount: shown.discount.voucher, vouchers: [] } : { discount: null, vouchers: shown.vouchers.map((v) => v.voucher) };
}

/** Every public id the shown plan names, the discount first. */
export function voucherIdsOfShown(shown: ShownPlan): string[] {
  return [...(shown.discount ? [shown.discount.voucher] : []), ...shown.vouchers.map((v) => v.voucher)];
}

/** The differences between the shown plan and `plan`, in the order the page lists them; empty when they agree. */
export function planChanges(shown: ShownPlan, plan: PaymentPlan): PlanChange[] {
  const changes: PlanChange[] = [];
  if (shown.amount !== plan.orderAmount) changes.push({ what: "amount", shown: shown.amount, now: plan.orderAmount });
  const shownDiscount = shown.discount;
  const nowDiscount = plan.discount;
  if (shownDiscount && (nowDiscount?.publicId !== shownDiscount.voucher || nowDiscount.amount !== shownDiscount.amount)) {
    changes.push({ what: "discount", voucher: shownDiscount.voucher, shown: shownDiscount.amount, now: nowDiscount?.publicId === shownDiscount.voucher ? nowDiscount.amount : 0 });
  }
  if (nowDiscount && nowDiscount.publicId !== shownDiscount?.voucher) {
    changes.push({ what: "discount", voucher: nowDiscount.publicId, shown: 0, now: nowDiscount.amount });
  }
  const nowPays = new Map(plan.allocations.map((a) => [a.publicId, a.amount]));
  const shownPays = new Map(shown.vouchers.map((v) => [v.voucher, v.amount]));
  for (const [voucher, amount] of shownPays) {
    const now = nowPays.get(voucher) ?? 0;
    if (now !== amount) changes.push({ what: "voucher", voucher, shown: amount, now });
  }
  for (const [voucher, amount] of nowPays) {
    if (!shownPays.has(voucher)) changes.push({ what: "voucher", voucher, shown: 0, now: amount });
  }
  if (shown.cash !== plan.cashBalancePart) changes.push({ what: "cash", shown: shown.cash, now: plan.cashBalancePart });
  return changes;
}

/**
 * Holds the planner's result to the shown plan: a changed order amount is
 * reported first; a failure stays a failure (it names the voucher that
 * changed); and a plan that differs in any amount fails with the list of changes.
 */
export function holdToShown(shown: ShownPlan, orderAmount: number, result: PlanResult): { ok: true; plan: PaymentPlan } | { ok: false; failure: PayFailure } {
  // A new price is the first thing to say, whatever else it makes fail.
  if (!result.ok && shown.amount !== orderAmount) {
    return { ok: false, failure: { reason: "plan_changed", changes: [{ what: "amount", shown: shown.amount, now: orderAmount }] } };
  }
  if (!result.ok) return result;
  const changes = planChanges(shown, result.plan);
  return changes.length === 0 ? result : { ok: false, failure: { reason: "plan_changed", changes } };
}

/** One customer-facing sentence per change. */
export function planChangeSentence(change: PlanChange, formatMoney: (n: number) => string): string {
  const from = formatMoney(change.shown);
  const to = formatMoney(change.now);
  switch (change.what) {
    case "amount":
      return `The order amount is now ${to}, not ${from}.`;
    case "discount":
      if (change.now === 0) return `Discount voucher ${change.voucher} no longer takes ${from} off.`;
      if (change.shown === 0) return `Discount voucher ${change.voucher} would now take ${to} off.`;
      return `Discount voucher ${change.voucher} now takes ${to} off, not ${from}.`;
    case "voucher":
      if (change.now === 0) return `Voucher ${change.voucher} can no longer pay ${from}.`;
      if (change.shown === 0) return `Voucher ${change.voucher} would now pay ${to}.`;
      return `Voucher ${change.voucher} can now pay ${to}, not ${from}.`;
    case "cash":
      return `The cash balance would pay ${to}, not ${from}.`;
  }
}

/** The message of a plan that no longer holds: what changed, and what to do. */
export function planChangedMessage(changes: readonly PlanChange[], formatMoney: (n: number) => string): string {
  const what = changes.map((c) => planChangeSentence(c, formatMoney)).join(" ");
  return `The payment plan changed since it was shown, so nothing was charged. ${what} Check the new plan and press Pay to confirm it.`;
}
