import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { fieldTexts } from "@/lib/validation-messages";
import { KeysetPager } from "@/components/ui/data-table";
import { listMyUsage } from "@/lib/dal/usage";
import { requireCustomerPage } from "@/lib/page";
import { formValuesOf, isUsageFiltered, parseUsageParams, usageExportHref, usageHistoryHref } from "@/lib/usage/filter";
import { UsageFilterForm } from "./_components/usage-filter-form";
import { UsageTable } from "./_components/usage-table";
import { ClientMessages } from "@/components/i18n/client-messages";
import { BillingBreadcrumb } from "../_components/breadcrumb";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("usage.history"))("title") };
}

/** The export link in the reader's language (`?lang=`, read by export/route.ts). */
function withLang(href: string, locale: string): string {
  return `${href}${href.includes("?") ? "&" : "?"}lang=${encodeURIComponent(locale)}`;
}

/**
 * Records per page of the history: fewer than the API's page (USAGE_PAGE_SIZE) so the
 * page stays light on the large account (issue 18: HTML ≤ 60 kB); the keyset pager pages on.
 */
const USAGE_HISTORY_ROWS = 25;

const linkClass = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600";

/**
 * Usage history of the caller's account (SPEC 7): the filter lives in the URL
 * (lib/usage/filter.ts), the rows come from the DAL, newest first, one keyset
 * page at a time, and Export CSV downloads exactly the filtered records.
 */
export default async function UsageHistoryPage({ searchParams }: PageProps<"/billing/usage">) {
  const viewer = await requireCustomerPage();
  const [t, locale] = await Promise.all([getTranslations("usage.history"), getLocale()]);
  // Never throws: an invalid field is explained under it, and nothing is listed until it is fixed.
  const state = parseUsageParams(await searchParams);
  const { filter } = state;
  const page = filter
    ? await listMyUsage(viewer, { ...filter, ...(state.cursor ? { cursor: state.cursor } : {}) }, { pageSize: USAGE_HISTORY_ROWS })
    : null;
  const filterValues = filter ? formValuesOf(filter) : {};
  const pager = {
    label: t("pages"),
    first: state.cursor ? usageHistoryHref(filterValues) : null,
    next: page?.nextCursor ? usageHistoryHref({ ...filterValues, cursor: page.nextCursor }) : null,
    keepScroll: true,
  };

  return (
    // The filter form and the rows are client components that translate: the usage set of messages.
    <ClientMessages set="usage">
      <div className="space-y-4">
        <BillingBreadcrumb label={t("breadcrumb")} home={t("billingCenter")} current={t("current")} currentHref={usageHistoryHref()} />

        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold">{t("heading")}</h1>
          {filter ? (
            // A plain link, not next/link: it is a file download, not a page to prefetch.
            // The file's headers and words are in the reader's language.
            <a
              href={withLang(usageExportHref(filter), locale)}
              className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100"
            >
              {t("exportCsv")}
            </a>
          ) : null}
        </div>
        <p className="text-sm text-slate-600">
          {t("intro")}
        </p>

        <UsageFilterForm values={state.values} errors={fieldTexts(state.errors, locale)} />
        {state.errors.cursor ? (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {t("cursorNotice")}
          </p>
        ) : null}

        {!filter || !page ? (
          <>
            <p role="status" className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-700">
              {t("fixFilter")}
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
                t("noMore")
              ) : isUsageFiltered(filter) ? (
                t.rich("noMatch", {
                  link: (chunks) => (
                    <Link href={usageHistoryHref()} scroll={false} className={linkClass}>
                      {chunks}
                    </Link>
                  ),
                })
              ) : (
                t("empty")
              )
            }
          />
        )}
      </div>
    </ClientMessages>
  );
}
