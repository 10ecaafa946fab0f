import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import type { AdminVoucherRow } from "@/lib/dal/admin/vouchers";
import { kindTitle } from "@/lib/vouchers/kinds";
import { TermsText } from "@/components/admin/terms-text";

const ACCOUNT: Column<AdminVoucherRow> = { header: "Account", cell: (v) => <CellLink href={`/admin/accounts/${v.accountPublicId}`}>{v.accountName}</CellLink> };

function balanceOrTerms(v: AdminVoucherRow) {
  if (v.balance === null || v.faceValue === null) return <TermsText v={v} />;
  return (
    <>
      <Money minor={v.balance} /> <span className="text-slate-600">of</span> <Money minor={v.faceValue} />
      {v.providers ? <span className="block text-xs text-slate-600">{v.providers.join(", ")}</span> : null}
    </>
  );
}

/** Vouchers as an admin lists them: ID (to the detail), account, kind, status, balance or terms, validity. */
export function AdminVoucherTable({ vouchers, label, showAccount = true }: { vouchers: AdminVoucherRow[]; label: string; showAccount?: boolean }) {
  return (
    <DataTable
      label={label}
      minWidth="56rem"
      rows={vouchers}
      columns={[
        { header: "Voucher ID", className: "font-mono text-xs", cell: (v) => <CellLink href={`/admin/vouchers/${v.publicId}`}>{v.publicId}</CellLink> },
        showAccount && ACCOUNT,
        { header: "Kind", cell: (v) => kindTitle(v.kind) },
        { header: "Status", cell: (v) => <StatusBadge status={v.status} /> },
        { header: "Balance or terms", cell: balanceOrTerms },
        { header: "Effective", className: "whitespace-nowrap", cell: (v) => <DateTime at={v.effectiveAt} /> },
        { header: "Expires", className: "whitespace-nowrap", cell: (v) => <DateTime at={v.expiresAt} /> },
      ]}
    />
  );
}
