import "server-only";
import { useLocale } from "next-intl";
import { DiscountTermsText } from "@/components/ui/discount-terms";
import { formatPlatformMoney } from "@/components/ui/money";
import type { DiscountTerms } from "@/lib/vouchers/kinds";
import { Data } from "@/components/ui/data";
import { providerList } from "@/lib/i18n/lists";

/** One line for what a batch or voucher gives: face value (and providers) or the discount terms (server components). */
export function TermsText({ v, productName }: { v: { faceValue: number | null; terms: DiscountTerms | null; providers: string[] | null }; productName?: string | null }) {
  const locale = useLocale();
  if (v.terms) return <DiscountTermsText terms={v.terms} productName={productName} />;
  const face = v.faceValue === null ? "" : formatPlatformMoney(v.faceValue, locale);
  const providers = v.providers ? providerList(v.providers, locale) : null;
  return providers ? (
    <>
      {face} · <Data>{providers}</Data>
    </>
  ) : (
    <>{face}</>
  );
}
