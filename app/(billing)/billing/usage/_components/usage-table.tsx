import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { DataTable, type Pager } from "@/components/ui/data-table";
import { usageHistoryHref, type UsageStatus } from "@/lib/usage/filter";
import type { UsageRecordView } from "@/lib/usage/record";

/** An empty cell that a screen reader announces as "none" rather than a dash. */
function None() {
  const t = useTranslations("usage.table");
  return (
    <>
      <span aria-hidden="true" className="text-slate-500">
        —
      </span>
      <span className="sr-only">{t("none")}</span>
    </>
  );
}

const STATUS_TONES: Record<UsageStatus, string> = {
  success: "bg-green-100 text-green-900 ring-green-700/30",
  failure: "bg-red-100 text-red-900 ring-red-700/30",
};

/** The status as text (never colour alone), tinted for a quick scan. */
function UsageStatusBadge({ status }: { status: UsageStatus }) {
  const t = useTranslations("enums");
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_TONES[status]}`}>
      {t(`usageStatus.${status}`)}
    </span>
  );
}

/**
 * One page of usage records (SPEC 7 columns), or the page's empty state, and the
 * pager. Each Voucher ID links to the history filtered by exactly that voucher,
 * the question customers most often ask.
 */
export function UsageTable({ records, empty, pager }: { records: UsageRecordView[]; empty: ReactNode; pager: Pager }) {
  const t = useTranslations("usage.table");
  const te = useTranslations("enums");
  return (
    <DataTable
      label={t("label")}
      caption={t("caption")}
      minWidth="60rem"
      nowrapHeaders
      rows={records}
      // Records have no public id; within one page, time plus position is unique and stable.
      rowKey={(r, index) => `${r.createdAt.toISOString()}-${index}`}
      emptyStyle="panel"
      empty={empty}
      pager={pager}
      columns={[
        { header: t("columns.time"), className: "whitespace-nowrap", cell: (r) => <DateTime at={r.createdAt} /> },
        {
          header: t("columns.voucherId"),
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
        { header: t("columns.orderId"), className: "font-mono text-xs", cell: (r) => r.orderId ?? <None /> },
        { header: t("columns.kind"), cell: (r) => te(`usageKind.${r.kind}`) },
        { header: t("columns.type"), cell: (r) => te(`usageType.${r.type}`) },
        { header: t("columns.amount"), numeric: true, className: "whitespace-nowrap", cell: (r) => <Money minor={r.amount} /> },
        { header: t("columns.balanceAfter"), numeric: true, className: "whitespace-nowrap", cell: (r) => (r.balanceAfter === null ? <None /> : <Money minor={r.balanceAfter} />) },
        { header: t("columns.status"), cell: (r) => <UsageStatusBadge status={r.status} /> },
        { header: t("columns.reason"), cell: (r) => r.failureReason ?? "" },
      ]}
    />
  );
}
