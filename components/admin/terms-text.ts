import "server-only";
import { formatPlatformMoney } from "@/components/ui/money";
import { describeDiscount } from "@/lib/vouchers/discount";
import type { DiscountTerms } from "@/lib/vouchers/kinds";

/** One line for what a batch or voucher gives: face value (and providers) or the discount terms (server components). */
export function termsText(v: { faceValue: number | null; terms: DiscountTerms | null; providers: string[] | null }, productName?: string | null): string {
  if (v.terms) return describeDiscount(v.terms, formatPlatformMoney, productName ?? undefined);
  const face = v.faceValue === null ? "" : formatPlatformMoney(v.faceValue);
  return v.providers ? `${face} · ${v.providers.join(", ")}` : face;
}
