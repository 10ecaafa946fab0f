import { formatMoney } from "@/lib/money";
import { describeDiscount } from "@/lib/vouchers/discount";
import type { DiscountTerms } from "@/lib/vouchers/kinds";

/** One line for what a batch or voucher gives: face value (and providers) or the discount terms. */
export function termsText(v: { faceValue: number | null; terms: DiscountTerms | null; providers: string[] | null }, productName?: string | null): string {
  if (v.terms) return describeDiscount(v.terms, formatMoney, productName ?? undefined);
  const face = v.faceValue === null ? "" : formatMoney(v.faceValue);
  return v.providers ? `${face} · ${v.providers.join(", ")}` : face;
}
