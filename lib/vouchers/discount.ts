/**
 * Discount voucher arithmetic (SPEC 2 and 3). All amounts are integers of
 * minor units; percent discounts are in basis points of what the customer pays.
 */
import type { DiscountTerms } from "./kinds";

const BASIS_POINTS = 10_000;

function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** Invalid terms are a data bug (the schema and zod forbid them); refuse rather than guess. */
function assertTerms(terms: DiscountTerms): void {
  if (terms.type === "amount_off") {
    assertAmount(terms.amountOff, "amountOff");
    if (terms.minOrderAmount !== null) assertAmount(terms.minOrderAmount, "minOrderAmount");
  } else {
    const bp = terms.payBasisPoints;
    if (!Number.isInteger(bp) || bp < 0 || bp > BASIS_POINTS) {
      throw new RangeError(`payBasisPoints must be an integer in 0..10000, got ${String(bp)}`);
    }
    if (terms.maxDiscount !== null) assertAmount(terms.maxDiscount, "maxDiscount");
  }
}

/**
 * Whether the voucher's conditions are met: its product scope (if any) is
 * among the order's products and the order reaches the minimum amount.
 */
export function discountApplies(terms: DiscountTerms, orderAmount: number, productIds: readonly number[]): boolean {
  if (terms.productId !== null && !productIds.includes(terms.productId)) return false;
  if (terms.type === "amount_off" && terms.minOrderAmount !== null && orderAmount < terms.minOrderAmount) return false;
  return true;
}

/**
 * The reduction this voucher gives an order, 0 when it does not apply.
 * Percent: the discount itself is rounded half up to the minor unit (SPEC 2
 * Decision), computed in BigInt so order × basis points cannot lose precision.
 * Never negative, never more than the order amount or the voucher's cap.
 */
export function discountAmount(terms: DiscountTerms, orderAmount: number, productIds: readonly number[]): number {
  assertAmount(orderAmount, "orderAmount");
  assertTerms(terms);
  if (!discountApplies(terms, orderAmount, productIds)) return 0;
  if (terms.type === "amount_off") return Math.min(terms.amountOff, orderAmount);

  const offBasisPoints = BigInt(BASIS_POINTS - terms.payBasisPoints);
  const half = BigInt(BASIS_POINTS / 2);
  const rounded = Number((BigInt(orderAmount) * offBasisPoints + half) / BigInt(BASIS_POINTS));
  const capped = terms.maxDiscount === null ? rounded : Math.min(rounded, terms.maxDiscount);
  return Math.min(capped, orderAmount);
}

/** "20" for 8000 basis points paid, "12.5" for 8750. */
export function percentOffLabel(payBasisPoints: number): string {
  const off = BASIS_POINTS - payBasisPoints;
  const whole = Math.trunc(off / 100);
  const rest = off % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}

/** "8" for 8000 basis points paid (八折), "8.75" for 8750: the Chinese 折 of the share paid. */
export function zheLabel(payBasisPoints: number): string {
  const whole = Math.trunc(payBasisPoints / 1000);
  const rest = payBasisPoints % 1000;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(3, "0").replace(/0+$/, "")}`;
}

/** The values of the `discount.terms` message (messages/*.json) for these terms. */
export type DiscountTermsValues = Record<"type" | "hasMin" | "hasMax" | "scope" | "amountOff" | "minOrder" | "percentOff" | "zhe" | "maxDiscount" | "product", string>;

/**
 * What the `discount.terms` message needs to word the terms: "¥50.00 off orders
 * of ¥200.00 or more" / "满 ¥200.00 减 ¥50.00", "20% off, up to ¥30.00" / "8 折，最多优惠 ¥30.00".
 * A product-scoped voucher names its product when the caller knows it.
 */
export function discountTermsValues(terms: DiscountTerms, formatMoney: (minor: number) => string, productName?: string): DiscountTermsValues {
  const amountOff = terms.type === "amount_off";
  return {
    type: terms.type,
    hasMin: amountOff && terms.minOrderAmount !== null && terms.minOrderAmount > 0 ? "yes" : "no",
    hasMax: !amountOff && terms.maxDiscount !== null ? "yes" : "no",
    scope: terms.productId === null ? "all" : productName ? "named" : "one",
    amountOff: amountOff ? formatMoney(terms.amountOff) : "",
    minOrder: amountOff && terms.minOrderAmount !== null ? formatMoney(terms.minOrderAmount) : "",
    percentOff: amountOff ? "" : percentOffLabel(terms.payBasisPoints),
    zhe: amountOff ? "" : zheLabel(terms.payBasisPoints),
    maxDiscount: !amountOff && terms.maxDiscount !== null ? formatMoney(terms.maxDiscount) : "",
    product: productName ?? "",
  };
}

/** A translator of the `discount` namespace (next-intl's `t`, on the server or in the browser). */
export type DiscountTranslator = (key: "terms", values: DiscountTermsValues) => string;

/** The terms in words, in the translator's language. */
export function describeDiscount(
  terms: DiscountTerms,
  formatMoney: (minor: number) => string,
  t: DiscountTranslator,
  productName?: string,
): string {
  return t("terms", discountTermsValues(terms, formatMoney, productName));
}
