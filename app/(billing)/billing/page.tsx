import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AmountsSummaryList, StatusCounts } from "@/components/billing/amounts-summary";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
import { VoucherTable } from "@/components/billing/voucher-table";
import { VoucherTabs } from "@/components/billing/voucher-tabs";
import { requireViewerPage } from "@/lib/dal/session";
import type { Viewer } from "@/lib/dal/viewer";
import {
  EXPIRING_WITHIN_DAYS,
  getMyAmountsSummary,
  getMyBillingOverview,
  getMyDiscountCounts,
  listMyVouchers,
} from "@/lib/dal/vouchers";
import { KIND_LABELS, type VoucherKind } from "@/lib/vouchers/kinds";

export const metadata: Metadata = { title: "Billing Center" };

async function KindPanel({ viewer, kind, now }: { viewer: Viewer; kind: VoucherKind; now: Date }) {
  const label = KIND_LABELS[kind];
  const list = await listMyVouchers(viewer, kind, now);
  return (
    <section aria-label={label} className="space-y-4">
      <h2 className="text-lg font-semibold">{label}</h2>
      {kind === "discount" ? (
        <StatusCounts counts={await getMyDiscountCounts(viewer, now)} label={`${label} by status`} />
      ) : (
        <AmountsSummaryList summary={await getMyAmountsSummary(viewer, kind, now)} label={`${label} amounts`} />
      )}
      <VoucherTable kind={kind} vouchers={list} caption={label} />
    </section>
  );
}

export default async function BillingPage() {
  const viewer = await requireViewerPage();
  if (viewer.accountId === null) redirect("/admin");
  const now = new Date();
  const overview = await getMyBillingOverview(viewer, now);

  return (
    <div className="space-y-8">
      <section aria-labelledby="overview-heading" className="space-y-4">
        <h1 id="overview-heading" className="text-2xl font-semibold">
          Billing Center
        </h1>
        <dl aria-label="Account overview" className="grid grid-cols-2 gap-3 md:grid-cols-5">
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">Cash balance</dt>
            <dd className="mt-1 text-lg font-semibold">
              <Money minor={Math.max(overview.cashBalance, 0)} />
            </dd>
          </div>
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">Arrears</dt>
            <dd className={`mt-1 text-lg font-semibold ${overview.arrears > 0 ? "text-red-700" : ""}`}>
              <Money minor={overview.arrears} />
            </dd>
          </div>
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">Cash vouchers balance</dt>
            <dd className="mt-1 text-lg font-semibold">
              <Money minor={overview.availableBalance.cash} />
            </dd>
          </div>
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">Computing power vouchers balance</dt>
            <dd className="mt-1 text-lg font-semibold">
              <Money minor={overview.availableBalance.compute} />
            </dd>
          </div>
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">Discount vouchers available</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums">{overview.availableDiscounts}</dd>
          </div>
        </dl>
        <div>
          <h2 className="text-base font-semibold">Expiring within {EXPIRING_WITHIN_DAYS} days</h2>
          {overview.expiringSoon.length === 0 ? (
            <p className="text-sm text-slate-600">No voucher expires in the next {EXPIRING_WITHIN_DAYS} days.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {overview.expiringSoon.map((v) => (
                <li key={v.publicId}>
                  <span className="font-mono text-xs">{v.publicId}</span> · {KIND_LABELS[v.kind]}
                  {v.balance !== null ? (
                    <>
                      {" "}
                      · <Money minor={v.balance} />
                    </>
                  ) : null}{" "}
                  · expires <DateTime at={v.expiresAt} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <VoucherTabs
        panels={{
          cash: <KindPanel viewer={viewer} kind="cash" now={now} />,
          discount: <KindPanel viewer={viewer} kind="discount" now={now} />,
          compute: <KindPanel viewer={viewer} kind="compute" now={now} />,
        }}
      />
    </div>
  );
}
