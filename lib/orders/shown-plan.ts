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
