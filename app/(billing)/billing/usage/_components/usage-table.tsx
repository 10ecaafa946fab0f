import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { DataTable, type Pager } from "@/components/ui/data-table";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { formatMoney } from "@/lib/money";
import { formatDateTime } from "@/lib/time";
import { UsageRows, type UsageRow } from "./usage-rows";
import { usageHistoryHref, type UsageStatus } from "@/lib/usage/filter";
import type { UsageRecordView } from "@/lib/usage/record";

/** Tints of app/globals.css (`.badge-*`). */
const STATUS_TONES: Record<UsageStatus, string> = {
  success: "badge-green",
  failure: "badge-red",
};

/**
 * One page of usage records (SPEC 7 columns), or the page's empty state, and the
 * pager. Each Voucher ID links to the history filtered by exactly that voucher,
 * the question customers most often ask. The rows are formatted here and laid
 * out by UsageRows from their text alone (issue 18: page weight).
 */
export function UsageTable({ records, empty, pager }: { records: UsageRecordView[]; empty: ReactNode; pager: Pager }) {
  const t = useTranslations("usage.table");
  const te = useTranslations("enums");
  const locale = useLocale();
  const timeZone = platformTimeZone();
  const money = (minor: number) => formatMoney(minor, platformCurrency(), locale);
  const rows = records.map((r): UsageRow => [
    r.createdAt.toISOString(),
    formatDateTime(r.createdAt, timeZone),
    r.voucherId ? usageHistoryHref({ voucher: r.voucherId }) : null,
    r.voucherId,
    r.orderId,
    te(`usageKind.${r.kind}`),
    te(`usageType.${r.type}`),
    money(r.amount),
    r.balanceAfter === null ? null : money(r.balanceAfter),
    te(`usageStatus.${r.status}`),
    STATUS_TONES[r.status],
    r.failureReason,
  ]);
  const header = (text: string) => ({ header: text, cell: () => null });
  return (
    <DataTable
      label={t("label")}
      caption={t("caption")}
      minWidth="60rem"
      nowrapHeaders
      rows={records}
      emptyStyle="panel"
      empty={empty}
      pager={pager}
      columns={[
        header(t("columns.time")),
        header(t("columns.voucherId")),
        header(t("columns.orderId")),
        header(t("columns.kind")),
        header(t("columns.type")),
        { ...header(t("columns.amount")), numeric: true },
        { ...header(t("columns.balanceAfter")), numeric: true },
        header(t("columns.status")),
        header(t("columns.reason")),
      ]}
      body={<UsageRows rows={rows} />}
    />
  );
}
