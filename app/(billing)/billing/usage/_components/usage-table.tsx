import Link from "next/link";
import type { ReactNode } from "react";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { DataTable, type Pager } from "@/components/ui/data-table";
import { USAGE_KIND_LABELS, USAGE_STATUS_LABELS, USAGE_TYPE_LABELS, usageHistoryHref, type UsageStatus } from "@/lib/usage/filter";
import type { UsageRecordView } from "@/lib/usage/record";

/** An empty cell that a screen reader announces as "none" rather than a dash. */
function None() {
  return (
    <>
      <span aria-hidden="true" className="text-slate-500">
        —
      </span>
      <span className="sr-only">none</span>
    </>
  );
}

const STATUS_TONES: Record<UsageStatus, string> = {
  success: "bg-green-100 text-green-900 ring-green-700/30",
  failure: "bg-red-100 text-red-900 ring-red-700/30",
};

/** The status as text (never colour alone), tinted for a quick scan. */
function UsageStatusBadge({ status }: { status: UsageStatus }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_TONES[status]}`}>
      {USAGE_STATUS_LABELS[status]}
    </span>
  );
}

/**
 * One page of usage records (SPEC 7 columns), or the page's empty state, and the
 * pager. Each Voucher ID links to the history filtered by exactly that voucher,
 * the question customers most often ask.
 */
export function UsageTable({ records, empty, pager }: { records: UsageRecordView[]; empty: ReactNode; pager: Pager }) {
  return (
    <DataTable
      label="Usage records"
      caption="Usage records, newest first"
      minWidth="60rem"
      nowrapHeaders
      rows={records}
      // Records have no public id; within one page, time plus position is unique and stable.
      rowKey={(r, index) => `${r.createdAt.toISOString()}-${index}`}
      emptyStyle="panel"
      empty={empty}
      pager={pager}
      columns={[
        { header: "Time", className: "whitespace-nowrap", cell: (r) => <DateTime at={r.createdAt} /> },
        {
          header: "Voucher ID",
          className: "font-mono text-xs",
          cell: (r) =>
            r.voucherId ? (
              <Link href={usageHistoryHref({ voucher: r.voucherId })} scroll={false} className="text-brand-700 underline underline-offset-2 hover:text-brand-600">
                {r.voucherId}
              </Link>
            ) : (
              <None />
            ),
        },
        { header: "Order ID", className: "font-mono text-xs", cell: (r) => r.orderId ?? <None /> },
        { header: "Kind", cell: (r) => USAGE_KIND_LABELS[r.kind] },
        { header: "Type", cell: (r) => USAGE_TYPE_LABELS[r.type] },
        { header: "Amount", numeric: true, className: "whitespace-nowrap", cell: (r) => <Money minor={r.amount} /> },
        { header: "Balance after", numeric: true, className: "whitespace-nowrap", cell: (r) => (r.balanceAfter === null ? <None /> : <Money minor={r.balanceAfter} />) },
        { header: "Status", cell: (r) => <UsageStatusBadge status={r.status} /> },
        { header: "Reason", cell: (r) => r.failureReason ?? "" },
      ]}
    />
  );
}
