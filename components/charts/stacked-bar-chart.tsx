import "server-only";
import { scaleBand } from "d3-scale";
import { stack } from "d3-shape";
import { moneyAxis } from "@/lib/insights/axis";
import type { ChartSeries } from "./chart-frame";

const WIDTH = 480;
const HEIGHT = 220;
const MARGIN = { top: 10, right: 24, bottom: 28, left: 64 };

/** A coordinate to a tenth of a unit of the 480-unit-wide drawing: finer than any screen shows it. */
const r = (n: number) => Math.round(n * 10) / 10;

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
  const every = Math.max(1, Math.ceil(categories.length / maxXLabels));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="h-auto w-full" preserveAspectRatio="xMidYMid meet">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={r(y(tick))} y2={r(y(tick))} stroke="#e2e8f0" />
          <text x={MARGIN.left - 6} y={r(y(tick))} dy="0.32em" textAnchor="end" fontSize="14" fill="#475569">
            {format(tick)}
          </text>
        </g>
      ))}
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
      {categories.map((c, i) =>
        (categories.length - 1 - i) % every === 0 ? (
          <text key={c} x={r((x(i) ?? 0) + x.bandwidth() / 2)} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle" fontSize="14" fill="#475569">
            {c}
          </text>
        ) : null,
      )}
    </svg>
  );
}
