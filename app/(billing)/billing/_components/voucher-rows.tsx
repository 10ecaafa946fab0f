"use client";

import { useTranslations } from "next-intl";

/**
 * One voucher row as the server formatted it: ID, status label and its tint
 * (`.badge-*` of app/globals.css), balance and face value (or, with no face
 * value, the discount's terms as text), providers (computing power only), and the effective and
 * expiry instants as ISO and as shown. A tuple keeps the page's Flight payload to
 * the row's own text (issue 18).
 */
export type VoucherRow = [
  id: string,
  status: string,
  tone: string,
  amount: string,
  faceValue: string | null,
  providers: string | null,
  effectiveIso: string,
  effective: string,
  expiresIso: string,
  expires: string,
];

/**
 * The rows of a voucher table (voucher-table.tsx renders the table, headers and
 * pager around them). Each copy button is named by its ID; CopyVoucherIds around
 * the table copies it and announces the result.
 */
export function VoucherRows({ rows, compute, amounts }: { rows: readonly VoucherRow[]; compute: boolean; amounts: boolean }) {
  const t = useTranslations("billing.copy");
  const tTable = useTranslations("billing.table");
  return rows.map(([id, status, tone, amount, faceValue, providers, effectiveIso, effective, expiresIso, expires]) => (
    <tr key={id}>
      <td className="whitespace-nowrap">
        <span className="font-mono text-xs">{id}</span>
        <button type="button" data-copy={id} aria-label={t("label", { id })} className="copy-id" />
      </td>
      <td>
        <span className={`badge ${tone}`}>{status}</span>
      </td>
      <td className={amounts ? "whitespace-nowrap tabular-nums" : undefined}>
        {faceValue === null
          ? amount
          : tTable.rich("balanceOf", {
              balance: amount,
              faceValue,
              money: (chunks) => chunks,
              muted: (chunks) => <span className="text-slate-500">{chunks}</span>,
            })}
      </td>
      {compute ? (
        <td>
          <span translate="no">{providers}</span>
        </td>
      ) : null}
      <td className="whitespace-nowrap">
        <time dateTime={effectiveIso}>{effective}</time>
      </td>
      <td className="whitespace-nowrap">
        <time dateTime={expiresIso}>{expires}</time>
      </td>
    </tr>
  ));
}
