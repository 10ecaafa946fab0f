import "server-only";
import type { ReactNode } from "react";
import { ChartTableView } from "./chart-table-view";

/** One series of a chart: its name (legend, table header) and colour. */
export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
}

/**
 * A chart as a figure: a heading, the one-sentence summary (what a screen reader
 * hears for the picture), the SVG, its legend, and the same numbers as a table
 * behind a disclosure. The SVG is `role="img"` named by the summary, so nothing
 * in it needs reading out one mark at a time.
 */
export function ChartFrame({
  id,
  title,
  summary,
  series,
  tableLabel,
  table,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  series: ReadonlyArray<Pick<ChartSeries, "name" | "color">>;
  tableLabel: string;
  table: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0 space-y-2 rounded-md border border-slate-200 bg-white p-3">
      <h3 id={`${id}-title`} className="text-sm font-semibold">
        {title}
      </h3>
      <p id={`${id}-summary`} className="text-sm text-slate-700">
        {summary}
      </p>
      {children}
      {series.length > 0 ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
          {series.map((s) => (
            <li key={s.name} className="flex items-center gap-1.5">
              <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: s.color }} />
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-700 underline underline-offset-2">{tableLabel}</summary>
        <div className="mt-2 overflow-x-auto">{table}</div>
      </details>
    </figure>
  );
}

/** The numbers of a chart as a table: one row per category, one column per series, and a total. */
export function ChartTable({
  caption,
  categoryHeader,
  totalHeader,
  categories,
  series,
  format,
}: {
  caption: string;
  categoryHeader: string;
  totalHeader?: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  format: (value: number) => string;
}) {
  const headers = [categoryHeader, ...series.map((s) => s.name), ...(totalHeader ? [totalHeader] : [])];
  const rows = categories.map((c, i) => [
    c,
    ...series.map((s) => format(s.values[i] ?? 0)),
    ...(totalHeader ? [format(series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))] : []),
  ]);
  return <ChartTableView caption={caption} headers={headers} rows={rows} />;
}
