import type { Metadata } from "next";
import Link from "next/link";
import { KeysetPager } from "@/components/ui/data-table";
import { listMyUsage } from "@/lib/dal/usage";
import { requireCustomerPage } from "@/lib/page";
import { formValuesOf, isUsageFiltered, parseUsageParams, usageExportHref, usageHistoryHref } from "@/lib/usage/filter";
import { UsageFilterForm } from "./_components/usage-filter-form";
import { UsageTable } from "./_components/usage-table";

export const metadata: Metadata = { title: "Usage history" };

const linkClass = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600";

/**
 * Usage history of the caller's account (SPEC 7): the filter lives in the URL
 * (lib/usage/filter.ts), the rows come from the DAL, newest first, one keyset
 * page at a time, and Export CSV downloads exactly the filtered records.
 */
export default async function UsageHistoryPage({ searchParams }: PageProps<"/billing/usage">) {
  const viewer = await requireCustomerPage();
  // Never throws: an invalid field is explained under it, and nothing is listed until it is fixed.
  const state = parseUsageParams(await searchParams);
  const { filter } = state;
  const page = filter ? await listMyUsage(viewer, { ...filter, ...(state.cursor ? { cursor: state.cursor } : {}) }) : null;
  const filterValues = filter ? formValuesOf(filter) : {};
  const pager = {
    label: "Usage history pages",
    first: state.cursor ? usageHistoryHref(filterValues) : null,
    next: page?.nextCursor ? usageHistoryHref({ ...filterValues, cursor: page.nextCursor }) : null,
    keepScroll: true,
  };

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex flex-wrap gap-2 text-slate-600">
          <li>
            <Link href="/billing" className={linkClass}>
              Billing Center
            </Link>
            <span aria-hidden="true"> /</span>
          </li>
          <li>
            <Link href={usageHistoryHref()} aria-current="page" className="text-slate-800">
              Usage history
            </Link>
          </li>
        </ol>
      </nav>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Usage history</h1>
        {filter ? (
          // A plain link, not next/link: it is a file download, not a page to prefetch.
          <a
            href={usageExportHref(filter)}
            className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100"
          >
            Export CSV
          </a>
        ) : null}
      </div>
      <p className="text-sm text-slate-600">
        Every deduction, refund and failed payment attempt on your vouchers and cash balance, newest first.
      </p>

      <UsageFilterForm values={state.values} errors={state.errors} />
      {state.errors.cursor ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {state.errors.cursor}
        </p>
      ) : null}

      {!filter || !page ? (
        <>
          <p role="status" className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-700">
            Fix the filter above to see usage records.
          </p>
          <KeysetPager {...pager} />
        </>
      ) : (
        <UsageTable
          records={page.items}
          pager={pager}
          empty={
            state.cursor ? (
              // A page link from before records changed; the First page link below starts over.
              "No more records."
            ) : isUsageFiltered(filter) ? (
              <>
                No usage records match these filters. A Voucher ID must be one of your vouchers, exactly.{" "}
                <Link href={usageHistoryHref()} scroll={false} className={linkClass}>
                  Clear filters
                </Link>
              </>
            ) : (
              "No usage yet. Paying for an order with vouchers or your cash balance adds records here."
            )
          }
        />
      )}
    </div>
  );
}
