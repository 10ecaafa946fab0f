import type { ReactNode } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { ChartFrame, ChartTable, type ChartSeries } from "@/components/charts/chart-frame";
import { LineChart } from "@/components/charts/line-chart";
import { DateTime } from "@/components/ui/date-time";
import { CellLink, DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import { Money, formatPlatformMoney } from "@/components/ui/money";
import { getAdminInsights, INSIGHT_ARREARS, INSIGHT_BATCHES, type ArrearsRow, type BatchRedemptionRow, type LiabilityRow, type MonthlyFlowsRow } from "@/lib/dal/admin/insights";
import type { Viewer } from "@/lib/dal/viewer";
import type { StoredValueKind } from "@/lib/vouchers/kinds";

const KINDS: readonly StoredValueKind[] = ["cash", "compute"];
/** The monthly chart's lines: flow, colour, column header. */
const FLOW_LINES = [
  ["redeemed", "#15803d", "colRedeemed"],
  ["used", "#2563eb", "colUsed"],
  ["expired", "#d97706", "colExpired"],
  ["voided", "#b91c1c", "colVoided"],
] as const;

/**
 * The operator's figures on /admin (issue 17, docs/insights.md "Admin overview"):
 * liability, value by month, batches, arrears. Tables only; the monthly chart has
 * its own slot, `monthlyChart` below.
 */
export async function AdminInsightsSection({ viewer, now }: { viewer: Viewer; now: Date }) {
  const [t, tEnums, locale, insights] = await Promise.all([getTranslations("adminInsights"), getTranslations("enums"), getLocale(), getAdminInsights(viewer, now)]);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });

  const liabilityColumns: Array<Column<LiabilityRow | "total">> = [
    { header: t("liability.colKind"), cell: (r) => (r === "total" ? <strong>{t("liability.total")}</strong> : tEnums(`voucherKindTitle.${r.kind}`)) },
    {
      header: t("liability.colProviders"),
      cell: (r) => (r === "total" ? null : r.kind === "cash" ? t("liability.anyProduct") : <span translate="no">{r.providers.join(", ")}</span>),
    },
    { header: t("liability.colAvailable"), numeric: true, cell: (r) => <Money minor={r === "total" ? sum(insights.liability, "available") : r.available} /> },
    { header: t("liability.colNotEffective"), numeric: true, cell: (r) => <Money minor={r === "total" ? sum(insights.liability, "notEffective") : r.notEffective} /> },
    { header: t("liability.colVouchers"), numeric: true, className: "tabular-nums", cell: (r) => (r === "total" ? sum(insights.liability, "vouchers") : r.vouchers) },
  ];
  const liabilityRows: Array<LiabilityRow | "total"> = insights.liability.length > 0 ? [...insights.liability, "total"] : [];

  const current = insights.months[insights.months.length - 1];
  const monthColumns = (kind: StoredValueKind): Array<Column<MonthlyFlowsRow>> => [
    {
      header: t("monthly.colMonth"),
      className: "whitespace-nowrap tabular-nums",
      cell: (m) => (m === current && m.end.getTime() === now.getTime() ? t("monthly.toDate", { month: m.month }) : m.month),
    },
    { header: t("monthly.colRedeemed"), numeric: true, cell: (m) => <Money minor={m.byKind[kind].redeemed} /> },
    { header: t("monthly.colUsed"), numeric: true, cell: (m) => <Money minor={m.byKind[kind].used} /> },
    { header: t("monthly.colRefunded"), numeric: true, cell: (m) => <Money minor={m.byKind[kind].refunded} /> },
    { header: t("monthly.colExpired"), numeric: true, cell: (m) => <Money minor={m.byKind[kind].expired} /> },
    {
      header: t("monthly.colVoided"),
      numeric: true,
      cell: (m) => (
        <>
          <Money minor={m.byKind[kind].voided} />
          {m.byKind[kind].voidedNotEffective > 0 ? (
            <div className="text-xs text-slate-600">{t("monthly.voidedBeforeEffective", { amount: formatPlatformMoney(m.byKind[kind].voidedNotEffective, locale) })}</div>
          ) : null}
        </>
      ),
    },
  ];
  // Newest first in the tables; the chart reads `insights.months` oldest first.
  const newestFirst = [...insights.months].reverse();

  const batchColumns: Array<Column<BatchRedemptionRow>> = [
    {
      header: t("batches.colBatch"),
      cell: (b) => (
        <NameAndId
          name={
            <>
              <CellLink href={`/admin/batches/${b.publicId}`}>{b.name}</CellLink>
              {b.voided ? <span className="ml-1 text-xs text-slate-600">({t("batches.voided")})</span> : null}
            </>
          }
          id={b.publicId}
        />
      ),
    },
    { header: t("batches.colKind"), cell: (b) => tEnums(`voucherKindTitle.${b.kind}`) },
    { header: t("batches.colIssued"), numeric: true, className: "tabular-nums", cell: (b) => b.codesIssued },
    { header: t("batches.colRedeemed"), numeric: true, className: "tabular-nums", cell: (b) => b.codesRedeemed },
    { header: t("batches.colRate"), numeric: true, className: "tabular-nums", cell: (b) => (b.redemptionRate === null ? t("batches.noCodes") : percent.format(b.redemptionRate)) },
    { header: t("batches.colValueRedeemed"), numeric: true, cell: (b) => (b.valueRedeemed === null ? t("batches.noCodes") : <Money minor={b.valueRedeemed} />) },
    { header: t("batches.colValueUsed"), numeric: true, cell: (b) => <Money minor={b.valueUsed} /> },
  ];

  const arrearsColumns: Array<Column<ArrearsRow>> = [
    { header: t("arrears.colAccount"), cell: (a) => <NameAndId name={<CellLink href={`/admin/accounts/${a.publicId}`}>{a.name}</CellLink>} id={a.publicId} /> },
    { header: t("arrears.colArrears"), numeric: true, cell: (a) => <Money minor={a.arrears} className="text-red-700" /> },
    { header: t("arrears.colSince"), className: "whitespace-nowrap", cell: (a) => (a.since ? <DateTime at={a.since} /> : t("arrears.unknown")) },
  ];

  const money = (minor: number) => formatPlatformMoney(minor, locale);
  // The same server-rendered chart as the customer's overview: both kinds summed, one line per flow.
  const flowSeries: ChartSeries[] = FLOW_LINES.map(([line, color, header]) => ({
    name: t(`monthly.${header}`),
    color,
    values: insights.months.map((m) => KINDS.reduce((sum, kind) => sum + m.byKind[kind][line], 0)),
  }));
  const flowTotal = (line: (typeof FLOW_LINES)[number][0]) => money((flowSeries[FLOW_LINES.findIndex(([l]) => l === line)]?.values ?? []).reduce((a, b) => a + b, 0));
  const flowSummary = t("monthly.chartSummary", { months: insights.months.length, redeemed: flowTotal("redeemed"), used: flowTotal("used"), expired: flowTotal("expired"), voided: flowTotal("voided") });
  const monthLabels = insights.months.map((m) => m.month);
  const monthlyChart: ReactNode = (
    <ChartFrame
      id="admin-flows"
      title={t("monthly.chartTitle")}
      summary={flowSummary}
      series={flowSeries}
      tableLabel={t("monthly.showTable")}
      table={<ChartTable caption={t("monthly.chartCaption")} categoryHeader={t("monthly.colMonth")} categories={monthLabels} series={flowSeries} format={money} />}
    >
      <LineChart categories={monthLabels} series={flowSeries} format={money} label={flowSummary} />
    </ChartFrame>
  );

  return (
    <section aria-labelledby="insights-heading" className="space-y-6">
      <div>
        <h2 id="insights-heading" className="text-xl font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-slate-600">{t.rich("asOf", { time: () => <DateTime at={now} /> })}</p>
      </div>

      <section aria-labelledby="liability-heading" className="space-y-2">
        <h3 id="liability-heading" className="text-lg font-semibold">
          {t("liability.heading")}
        </h3>
        <p className="text-sm text-slate-600">{t("liability.intro")}</p>
        <DataTable
          label={t("liability.tableLabel")}
          caption={t("liability.tableLabel")}
          minWidth="36rem"
          columns={liabilityColumns}
          rows={liabilityRows}
          rowKey={(r) => (r === "total" ? "total" : `${r.kind}:${r.providers.join(",")}`)}
          empty={t("liability.empty")}
        />
      </section>

      <section aria-labelledby="monthly-heading" className="space-y-2" data-chart-slot="monthly-flows">
        <h3 id="monthly-heading" className="text-lg font-semibold">
          {t("monthly.heading")}
        </h3>
        <p className="text-sm text-slate-600">{t("monthly.intro")}</p>
        {monthlyChart}
        {KINDS.map((kind) => (
          <DataTable
            key={kind}
            label={t("monthly.tableLabel", { kind: t(`kindName.${kind}`) })}
            caption={t("monthly.tableLabel", { kind: t(`kindName.${kind}`) })}
            minWidth="44rem"
            nowrapHeaders
            columns={monthColumns(kind)}
            rows={newestFirst}
            rowKey={(m) => m.month}
          />
        ))}
      </section>

      <section aria-labelledby="batch-insights-heading" className="space-y-2">
        <h3 id="batch-insights-heading" className="text-lg font-semibold">
          {t("batches.heading")}
        </h3>
        <p className="text-sm text-slate-600">{t("batches.intro", { count: INSIGHT_BATCHES })}</p>
        <DataTable label={t("batches.tableLabel")} caption={t("batches.tableLabel")} minWidth="48rem" columns={batchColumns} rows={insights.batches} empty={t("batches.empty")} emptyStyle="note" />
      </section>

      <section aria-labelledby="arrears-heading" className="space-y-2">
        <h3 id="arrears-heading" className="text-lg font-semibold">
          {t("arrears.heading")}
        </h3>
        <p className="text-sm text-slate-600">{t("arrears.intro", { count: INSIGHT_ARREARS })}</p>
        <DataTable label={t("arrears.tableLabel")} caption={t("arrears.tableLabel")} minWidth="28rem" columns={arrearsColumns} rows={insights.arrears} empty={t("arrears.empty")} emptyStyle="note" />
      </section>
    </section>
  );
}

function sum<K extends "available" | "notEffective" | "vouchers">(rows: readonly LiabilityRow[], key: K): number {
  return rows.reduce((total, r) => total + r[key], 0);
}
