import { useLocale, useTranslations } from "next-intl";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import type { AdminVoucherRow } from "@/lib/dal/admin/vouchers";
import { TermsText } from "@/components/admin/terms-text";
import { Data } from "@/components/ui/data";
import { providerList } from "@/lib/i18n/lists";

type Translate = ReturnType<typeof useTranslations<"adminVouchers.table">>;

function balanceOrTerms(v: AdminVoucherRow, t: Translate, locale: string) {
  if (v.balance === null || v.faceValue === null) return <TermsText v={v} />;
  const { balance, faceValue } = v;
  return (
    <>
      {t.rich("balanceOfFace", {
        balance: () => <Money minor={balance} />,
        of: (chunks) => <span className="text-slate-600">{chunks}</span>,
        face: () => <Money minor={faceValue} />,
      })}
      {v.providers ? <Data className="block text-xs text-slate-600">{providerList(v.providers, locale)}</Data> : null}
    </>
  );
}

/** Vouchers as an admin lists them: ID (to the detail), account, kind, status, balance or terms, validity. */
export function AdminVoucherTable({ vouchers, label, showAccount = true }: { vouchers: AdminVoucherRow[]; label: string; showAccount?: boolean }) {
  const t = useTranslations("adminVouchers.table");
  const tEnums = useTranslations("enums");
  const locale = useLocale();
  const account: Column<AdminVoucherRow> = { header: t("colAccount"), cell: (v) => <CellLink href={`/admin/accounts/${v.accountPublicId}`}>{v.accountName}</CellLink> };
  return (
    <DataTable
      label={label}
      minWidth="56rem"
      rows={vouchers}
      columns={[
        { header: t("colVoucherId"), className: "font-mono text-xs", cell: (v) => <CellLink href={`/admin/vouchers/${v.publicId}`}>{v.publicId}</CellLink> },
        showAccount && account,
        { header: t("colKind"), cell: (v) => tEnums(`voucherKindTitle.${v.kind}`) },
        { header: t("colStatus"), cell: (v) => <StatusBadge status={v.status} kind={v.kind} /> },
        { header: t("colBalanceOrTerms"), cell: (v) => balanceOrTerms(v, t, locale) },
        { header: t("colEffective"), className: "whitespace-nowrap", cell: (v) => <DateTime at={v.effectiveAt} /> },
        { header: t("colExpires"), className: "whitespace-nowrap", cell: (v) => <DateTime at={v.expiresAt} /> },
      ]}
    />
  );
}
