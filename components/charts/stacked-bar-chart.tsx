import "server-only";
import { scaleBand } from "d3-scale";
import { stack } from "d3-shape";
import { moneyAxis } from "@/lib/insights/axis";
import type { ChartSeries } from "./chart-frame";
import { MARGIN, WIDTH, XLabels, YGrid, r } from "./plot";

const HEIGHT = 220;

/**
 * Stacked bars, rendered on the server as SVG (d3-scale for the axes, d3-shape's
 * stack for the layers): no chart code reaches the browser. The viewBox scales
 * the drawing to any width (375 px included); the x labels thin out to at most
 * `maxXLabels`. Colours and names come from the series; the caller's ChartFrame
 * gives it its accessible summary and table.
 */
export function StackedBarChart({
  categories,
  series,
  format,
  label,
  maxXLabels = 6,
}: {
  categories: readonly string[];
  series: readonly ChartSeries[];
  format: (value: number) => string;
  /** The accessible name of the picture: the chart's summary sentence. */
  label: string;
  maxXLabels?: number;
}) {
  const x = scaleBand<number>()
    .domain(categories.map((_, i) => i))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const rows = categories.map((_, i) => Object.fromEntries(series.map((s, k) => [k, s.values[i] ?? 0])) as Record<number, number>);
  const layers = stack<Record<number, number>, number>().keys(series.map((_, k) => k))(rows);
  const top = Math.max(0, ...layers.flatMap((layer) => layer.map((point) => point[1])));
  const { scale: y, ticks } = moneyAxis(top, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="h-auto w-full" preserveAspectRatio="xMidYMid meet">
      <YGrid ticks={ticks} y={y} format={format} />
      {/* One path per layer, not a rect per bar, in tenths of a unit: the same picture in a tenth of the bytes (issue 18). */}
      {layers.map((layer, k) => (
        <path
          key={k}
          fill={series[k]?.color}
          d={layer
            .map((point, i) => (point[1] > point[0] ? `M${r(x(i) ?? 0)} ${r(y(point[1]))}h${r(x.bandwidth())}V${r(y(point[0]))}h-${r(x.bandwidth())}Z` : ""))
            .join("")}
        />
      ))}
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke="#94a3b8" />
      <XLabels categories={categories} maxLabels={maxXLabels} x={(i) => (x(i) ?? 0) + x.bandwidth() / 2} height={HEIGHT} />
    </svg>
  );
}
