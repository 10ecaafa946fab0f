import Link from "next/link";
import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { platformTimeZone } from "@/lib/config";
import { EXPIRING_WITHIN_DAYS, type BillingOverview as Overview } from "@/lib/dal/vouchers";
import { DiscountTermsText } from "@/components/ui/discount-terms";
import { expiringVoucherHref, voucherListHref } from "@/lib/vouchers/list-filter";
import { VOUCHER_KINDS } from "@/lib/vouchers/kinds";
import { Money } from "@/components/ui/money";
import { addDays, formatDate, formatDateTime } from "@/lib/time";
import { Data } from "@/components/ui/data";

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
 * what expires within a week, each entry linking to its tab filtered. The
 * expiring list is bounded (EXPIRING_LIST_LIMIT); past it, each kind's count links
 * to its tab filtered to the vouchers expiring in the window.
 */
export function BillingOverview({ overview, now }: { overview: Overview; now: Date }) {
  const timeZone = platformTimeZone();
  const expiringTotal = VOUCHER_KINDS.reduce((sum, k) => sum + overview.expiringCounts[k], 0);
  // The rest of the list is each tab filtered to what is available and expires by the window's last day.
  const expiresTo = formatDate(addDays(now, EXPIRING_WITHIN_DAYS), timeZone);
  const t = useTranslations("billing.overview");
  const tEnums = useTranslations("enums");
  return (
    <section aria-labelledby="overview-heading" className="space-y-4">
      <h1 id="overview-heading" className="text-2xl font-semibold">
        {t("heading")}
      </h1>
      <dl aria-label={t("label")} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Figure term={t("cashBalance")}>
          <Money minor={Math.max(overview.cashBalance, 0)} />
        </Figure>
        {overview.arrears > 0 ? (
          <Figure term={t("arrears")} tone="danger">
            <Money minor={overview.arrears} />
            <span className="mt-1 block text-xs font-normal">{t("arrearsHint")}</span>
          </Figure>
        ) : null}
        <Figure term={t("cashVouchersBalance")}>
          <Money minor={overview.availableBalance.cash} />
        </Figure>
        <Figure term={t("computeVouchersBalance")}>
          <Money minor={overview.availableBalance.compute} />
          {overview.computeByProviders.length > 0 ? (
            <ul aria-label={t("computeByProvider")} className="mt-1 space-y-0.5 text-sm font-normal">
              {overview.computeByProviders.map((group) => (
                <li key={group.providers} className="flex flex-wrap justify-between gap-x-3">
                  <Data className="text-slate-700">{group.providers}</Data>
                  <Money minor={group.balance} />
                </li>
              ))}
            </ul>
          ) : null}
        </Figure>
        <Figure term={t("discountsAvailable")}>
          <span className="tabular-nums">{overview.availableDiscounts}</span>
        </Figure>
      </dl>

      <section aria-labelledby="expiring-heading">
        <h2 id="expiring-heading" className="text-base font-semibold">
          {t("expiringHeading", { days: EXPIRING_WITHIN_DAYS })}
        </h2>
        {overview.expiringSoon.length === 0 ? (
          <p className="text-sm text-slate-600">{t("expiringNone", { days: EXPIRING_WITHIN_DAYS })}</p>
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
                <span>{tEnums(`voucherKinds.${v.kind}`)}</span>
                <span>{v.terms ? <DiscountTermsText terms={v.terms} /> : <Money minor={v.balance ?? 0} />}</span>
                <span className="text-slate-700">
                  {t.rich("expires", {
                    at: formatDateTime(v.expiresAt, timeZone),
                    date: (chunks) => <time dateTime={v.expiresAt.toISOString()}>{chunks}</time>,
                  })}
                </span>
              </li>
            ))}
          </ul>
        )}
        {expiringTotal > overview.expiringSoon.length ? (
          <p className="mt-2 flex flex-wrap gap-x-4 text-sm">
            <span>
              {t("expiringShown", { shown: overview.expiringSoon.length, total: expiringTotal })} {t("expiringAll")}
            </span>
            {VOUCHER_KINDS.filter((k) => overview.expiringCounts[k] > 0).map((k) => (
              <Link key={k} href={voucherListHref(k, { status: "available", expiresTo })} scroll={false} className="font-medium text-brand-700 underline underline-offset-2">
                {t("expiringKindLink", { kind: tEnums(`voucherKinds.${k}`), count: overview.expiringCounts[k] })}
              </Link>
            ))}
          </p>
        ) : null}
      </section>
    </section>
  );
}
