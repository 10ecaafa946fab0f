import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Data } from "@/components/ui/data";
import { Money } from "@/components/ui/money";
import { platformTimeZone } from "@/lib/config";
import { getMyStatement, type StatementLineName, type StatementView } from "@/lib/dal/insights/statement";
import { requireCustomerPage } from "@/lib/page";
import { formatDateTime } from "@/lib/time";
import { voucherListHref } from "@/lib/vouchers/list-filter";
import { STATEMENT_KINDS, monthDays, neighbourMonths, parseStatementParams, statementExportHref, statementHref, statementUsageHref } from "./_lib/params";
import { BillingBreadcrumb } from "../_components/breadcrumb";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("statements"))("title") };
}

const linkClass = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600";

/** The formula's rows in order, with the sign each line enters with. */
const FORMULA: Array<{ line: StatementLineName; sign: "plus" | "minus" }> = [
  { line: "redeemed", sign: "plus" },
  { line: "refunded", sign: "plus" },
  { line: "used", sign: "minus" },
  { line: "expired", sign: "minus" },
  { line: "voided", sign: "minus" },
];

/** Where "see the rest" of a voucher line leads: its tab, narrowed where the voucher list can say it. */
function voucherLineHref(statement: StatementView, line: "redeemed" | "expired" | "voided"): string {
  if (line === "redeemed") return voucherListHref(statement.kind);
  const { first, last } = monthDays(statement.month);
  return line === "expired"
    ? voucherListHref(statement.kind, { status: "expired", expiresFrom: first, expiresTo: last })
    : voucherListHref(statement.kind, { status: "voided" });
}

/**
 * The monthly statement of one stored-value kind (issue 17, docs/insights.md):
 * opening + redeemed + refunded − used − expired − voided = closing, exact to the
 * fen, for the month and kind in the URL (lib: ./_lib/params.ts; a wrong value is
 * dropped with a notice). Record lines link to the usage history of that month;
 * voucher lines list their vouchers, at most STATEMENT_VOUCHER_LIMIT (lib/dal/insights/statement.ts) each.
 */
export default async function StatementPage({ searchParams }: PageProps<"/billing/statements">) {
  const viewer = await requireCustomerPage();
  const now = new Date();
  const timeZone = platformTimeZone();
  const [t, tLines, locale] = await Promise.all([getTranslations("statements"), getTranslations("statements.lines"), getLocale()]);
  const params = parseStatementParams(await searchParams, now, timeZone);
  const statement = await getMyStatement(viewer, params.kind, params.month, now);
  const { previous, next } = neighbourMonths(params.month, params.currentMonth);
  const kindName = t(`kinds.${params.kind}`);
  const closingName = statement.soFar ? tLines("closingSoFar") : tLines("closing");

  return (
    <div className="space-y-5">
      <BillingBreadcrumb label={t("breadcrumb")} home={t("billingCenter")} current={t("current")} currentHref={"/billing/statements"} />

      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        {/* A plain link, not next/link: a file download, in the reader's language. */}
        <a
          href={statementExportHref(params.kind, params.month, locale)}
          className="inline-flex min-h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100"
        >
          {t("exportCsv")}
        </a>
      </div>
      <p className="text-sm text-slate-600">{t("intro")}</p>

      {params.dropped.map((field) => (
        <p key={field} role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t(`dropped.${field}`)}
        </p>
      ))}

      <nav aria-label={t("kindNav")}>
        <ul className="flex flex-wrap gap-2 text-sm">
          {STATEMENT_KINDS.map((kind) => (
            <li key={kind}>
              <Link
                href={statementHref(kind, params.month)}
                aria-current={kind === params.kind ? "page" : undefined}
                className={`inline-flex min-h-10 items-center rounded-md border px-3 py-2 ${kind === params.kind ? "border-brand-600 bg-brand-50 font-semibold text-slate-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}
              >
                {t(`kinds.${kind}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <nav aria-label={t("monthNav")} className="flex flex-wrap items-center gap-3 text-sm">
        {previous ? (
          <Link href={statementHref(params.kind, previous)} rel="prev" className={linkClass}>
            ← {t("previous", { month: previous })}
          </Link>
        ) : null}
        {next ? (
          <Link href={statementHref(params.kind, next)} rel="next" className={linkClass}>
            {t("next", { month: next })} →
          </Link>
        ) : null}
        {params.month !== params.currentMonth ? (
          <Link href={statementHref(params.kind, params.currentMonth)} className={linkClass}>
            {t("thisMonth")}
          </Link>
        ) : null}
      </nav>

      <section aria-labelledby="statement-heading" className="space-y-3">
        <h2 id="statement-heading" className="text-lg font-semibold">
          {t("period", { kind: kindName, month: params.month })}
        </h2>
        {statement.soFar ? <p className="text-sm text-slate-700">{t("soFar", { time: formatDateTime(statement.end, timeZone) })}</p> : null}

        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="px-3 pt-3 text-left font-medium text-slate-800">
              <span className="sr-only">{t("formula")}: </span>
              {t("formulaCaption")}
            </caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("lineColumn")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("amountColumn")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("detailColumn")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              <tr data-line="opening">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {tLines("opening")}
                </th>
                <td className="px-3 py-2 text-right">
                  <Money minor={statement.opening} />
                </td>
                <td className="px-3 py-2" />
              </tr>
              {FORMULA.map(({ line, sign }) => {
                const view = statement.lines[line];
                return (
                  <tr key={line} data-line={line}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      <span aria-hidden="true" className="mr-2 inline-block w-3 text-slate-500">
                        {sign === "plus" ? "+" : "−"}
                      </span>
                      <span className="sr-only">{t(sign)} </span>
                      {tLines(line)}
                    </th>
                    <td className="px-3 py-2 text-right">
                      <Money minor={view.amount} />
                    </td>
                    <td className="px-3 py-2 text-slate-700">
                      {line === "used" || line === "refunded" ? (
                        <span className="flex flex-wrap gap-x-3">
                          <span>{t("records", { count: view.recordCount })}</span>
                          {view.recordCount > 0 ? (
                            <Link href={statementUsageHref(statement.kind, statement.month)} className={linkClass}>
                              {t.rich("viewRecords", { line: tLines(line), hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
                            </Link>
                          ) : null}
                        </span>
                      ) : view.voucherCount > 0 ? (
                        <a href={`#line-${line}`} className={linkClass}>
                          {t("vouchers", { count: view.voucherCount })}
                        </a>
                      ) : (
                        t("vouchers", { count: 0 })
                      )}
                    </td>
                  </tr>
                );
              })}
              <tr data-line="closing" className="border-t-2 border-slate-300 font-semibold">
                <th scope="row" className="px-3 py-2 text-left">
                  <span aria-hidden="true" className="mr-2 inline-block w-3 text-slate-500">
                    =
                  </span>
                  <span className="sr-only">{t("equals")} </span>
                  {closingName}
                </th>
                <td className="px-3 py-2 text-right">
                  <Money minor={statement.closing} />
                </td>
                <td className="px-3 py-2" />
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="not-effective-heading" className="space-y-2">
        <h2 id="not-effective-heading" className="text-base font-semibold">
          {t("notEffective.heading")}
        </h2>
        <p className="text-sm text-slate-600">{t("notEffective.intro")}</p>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">{t("notEffective.opening")}</dt>
            <dd className="mt-1 font-semibold" data-figure="not-effective-opening">
              <Money minor={statement.notEffective.opening} />
            </dd>
          </div>
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">{statement.soFar ? t("notEffective.closingSoFar") : t("notEffective.closing")}</dt>
            <dd className="mt-1 font-semibold" data-figure="not-effective-closing">
              <Money minor={statement.notEffective.closing} />
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="voucher-lists-heading" className="space-y-4">
        <h2 id="voucher-lists-heading" className="text-base font-semibold">
          {t("voucherLists")}
        </h2>
        {(["redeemed", "expired", "voided"] as const).map((line) => {
          const view = statement.lines[line];
          const rest = view.voucherCount - view.vouchers.length;
          return (
            <div key={line} id={`line-${line}`} className="space-y-1">
              {view.voucherCount === 0 ? (
                <>
                  <h3 className="text-sm font-semibold">{t("voucherCaption", { line: tLines(line) })}</h3>
                  <p className="text-sm text-slate-600">{t("noVouchers")}</p>
                </>
              ) : (
                <>
                  <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
                    <table className="w-full text-sm">
                      <caption className="px-3 pt-2 text-left text-sm font-semibold">{t("voucherCaption", { line: tLines(line) })}</caption>
                      <thead>
                        <tr className="border-b border-slate-200 text-left text-slate-600">
                          <th scope="col" className="px-3 py-2 font-medium">
                            {t("voucherId")}
                          </th>
                          <th scope="col" className="px-3 py-2 text-right font-medium">
                            {t("amount")}
                          </th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {view.vouchers.map((v) => (
                          <tr key={v.publicId}>
                            <td className="px-3 py-2">
                              <Data className="font-mono text-xs">{v.publicId}</Data>
                            </td>
                            <td className="px-3 py-2 text-right">
                              <Money minor={v.amount} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {rest > 0 ? (
                    <p className="text-sm text-slate-700">
                      {t("moreVouchers", { count: rest })}{" "}
                      <Link href={voucherLineHref(statement, line)} className={linkClass}>
                        {t("seeVouchers")}
                      </Link>
                    </p>
                  ) : null}
                </>
              )}
            </div>
          );
        })}
      </section>
    </div>
  );
}
