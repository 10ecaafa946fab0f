import Link from "next/link";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
import { StatusBadge } from "@/components/billing/status-badge";
import type { AdminVoucherRow } from "@/lib/dal/admin/vouchers";
import { kindTitle } from "@/lib/vouchers/kinds";
import { TableRegion, td, th } from "./page-heading";
import { termsText } from "./terms-text";

/** Vouchers as an admin lists them: ID (to the detail), account, kind, status, balance or terms, validity. */
export function AdminVoucherTable({ vouchers, label, showAccount = true }: { vouchers: AdminVoucherRow[]; label: string; showAccount?: boolean }) {
  return (
    <TableRegion label={label} minWidth="56rem">
      <thead className="bg-slate-50 text-slate-700">
        <tr>
          <th scope="col" className={th}>Voucher ID</th>
          {showAccount ? <th scope="col" className={th}>Account</th> : null}
          <th scope="col" className={th}>Kind</th>
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={th}>Balance or terms</th>
          <th scope="col" className={th}>Effective</th>
          <th scope="col" className={th}>Expires</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {vouchers.map((v) => (
          <tr key={v.publicId}>
            <td className={`${td} font-mono text-xs`}>
              <Link href={`/admin/vouchers/${v.publicId}`} className="underline">
                {v.publicId}
              </Link>
            </td>
            {showAccount ? (
              <td className={td}>
                <Link href={`/admin/accounts/${v.accountPublicId}`} className="underline">
                  {v.accountName}
                </Link>
              </td>
            ) : null}
            <td className={td}>{kindTitle(v.kind)}</td>
            <td className={td}>
              <StatusBadge status={v.status} />
            </td>
            <td className={td}>
              {v.balance !== null && v.faceValue !== null ? (
                <>
                  <Money minor={v.balance} /> <span className="text-slate-600">of</span> <Money minor={v.faceValue} />
                  {v.providers ? <span className="block text-xs text-slate-600">{v.providers.join(", ")}</span> : null}
                </>
              ) : (
                termsText(v)
              )}
            </td>
            <td className={`${td} whitespace-nowrap`}>
              <DateTime at={v.effectiveAt} />
            </td>
            <td className={`${td} whitespace-nowrap`}>
              <DateTime at={v.expiresAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
