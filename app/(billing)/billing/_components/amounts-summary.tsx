import type { AmountsSummary } from "@/lib/vouchers/summary";
import { STATUS_LABELS, VOUCHER_STATUSES, type VoucherStatus } from "@/lib/vouchers/kinds";
import { Money } from "@/components/ui/money";

const AMOUNT_LABELS: Array<[keyof AmountsSummary, string]> = [
  ["totalFaceValue", "Total face value"],
  ["used", "Used"],
  ["expired", "Expired"],
  ["voided", "Voided"],
  ["notEffective", "Not effective"],
  ["balance", "Balance"],
];

/** SPEC 4: Balance = Total face value − Used − Expired − Voided − Not effective. */
export function AmountsSummaryList({ summary, label }: { summary: AmountsSummary; label: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {AMOUNT_LABELS.map(([key, text]) => (
        <div key={key} className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">{text}</dt>
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
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-5">
      {VOUCHER_STATUSES.map((s) => (
        <div key={s} className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">{STATUS_LABELS[s]}</dt>
          <dd className="mt-1 text-base font-semibold tabular-nums">{counts[s]}</dd>
        </div>
      ))}
    </dl>
  );
}
