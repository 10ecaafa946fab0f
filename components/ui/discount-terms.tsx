import "server-only";
import { useLocale, useTranslations } from "next-intl";
import { platformCurrency } from "@/lib/config";
import { formatMoney } from "@/lib/money";
import { describeDiscount } from "@/lib/vouchers/discount";
import type { DiscountTerms } from "@/lib/vouchers/kinds";

/** A discount's terms in the reader's language (server components). */
export function DiscountTermsText({ terms, productName }: { terms: DiscountTerms; productName?: string | null }) {
  const t = useTranslations("discount");
  const locale = useLocale();
  return <>{describeDiscount(terms, (minor) => formatMoney(minor, platformCurrency(), locale), t, productName ?? undefined)}</>;
}
