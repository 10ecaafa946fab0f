import type { ReactNode } from "react";
import { DataTable, type Pager } from "@/components/ui/data-table";
import type { VoucherView } from "@/lib/dal/vouchers";
import { DiscountTermsText } from "@/components/ui/discount-terms";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { CopyVoucherId } from "./copy-button";
import { DateTime } from "@/components/ui/date-time";
import { formatPlatformMoney, Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";

function BalanceCell({ voucher }: { voucher: VoucherView }) {
  if (voucher.terms) return <span><DiscountTermsText terms={voucher.terms} /></span>;
  return (
    <span className="whitespace-nowrap">
      <Money minor={voucher.balance ?? 0} />
      <span className="text-slate-500">
        {" "}
        of <Money minor={voucher.faceValue ?? 0} />
      </span>
    </span>
  );
}

/** One page of a tab's vouchers (SPEC 9 column names), or the panel's empty state, and the pager. */
export function VoucherTable({ kind, vouchers, caption, empty, pager }: { kind: VoucherKind; vouchers: VoucherView[]; caption: string; empty: ReactNode; pager: Pager }) {
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
          header: "Voucher ID",
          cell: (v) => (
            <span className="inline-flex items-center gap-1">
              <span className="font-mono text-xs">{v.publicId}</span>
              <CopyVoucherId id={v.publicId} />
            </span>
          ),
        },
        { header: "Status", cell: (v) => <StatusBadge status={v.status} /> },
        { header: kind === "discount" ? "Terms" : "Balance", cell: (v) => <BalanceCell voucher={v} /> },
        kind === "compute" && { header: "Providers", cell: (v) => v.providers?.join(", ") },
        { header: "Effective", className: "whitespace-nowrap", cell: (v) => <DateTime at={v.effectiveAt} /> },
        { header: "Expires", className: "whitespace-nowrap", cell: (v) => <DateTime at={v.expiresAt} /> },
      ]}
    />
  );
}
