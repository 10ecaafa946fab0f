import type { ReactNode } from "react";
import { useLocale, useTranslations } from "next-intl";
import { DataTable, type Pager } from "@/components/ui/data-table";
import type { VoucherView } from "@/lib/dal/vouchers";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { formatMoney } from "@/lib/money";
import { formatDateTime } from "@/lib/time";
import { describeDiscount } from "@/lib/vouchers/discount";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { STATUS_TONES } from "@/components/ui/status-badge";
import { providerList } from "@/lib/i18n/lists";
import { CopyVoucherIds } from "./copy-button";
import { VoucherRows, type VoucherRow } from "./voucher-rows";

/**
 * One page of a tab's vouchers (SPEC 9 column names), or the panel's empty state,
 * and the pager. The rows are formatted here and laid out by VoucherRows from
 * their text alone, so each row costs the page its text, not an element tree
 * twice (HTML and Flight; issue 18: page weight).
 */
export function VoucherTable({ kind, vouchers, caption, empty, pager }: { kind: VoucherKind; vouchers: VoucherView[]; caption: string; empty: ReactNode; pager: Pager }) {
  const t = useTranslations("billing.table");
  const tEnums = useTranslations("enums");
  const tDiscount = useTranslations("discount");
  const locale = useLocale();
  const timeZone = platformTimeZone();
  const money = (minor: number) => formatMoney(minor, platformCurrency(), locale);
  const rows = vouchers.map((v): VoucherRow => [
    v.publicId,
    // A consumed discount voucher is "used" (已使用), not "used up" (已用完) like a stored-value one.
    v.status === "used" && kind === "discount" ? tEnums("discountUsed") : tEnums(`voucherStatus.${v.status}`),
    STATUS_TONES[v.status],
    v.terms ? describeDiscount(v.terms, money, tDiscount) : money(v.balance ?? 0),
    v.terms ? null : money(v.faceValue ?? 0),
    kind === "compute" && v.providers ? providerList(v.providers, locale) : null,
    v.effectiveAt.toISOString(),
    formatDateTime(v.effectiveAt, timeZone),
    v.expiresAt.toISOString(),
    formatDateTime(v.expiresAt, timeZone),
  ]);
  return (
    <CopyVoucherIds>
      <DataTable
        label={caption}
        caption={caption}
        rows={vouchers}
        emptyStyle="panel"
        empty={empty}
        pager={pager}
        columns={[
          { header: t("voucherId"), cell: () => null },
          { header: t("status"), cell: () => null },
          { header: kind === "discount" ? t("terms") : t("balance"), cell: () => null },
          kind === "compute" && { header: t("providers"), cell: () => null },
          { header: t("effective"), cell: () => null },
          { header: t("expires"), cell: () => null },
        ]}
        body={<VoucherRows rows={rows} compute={kind === "compute"} amounts={kind !== "discount"} />}
      />
    </CopyVoucherIds>
  );
}
