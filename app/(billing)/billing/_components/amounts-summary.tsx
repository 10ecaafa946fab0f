import { useTranslations } from "next-intl";
import type { AmountsSummary } from "@/lib/vouchers/summary";
import { VOUCHER_STATUSES, type VoucherStatus } from "@/lib/vouchers/kinds";
import { Money } from "@/components/ui/money";

const AMOUNT_KEYS: Array<keyof AmountsSummary> = ["totalFaceValue", "used", "expired", "voided", "notEffective", "balance"];

/** SPEC 4: Balance = Total face value − Used − Expired − Voided − Not effective. */
export function AmountsSummaryList({ summary, label }: { summary: AmountsSummary; label: string }) {
  const t = useTranslations("billing.amounts");
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {AMOUNT_KEYS.map((key) => (
        <div key={key} className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">{t(key)}</dt>
          <dd className="mt-1 text-base font-semibold" data-amount={key}>
            <Money minor={summary[key]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Discount vouchers have no amounts: how many are in each status. */
export function StatusCounts({ counts, label }: { counts: Record<VoucherStatus, number>; label: string }) {
  const t = useTranslations("enums");
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-5">
      {VOUCHER_STATUSES.map((s) => (
        <div key={s} className="rounded-md border border-slate-200 bg-white p-3">
          {/* Only discount vouchers are counted: a used one was consumed (已使用, not 已用完). */}
          <dt className="text-xs text-slate-600">{s === "used" ? t("discountUsed") : t(`voucherStatus.${s}`)}</dt>
          <dd className="mt-1 text-base font-semibold tabular-nums">{counts[s]}</dd>
        </div>
      ))}
    </dl>
  );
}
