import type { ReactNode } from "react";
import { useLocale, useTranslations } from "next-intl";
import { DataTable, type Pager } from "@/components/ui/data-table";
import type { VoucherView } from "@/lib/dal/vouchers";
import { DiscountTermsText } from "@/components/ui/discount-terms";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { CopyVoucherId } from "./copy-button";
import { DateTime } from "@/components/ui/date-time";
import { formatPlatformMoney } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { Data } from "@/components/ui/data";
import { providerList } from "@/lib/i18n/lists";

function BalanceCell({ voucher }: { voucher: VoucherView }) {
  const t = useTranslations("billing.table");
  const locale = useLocale();
  if (voucher.terms) return <span><DiscountTermsText terms={voucher.terms} /></span>;
  return (
    <span className="whitespace-nowrap">
      {t.rich("balanceOf", {
        balance: formatPlatformMoney(voucher.balance ?? 0, locale),
        faceValue: formatPlatformMoney(voucher.faceValue ?? 0, locale),
        money: (chunks) => <span className="tabular-nums">{chunks}</span>,
        muted: (chunks) => <span className="text-slate-500">{chunks}</span>,
      })}
    </span>
  );
}

/** One page of a tab's vouchers (SPEC 9 column names), or the panel's empty state, and the pager. */
export function VoucherTable({ kind, vouchers, caption, empty, pager }: { kind: VoucherKind; vouchers: VoucherView[]; caption: string; empty: ReactNode; pager: Pager }) {
  const t = useTranslations("billing.table");
  const locale = useLocale();
  return (
    <DataTable
      label={caption}
      caption={caption}
      rows={vouchers}
      emptyStyle="panel"
      empty={empty}
      pager={pager}
      columns={[
        {
          header: t("voucherId"),
          cell: (v) => (
            <span className="inline-flex items-center gap-1">
              <span className="font-mono text-xs">{v.publicId}</span>
              <CopyVoucherId id={v.publicId} />
            </span>
          ),
        },
        { header: t("status"), cell: (v) => <StatusBadge status={v.status} kind={kind} /> },
        { header: kind === "discount" ? t("terms") : t("balance"), cell: (v) => <BalanceCell voucher={v} /> },
        kind === "compute" && { header: t("providers"), cell: (v) => <Data>{v.providers ? providerList(v.providers, locale) : null}</Data> },
        { header: t("effective"), className: "whitespace-nowrap", cell: (v) => <DateTime at={v.effectiveAt} /> },
        { header: t("expires"), className: "whitespace-nowrap", cell: (v) => <DateTime at={v.expiresAt} /> },
      ]}
    />
  );
}
