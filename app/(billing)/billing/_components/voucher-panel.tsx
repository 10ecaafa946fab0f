import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { fieldText, fieldTexts } from "@/lib/validation-messages";
import { RedeemButton } from "./redeem-button";
import type { Viewer } from "@/lib/dal/viewer";
import { getMyVoucherTab } from "@/lib/dal/vouchers";
import { CURSOR_RESET_NOTICE, isFiltered, voucherListHref, type VoucherListState } from "@/lib/vouchers/list-filter";
import { AmountsSummaryList, StatusCounts } from "./amounts-summary";
import { VoucherFilterForm } from "./voucher-filter-form";
import { VoucherTable } from "./voucher-table";

const linkClass = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600";

/**
 * The selected voucher tab (SPEC 9): heading and Redeem button, the totals of
 * exactly the filtered vouchers, the filter, one keyset page of them, and
 * empty states that say what to do next.
 */
export async function VoucherPanel({ viewer, now, state }: { viewer: Viewer; now: Date; state: VoucherListState }) {
  const kind = state.tab;
  const [t, locale] = await Promise.all([getTranslations("billing.panel"), getLocale()]);
  const tEnums = await getTranslations("enums");
  const label = tEnums(`voucherKinds.${kind}`);
  const query = { ...state.filter, ...(state.cursor ? { cursor: state.cursor } : {}) };
  const { page, totals, tabIsEmpty, cursorError } = await getMyVoucherTab(viewer, kind, now, query);
  const filtered = isFiltered(state.filter);
  const pageHref = (cursor: string | null) => (cursor ? voucherListHref(kind, { ...state.filter, cursor }) : null);
  const previous = pageHref(page.prevCursor);
  const next = pageHref(page.nextCursor);
  const refused = cursorError ?? state.errors.cursor;
  // A refused cursor has one explanation; any other message is shown as it came.
  const notice = refused === CURSOR_RESET_NOTICE ? t("cursorReset") : refused && fieldText(refused, locale);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">{label}</h2>
        <div className="flex items-center gap-4">
          <Link href={`/billing/usage?kind=${kind}`} className={linkClass}>
            {t.rich("usageHistory", { kind: label, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
          </Link>
          <RedeemButton kind={kind} />
        </div>
      </div>

      <div className="space-y-2">
        {filtered ? <p className="text-sm text-slate-600">{t("filteredTotals")}</p> : null}
        {totals.type === "amounts" ? (
          <AmountsSummaryList summary={totals.summary} label={t("amountsLabel", { kind: label })} />
        ) : (
          <StatusCounts counts={totals.counts} label={t("countsLabel", { kind: label })} />
        )}
      </div>

      {/* The filter sits right above the rows it narrows; the totals above it follow it too. */}
      <VoucherFilterForm kind={kind} values={state.values} errors={fieldTexts(state.errors, locale)} />
      {notice ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {notice}
        </p>
      ) : null}

      <VoucherTable
        kind={kind}
        vouchers={page.items}
        caption={label}
        pager={{ label: t("pagesLabel", { kind: label }), first: previous ? voucherListHref(kind, state.filter) : null, previous, next, keepScroll: true }}
        empty={
          tabIsEmpty ? (
            t("emptyTab", { kind })
          ) : (
            <>
              {filtered ? t("noMatch") : t("noneOnPage")}{" "}
              <Link href={voucherListHref(kind)} scroll={false} className={linkClass}>
                {filtered ? t("clearFilters") : t("firstPage")}
              </Link>
            </>
          )
        }
      />
    </div>
  );
}
