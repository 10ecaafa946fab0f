import { useTranslations } from "next-intl";
import type { VoucherKind, VoucherStatus } from "@/lib/vouchers/kinds";

const TONES: Record<VoucherStatus, string> = {
  available: "bg-green-100 text-green-900 ring-green-700/30",
  not_effective: "bg-sky-100 text-sky-900 ring-sky-700/30",
  used: "bg-slate-100 text-slate-800 ring-slate-600/30",
  expired: "bg-amber-100 text-amber-900 ring-amber-700/30",
  voided: "bg-red-100 text-red-900 ring-red-700/30",
};

/** The status as text (never colour alone), tinted for a quick scan. */
export function StatusBadge({ status, kind }: { status: VoucherStatus; kind?: VoucherKind }) {
  const t = useTranslations("enums");
  // A consumed discount voucher is "used" (已使用), not "used up" (已用完) like a stored-value one.
  const label = status === "used" && kind === "discount" ? t("discountUsed") : t(`voucherStatus.${status}`);
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[status]}`}>{label}</span>;
}
