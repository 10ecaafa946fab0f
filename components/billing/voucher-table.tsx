import type { VoucherView } from "@/lib/dal/vouchers";
import { describeDiscount } from "@/lib/vouchers/discount";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { CopyVoucherId } from "./copy-button";
import { DateTime } from "./date-time";
import { formatPlatformMoney, Money } from "./money";
import { StatusBadge } from "./status-badge";

function BalanceCell({ voucher }: { voucher: VoucherView }) {
  if (voucher.terms) return <span>{describeDiscount(voucher.terms, formatPlatformMoney)}</span>;
  return (
    <span>
      <Money minor={voucher.balance ?? 0} />
      <span className="text-slate-500">
        {" "}
        of <Money minor={voucher.faceValue ?? 0} />
      </span>
    </span>
  );
}

/** One page of a tab's vouchers (SPEC 9 column names); the panel shows the empty states. */
export function VoucherTable({ kind, vouchers, caption }: { kind: VoucherKind; vouchers: VoucherView[]; caption: string }) {
  return (
    // Focusable so keyboard users can scroll the table sideways on narrow screens.
    <div role="region" aria-label={caption} tabIndex={0} className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Voucher ID</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">{kind === "discount" ? "Terms" : "Balance"}</th>
            {kind === "compute" ? <th scope="col" className="px-3 py-2 font-medium">Providers</th> : null}
            <th scope="col" className="px-3 py-2 font-medium">Effective</th>
            <th scope="col" className="px-3 py-2 font-medium">Expires</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {vouchers.map((v) => (
            <tr key={v.publicId}>
              <td className="px-3 py-2">
                <span className="inline-flex items-center gap-1">
                  <span className="font-mono text-xs">{v.publicId}</span>
                  <CopyVoucherId id={v.publicId} />
                </span>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={v.status} />
              </td>
              <td className={`px-3 py-2 ${v.terms ? "" : "whitespace-nowrap"}`}>
                <BalanceCell voucher={v} />
              </td>
              {kind === "compute" ? <td className="px-3 py-2">{v.providers?.join(", ")}</td> : null}
              <td className="px-3 py-2 whitespace-nowrap">
                <DateTime at={v.effectiveAt} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                <DateTime at={v.expiresAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
