import Link from "next/link";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
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

const th = "px-3 py-2 font-medium whitespace-nowrap";

/**
 * One page of usage records (SPEC 7 columns). Each Voucher ID links to the
 * history filtered by exactly that voucher, the question customers most often ask.
 */
export function UsageTable({ records }: { records: UsageRecordView[] }) {
  return (
    // Focusable so keyboard users can scroll the table sideways on narrow screens.
    // `relative` contains the absolutely positioned sr-only texts, which would
    // otherwise widen the page itself at their place in the wide table.
    <div role="region" aria-label="Usage records" tabIndex={0} className="relative overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="w-full min-w-[60rem] text-left text-sm">
        <caption className="sr-only">Usage records, newest first</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={th}>Time</th>
            <th scope="col" className={th}>Voucher ID</th>
            <th scope="col" className={th}>Order ID</th>
            <th scope="col" className={th}>Kind</th>
            <th scope="col" className={th}>Type</th>
            <th scope="col" className={`${th} text-right`}>Amount</th>
            <th scope="col" className={`${th} text-right`}>Balance after</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Reason</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {records.map((r, index) => (
            // Records have no public id; within one page, time plus position is unique and stable.
            <tr key={`${r.createdAt.toISOString()}-${index}`}>
              <td className="px-3 py-2 whitespace-nowrap">
                <DateTime at={r.createdAt} />
              </td>
              <td className="px-3 py-2 font-mono text-xs">
                {r.voucherId ? (
                  <Link
                    href={usageHistoryHref({ voucher: r.voucherId })}
                    scroll={false}
                    className="text-brand-700 underline underline-offset-2 hover:text-brand-600"
                  >
                    {r.voucherId}
                  </Link>
                ) : (
                  <None />
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{r.orderId ?? <None />}</td>
              <td className="px-3 py-2">{USAGE_KIND_LABELS[r.kind]}</td>
              <td className="px-3 py-2">{USAGE_TYPE_LABELS[r.type]}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap">
                <Money minor={r.amount} />
              </td>
              <td className="px-3 py-2 text-right whitespace-nowrap">{r.balanceAfter === null ? <None /> : <Money minor={r.balanceAfter} />}</td>
              <td className="px-3 py-2">
                <UsageStatusBadge status={r.status} />
              </td>
              <td className="px-3 py-2">{r.failureReason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
