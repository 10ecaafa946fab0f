"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * One usage record as the server formatted it (usage-table.tsx): time as ISO and
 * as shown, the voucher's ID with the link to its own history, the order's ID,
 * kind, type, amount, balance after, status label and tint (`.badge-*`), and the
 * failure reason. Nulls are the cells with nothing in them. A tuple keeps the
 * page's Flight payload to the record's own text (issue 18: page weight).
 */
export type UsageRow = [
  createdIso: string,
  created: string,
  voucherHref: string | null,
  voucherId: string | null,
  orderId: string | null,
  kind: string,
  type: string,
  amount: string,
  balanceAfter: string | null,
  status: string,
  tone: string,
  reason: string | null,
];

/** The rows of the usage history's table; the headers, region and pager are usage-table.tsx's. */
export function UsageRows({ rows }: { rows: readonly UsageRow[] }) {
  const t = useTranslations("usage.table");
  // An empty cell that a screen reader announces as "none" rather than a dash.
  const none = (
    <>
      <span aria-hidden="true" className="text-slate-500">
        —
      </span>
      <span className="sr-only">{t("none")}</span>
    </>
  );
  return rows.map(([createdIso, created, voucherHref, voucherId, orderId, kind, type, amount, balanceAfter, status, tone, reason], index) => (
    // Records have no public id; within one page, time plus position is unique and stable.
    <tr key={`${createdIso}-${index}`}>
      <td className="whitespace-nowrap">
        <time dateTime={createdIso}>{created}</time>
      </td>
      <td className="font-mono text-xs">
        {voucherHref && voucherId ? (
          <Link href={voucherHref} scroll={false} className="text-brand-700 underline">
            {voucherId}
          </Link>
        ) : (
          none
        )}
      </td>
      <td className="font-mono text-xs">{orderId ?? none}</td>
      <td>{kind}</td>
      <td>{type}</td>
      <td className="whitespace-nowrap text-right tabular-nums">{amount}</td>
      <td className="whitespace-nowrap text-right tabular-nums">{balanceAfter ?? none}</td>
      <td>
        <span className={`badge ${tone}`}>{status}</span>
      </td>
      <td>{reason ?? ""}</td>
    </tr>
  ));
}
