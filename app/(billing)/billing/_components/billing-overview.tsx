import Link from "next/link";
import type { ReactNode } from "react";
import { platformTimeZone } from "@/lib/config";
import { EXPIRING_WITHIN_DAYS, type BillingOverview as Overview } from "@/lib/dal/vouchers";
import { DiscountTermsText } from "@/components/ui/discount-terms";
import { KIND_LABELS } from "@/lib/vouchers/kinds";
import { expiringVoucherHref } from "@/lib/vouchers/list-filter";
import { DateTime } from "@/components/ui/date-time";
import { formatPlatformMoney, Money } from "@/components/ui/money";

function Figure({ term, children, tone = "plain" }: { term: string; children: ReactNode; tone?: "plain" | "danger" }) {
  const frame = tone === "danger" ? "border-red-300 bg-red-50" : "border-slate-200 bg-white";
  return (
    <div className={`rounded-md border p-3 ${frame}`}>
      <dt className={`text-xs ${tone === "danger" ? "font-medium text-red-800" : "text-slate-600"}`}>{term}</dt>
      <dd className={`mt-1 text-lg font-semibold ${tone === "danger" ? "text-red-800" : ""}`}>{children}</dd>
    </div>
  );
}

/**
 * The top of the Billing Center (SPEC 9): cash balance, arrears when there are
 * any, what each kind has available (computing power per provider set), and
 * what expires within a week, each entry linking to its tab filtered.
 */
export function BillingOverview({ overview }: { overview: Overview }) {
  const timeZone = platformTimeZone();
  return (
    <section aria-labelledby="overview-heading" className="space-y-4">
      <h1 id="overview-heading" className="text-2xl font-semibold">
        Billing Center
      </h1>
      <dl aria-label="Account overview" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Figure term="Cash balance">
          <Money minor={Math.max(overview.cashBalance, 0)} />
        </Figure>
        {overview.arrears > 0 ? (
          <Figure term="Arrears" tone="danger">
            <Money minor={overview.arrears} />
            <span className="mt-1 block text-xs font-normal">Top up to clear it. Vouchers can&apos;t pay arrears.</span>
          </Figure>
        ) : null}
        <Figure term="Cash vouchers balance">
          <Money minor={overview.availableBalance.cash} />
        </Figure>
        <Figure term="Computing power vouchers balance">
          <Money minor={overview.availableBalance.compute} />
          {overview.computeByProviders.length > 0 ? (
            <ul aria-label="Computing power balance by provider" className="mt-1 space-y-0.5 text-sm font-normal">
              {overview.computeByProviders.map((group) => (
                <li key={group.providers} className="flex flex-wrap justify-between gap-x-3">
                  <span className="text-slate-700">{group.providers}</span>
                  <Money minor={group.balance} />
                </li>
              ))}
            </ul>
          ) : null}
        </Figure>
        <Figure term="Discount vouchers available">
          <span className="tabular-nums">{overview.availableDiscounts}</span>
        </Figure>
      </dl>

      <section aria-labelledby="expiring-heading">
        <h2 id="expiring-heading" className="text-base font-semibold">
          Expiring within {EXPIRING_WITHIN_DAYS} days
        </h2>
        {overview.expiringSoon.length === 0 ? (
          <p className="text-sm text-slate-600">No voucher expires in the next {EXPIRING_WITHIN_DAYS} days.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
            {overview.expiringSoon.map((v) => (
              <li key={v.publicId} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2">
                <Link
                  href={expiringVoucherHref(v.kind, v.expiresAt, timeZone)}
                  scroll={false}
                  className="font-mono text-xs font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600"
                >
                  {v.publicId}
                </Link>
                <span>{KIND_LABELS[v.kind]}</span>
                <span>{v.terms ? <DiscountTermsText terms={v.terms} /> : <Money minor={v.balance ?? 0} />}</span>
                <span className="text-slate-700">
                  expires <DateTime at={v.expiresAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
