import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { ChartFrame, ChartTable, type ChartSeries } from "@/components/charts/chart-frame";
import { LineChart } from "@/components/charts/line-chart";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { formatPlatformMoney } from "@/components/ui/money";
import { SPEND_DAYS, SPEND_MONTHS, type BillingInsights } from "@/lib/dal/insights/overview";
import { providerList } from "@/lib/i18n/lists";
import type { SpendSeries, SpendSource } from "@/lib/insights/spend";

/** Colours per source: computing power providers in blues and violets, cash green, discounts amber, cash balance slate. */
const PROVIDER_COLORS = ["#2563eb", "#7c3aed", "#0891b2", "#4f46e5", "#0e7490", "#9333ea"];
const SOURCE_COLORS = { cash: "#15803d", discount: "#d97706", cash_balance: "#64748b" } as const;
const BALANCE_COLORS = { cash: "#15803d", compute: "#2563eb" } as const;

/** Where the insights will stand while they load (the page streams them after the overview and the tab). */
export function InsightsPlaceholder() {
  const t = useTranslations("billing.insights");
  return (
    <section aria-labelledby="insights-heading" aria-busy="true" className="space-y-4">
      <h2 id="insights-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <p role="status" className="text-sm text-slate-600">
        {t("loading")}
      </p>
    </section>
  );
}

/**
 * The overview's insights (issue 17, docs/insights.md): what will expire unused
 * at the account's pace, spend per day and per month by what paid it, and the
 * voucher balances over the last days. Server-rendered: the charts are SVG, each
 * with a summary sentence and its numbers as a table.
 */
export function BillingInsightsSection({ insights }: { insights: BillingInsights }) {
  const t = useTranslations("billing.insights");
  const locale = useLocale();
  const money = (minor: number) => formatPlatformMoney(minor, locale);
  const providerName = (id: number) => (id === -1 ? t("source.otherProvider") : (insights.providerNames[id] ?? String(id)));
  const sourceName = (s: SpendSource) => (s.kind === "compute" ? t("source.compute", { provider: providerName(s.providerId) }) : t(`source.${s.kind}`));
  const computeIndex = new Map<number, number>();
  const sourceColor = (s: SpendSource) => {
    if (s.kind !== "compute") return SOURCE_COLORS[s.kind];
    const i = computeIndex.get(s.providerId) ?? computeIndex.size;
    computeIndex.set(s.providerId, i);
    return PROVIDER_COLORS[i % PROVIDER_COLORS.length] as string;
  };
  const seriesOf = (spend: SpendSeries): ChartSeries[] =>
    spend.sources.map((s, k) => ({ name: sourceName(s), color: sourceColor(s), values: spend.buckets.map((b) => b.amounts[k] ?? 0) }));
  const summaryOf = (spend: SpendSeries) =>
    spend.total === 0
      ? t("spendNone")
      : t("spendSummary", {
          total: money(spend.total),
          parts: providerList(
            spend.sources.map((s, k) => t("spendPart", { source: sourceName(s), amount: money(spend.totals[k] ?? 0) })),
            locale,
          ),
        });
  const what = (kind: "cash" | "compute", providerIds: number[]) =>
    kind === "cash" ? t("cashVouchers") : t("computeVouchersOf", { providers: providerList(providerIds.map(providerName), locale) });

  const spendCharts = [
    { id: "spend-daily", title: t("dailyTitle", { days: SPEND_DAYS }), spend: insights.daily, axis: (label: string) => label.slice(5), header: t("day") },
    { id: "spend-monthly", title: t("monthlyTitle", { months: SPEND_MONTHS }), spend: insights.monthly, axis: (label: string) => label, header: t("month") },
  ];
  const balance = insights.balances;
  const balanceSeries: ChartSeries[] = (["cash", "compute"] as const).map((kind) => ({
    name: t(`balanceSeries.${kind}`),
    color: BALANCE_COLORS[kind],
    values: balance.points.map((p) => p[kind]),
  }));
  const first = balance.points[0];
  const last = balance.points.at(-1);
  const balanceTitle = t("balanceTitle", { days: balance.points.length });
  const balanceSummary =
    first && last
      ? t("balanceSummary", { cash: money(last.cash), compute: money(last.compute), firstDay: first.label, cashThen: money(first.cash), computeThen: money(first.compute) })
      : "";

  return (
    <section aria-labelledby="insights-heading" className="space-y-4">
      <h2 id="insights-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <section aria-labelledby="forecast-heading" className="rounded-md border border-slate-200 bg-white p-3">
        <h3 id="forecast-heading" className="text-sm font-semibold">
          {t("forecastHeading")}
        </h3>
        {insights.forecast.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">{t("forecastNone")}</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm">
            {insights.forecast.map((f) => {
              const args = { amount: money(f.amount), what: what(f.kind, f.providerIds), on: f.expiresOn };
              return (
                <li key={`${f.kind}-${f.providerIds.join(",")}-${f.expiresOn}`} className="flex flex-wrap items-baseline gap-x-3">
                  <span>{t.rich("forecastLine", { ...args, date: (chunks) => <time dateTime={f.firstExpiresAt.toISOString()}>{chunks}</time> })}</span>
                  {f.order ? (
                    <Link
                      href={`/billing/orders/new?product=${encodeURIComponent(f.order.productPublicId)}&quantity=${f.order.quantity}`}
                      aria-label={t("forecastUseLabel", args)}
                      className="text-brand-700 underline underline-offset-2 hover:text-brand-600"
                    >
                      {t("forecastUse")}
                    </Link>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        {insights.forecastCount > insights.forecast.length ? (
          <p className="mt-1 text-sm text-slate-700">{t("forecastMore", { count: insights.forecastCount - insights.forecast.length })}</p>
        ) : null}
        <p className="mt-1 text-xs text-slate-600">{t("forecastPace")}</p>
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        {spendCharts.map(({ id, title, spend, axis, header }) => {
          const series = seriesOf(spend);
          const summary = summaryOf(spend);
          return (
            <ChartFrame
              key={id}
              id={id}
              title={title}
              summary={summary}
              series={series}
              tableLabel={t("showTable")}
              table={
                <ChartTable
                  caption={t("tableCaption", { title })}
                  categoryHeader={header}
                  totalHeader={t("total")}
                  categories={spend.buckets.map((b) => b.label)}
                  series={series}
                  format={money}
                />
              }
            >
              <StackedBarChart categories={spend.buckets.map((b) => axis(b.label))} series={series} format={money} label={summary} />
            </ChartFrame>
          );
        })}
        {first && last ? (
          <ChartFrame
            id="balance-history"
            title={balanceTitle}
            summary={balanceSummary}
            series={balanceSeries}
            tableLabel={t("showTable")}
            table={
              <ChartTable
                caption={t("tableCaption", { title: balanceTitle })}
                categoryHeader={t("day")}
                categories={balance.points.map((p) => p.label)}
                series={balanceSeries}
                format={money}
              />
            }
          >
            <LineChart
              categories={balance.points.map((p) => p.label.slice(5))}
              series={balanceSeries}
              format={money}
              label={balanceSummary}
            />
          </ChartFrame>
        ) : null}
      </div>
    </section>
  );
}
