import { useTranslations } from "next-intl";
import type { VoucherKind, VoucherStatus } from "@/lib/vouchers/kinds";

/** Tints of app/globals.css (`.badge-*`): a short class name on every row rather than a dozen utilities. */
export const STATUS_TONES: Record<VoucherStatus, string> = {
  available: "badge-green",
  not_effective: "badge-sky",
  used: "badge-slate",
  expired: "badge-amber",
  voided: "badge-red",
};

/** The status as text (never colour alone), tinted for a quick scan. */
export function StatusBadge({ status, kind }: { status: VoucherStatus; kind?: VoucherKind }) {
  const t = useTranslations("enums");
  // A consumed discount voucher is "used" (已使用), not "used up" (已用完) like a stored-value one.
  const label = status === "used" && kind === "discount" ? t("discountUsed") : t(`voucherStatus.${status}`);
  return <span className={`badge ${STATUS_TONES[status]}`}>{label}</span>;
}
