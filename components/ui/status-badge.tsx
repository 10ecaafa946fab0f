import { STATUS_LABELS, type VoucherStatus } from "@/lib/vouchers/kinds";

const TONES: Record<VoucherStatus, string> = {
  available: "bg-green-100 text-green-900 ring-green-700/30",
  not_effective: "bg-sky-100 text-sky-900 ring-sky-700/30",
  used: "bg-slate-100 text-slate-800 ring-slate-600/30",
  expired: "bg-amber-100 text-amber-900 ring-amber-700/30",
  voided: "bg-red-100 text-red-900 ring-red-700/30",
};

/** The status as text (never colour alone), tinted for a quick scan. */
export function StatusBadge({ status }: { status: VoucherStatus }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}
