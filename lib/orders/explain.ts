/**
 * A plan that explains itself (issue 17): why each of the account's vouchers is
 * not in a plan of `planPayment`, and the other plans worth a choice, each made
 * by `planPayment` itself so every one of them is a plan the pay transaction
 * accepts. Pure, like the planner: the order page calls it with the same inputs.
 */
import type { StoredValueKind, VoucherKind } from "../vouchers/kinds";
import { compareForDeduction } from "../vouchers/deduction-order";
import { discountAmount, discountApplies } from "../vouchers/discount";
import { voucherStatus } from "../vouchers/status";
import { planPayment, type PaymentPlan, type PlanChoices, type PlanOrder, type PlanVoucher } from "./plan";

/** Why a voucher is not in the plan, most fundamental first (docs/insights.md). */
export type UnusedReason =
  /** Can't be used at all now (SPEC 4). */
  | { reason: "status"; status: "expired" | "voided" | "used" }
  | { reason: "not_effective"; effectiveAt: Date }
  /** A computing power voucher for none of the order's providers. */
  | { reason: "another_provider"; providerIds: number[] }
  /** A discount voucher scoped to a product the order doesn't contain. */
  | { reason: "another_product"; productId: number }
  | { reason: "below_minimum"; minOrderAmount: number }
  /** A discount voucher that would take nothing off (an order of 0). */
  | { reason: "no_reduction" }
  /** The plan uses a discount, and a discount excludes cash and computing power vouchers (SPEC 3). */
  | { reason: "discount_excludes_vouchers"; discountPublicId: string }
  /** One discount per order: the plan uses another, which takes off `chosenAmount` (this one: `amount`). */
  | { reason: "another_discount"; amount: number; chosenPublicId: string; chosenAmount: number }
  /** The plan uses vouchers because with this discount the rest would exceed the cash balance by `shortBy`. */
  | { reason: "cash_short"; amount: number; shortBy: number }
  /** Left out by the customer's own choice. */
  | { reason: "not_chosen" }
  /** Same kind, but the vouchers used expire sooner and already covered what this one could pay (SPEC 3 order). */
  | { reason: "expires_later"; usedPublicIds: string[] }
  /** What it could pay was already covered (by computing power vouchers, or by vouchers of its kind that come first). */
  | { reason: "balance_covered" };

export interface UnusedVoucher {
  voucherId: number;
  publicId: string;
  kind: VoucherKind;
  reason: UnusedReason;
}

/**
 * Each voucher of `vouchers` that `plan` does not use, with its reason. `plan`
 * and `choices` must be what planPayment returned and was given for these
 * inputs; the order of `vouchers` is kept.
 */
export function explainPlan(
  order: PlanOrder,
  vouchers: readonly PlanVoucher[],
  cashBalance: number,
  now: Date,
  plan: PaymentPlan,
  choices: PlanChoices = {},
): UnusedVoucher[] {
  const usedIds = new Set(plan.allocations.map((a) => a.voucherId));
  if (plan.discount !== null) usedIds.add(plan.discount.voucherId);
  const byId = new Map(vouchers.map((v) => [v.id, v]));
  const itemProviders = new Set(order.items.flatMap((i) => (i.providerId === null ? [] : [i.providerId])));
  const productIds = order.items.map((i) => i.productId);

  const explain = (v: PlanVoucher): UnusedReason => {
    const status = voucherStatus(v, now);
    if (status === "not_effective") return { reason: "not_effective", effectiveAt: v.effectiveAt };
    if (status !== "available") return { reason: "status", status };

    if (v.kind === "discount") {
      if (v.terms === null) throw new TypeError(`discount voucher ${v.id} has no terms`);
      const terms = v.terms;
      const amount = discountAmount(terms, order.amount, productIds);
      if (amount === 0) {
        // Asked of discountApplies itself, as the planner does: with no minimum in the way only the scope can fail.
        if (terms.productId !== null && !discountApplies(terms, Number.MAX_SAFE_INTEGER, productIds)) return { reason: "another_product", productId: terms.productId };
        if (terms.type === "amount_off" && terms.minOrderAmount !== null && !discountApplies(terms, order.amount, productIds)) {
          return { reason: "below_minimum", minOrderAmount: terms.minOrderAmount };
        }
        return { reason: "no_reduction" };
      }
      if (plan.discount !== null) return { reason: "another_discount", amount, chosenPublicId: plan.discount.publicId, chosenAmount: plan.discount.amount };
      if (choices.discountVoucherId === null || choices.voucherIds !== undefined) return { reason: "not_chosen" };
      const alone = planPayment(order, [...vouchers], cashBalance, now, { discountVoucherId: v.id });
      if (!alone.ok && alone.failure.reason === "insufficient_funds") return { reason: "cash_short", amount, shortBy: alone.failure.shortBy };
      return { reason: "not_chosen" };
    }

    const providerIds = v.kind === "compute" ? (v.providerIds ?? []) : [];
    if (v.kind === "compute" && !providerIds.some((p) => itemProviders.has(p))) return { reason: "another_provider", providerIds: [...providerIds] };
    if (plan.discount !== null) return { reason: "discount_excludes_vouchers", discountPublicId: plan.discount.publicId };
    if (choices.voucherIds !== undefined && !choices.voucherIds.includes(v.id)) return { reason: "not_chosen" };

    // Used vouchers that could have paid the same things: the same kind and, for computing power, a shared provider of the order.
    const rivals = plan.allocations
      .filter((a) => a.kind === v.kind)
      .map((a) => byId.get(a.voucherId))
      .filter((u): u is PlanVoucher => u !== undefined)
      .filter((u) => v.kind === "cash" || (u.providerIds ?? []).some((p) => itemProviders.has(p) && providerIds.includes(p)));
    const sooner = rivals.filter((u) => u.expiresAt.getTime() < v.expiresAt.getTime());
    if (sooner.length > 0) return { reason: "expires_later", usedPublicIds: sooner.map((u) => u.publicId) };
    return { reason: "balance_covered" };
  };

  return vouchers.filter((v) => !usedIds.has(v.id)).map((v) => ({ voucherId: v.id, publicId: v.publicId, kind: v.kind, reason: explain(v) }));
}

/** What an alternative is, in the order they are offered. */
export const ALTERNATIVE_LABELS = ["best_discount", "vouchers", "compute_vouchers", "cash_vouchers", "cash_balance"] as const;
export type AlternativeLabel = (typeof ALTERNATIVE_LABELS)[number];

export interface AlternativeUse {
  voucherId: number;
  publicId: string;
  kind: StoredValueKind;
  amount: number;
  expiresAt: Date;
  providerIds: number[];
}

export interface AlternativePlan {
  /** The first label that produced this plan; `alsoLabels` the others that produced the same one. */
  label: AlternativeLabel;
  alsoLabels: AlternativeLabel[];
  /** Whether this is the plan the planner picks by itself (SPEC 6 default). */
  isDefault: boolean;
  /** Give these to planPayment (and send them with Pay) to get exactly `plan`. */
  choices: PlanChoices;
  plan: PaymentPlan;
  /** What the cash balance pays. */
  fromCash: number;
  discount: number;
  /** The stored-value vouchers it uses, with what each pays. */
  uses: AlternativeUse[];
}

/** Same payers, same amounts: the same plan whatever label produced it. */
function signature(plan: PaymentPlan): string {
  const discount = plan.discount === null ? "-" : `${plan.discount.voucherId}:${plan.discount.amount}`;
  return `${discount}|${plan.allocations.map((a) => `${a.voucherId}:${a.amount}`).join(",")}|${plan.cashBalancePart}`;
}

/**
 * The plans worth a choice side by side: the best discount; stored-value
 * vouchers (computing power, then cash); computing power vouchers alone; cash
 * vouchers alone; the cash balance alone. Each is planPayment's own plan for its
 * choices, the ones it can't pay are left out, and equal plans are shown once.
 */
export function alternativePlans(order: PlanOrder, vouchers: readonly PlanVoucher[], cashBalance: number, now: Date): AlternativePlan[] {
  const list = [...vouchers];
  const itemProviders = new Set(order.items.flatMap((i) => (i.providerId === null ? [] : [i.providerId])));
  const productIds = order.items.map((i) => i.productId);
  const available = list.filter((v) => voucherStatus(v, now) === "available");

  // The planner's own choice among discounts: the largest reduction, ties in deduction order (soonest expiry first).
  let best: { voucher: PlanVoucher; amount: number } | null = null;
  for (const v of available) {
    if (v.kind !== "discount" || v.terms === null) continue;
    const amount = discountAmount(v.terms, order.amount, productIds);
    if (amount === 0) continue;
    if (best === null || amount > best.amount || (amount === best.amount && compareForDeduction({ ...v, balance: 0 }, { ...best.voucher, balance: 0 }) < 0)) {
      best = { voucher: v, amount };
    }
  }
  const computeIds = available.filter((v) => v.kind === "compute" && (v.providerIds ?? []).some((p) => itemProviders.has(p))).map((v) => v.id);
  const cashIds = available.filter((v) => v.kind === "cash").map((v) => v.id);

  const candidates: [AlternativeLabel, PlanChoices | null][] = [
    ["best_discount", best === null ? null : { discountVoucherId: best.voucher.id }],
    ["vouchers", { discountVoucherId: null }],
    ["compute_vouchers", computeIds.length === 0 ? null : { discountVoucherId: null, voucherIds: computeIds }],
    ["cash_vouchers", cashIds.length === 0 ? null : { discountVoucherId: null, voucherIds: cashIds }],
    ["cash_balance", { discountVoucherId: null, voucherIds: [] }],
  ];

  const auto = planPayment(order, list, cashBalance, now);
  const defaultSignature = auto.ok ? signature(auto.plan) : null;
  const byId = new Map(list.map((v) => [v.id, v]));
  const seen = new Map<string, AlternativePlan>();
  for (const [label, choices] of candidates) {
    if (choices === null) continue;
    const result = planPayment(order, list, cashBalance, now, choices);
    if (!result.ok) continue;
    const key = signature(result.plan);
    const existing = seen.get(key);
    if (existing) {
      existing.alsoLabels.push(label);
      continue;
    }
    const plan = result.plan;
    seen.set(key, {
      label,
      alsoLabels: [],
      isDefault: key === defaultSignature,
      choices,
      plan,
      fromCash: plan.cashBalancePart,
      discount: plan.discount?.amount ?? 0,
      uses: plan.allocations.map((a) => {
        const v = byId.get(a.voucherId);
        if (v === undefined) throw new Error(`the plan uses voucher ${a.voucherId}, which was not passed`);
        return { voucherId: a.voucherId, publicId: a.publicId, kind: a.kind, amount: a.amount, expiresAt: v.expiresAt, providerIds: [...(v.providerIds ?? [])] };
      }),
    });
  }
  return [...seen.values()];
}
