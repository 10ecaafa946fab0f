import "server-only";
import { scalePoint } from "d3-scale";
import { line } from "d3-shape";
import { moneyAxis } from "@/lib/insights/axis";
import type { ChartSeries } from "./chart-frame";
import { MARGIN, WIDTH, XLabels, YGrid } from "./plot";

const HEIGHT = 200;

/** Lines over shared categories (balances over time), server-rendered SVG like StackedBarChart. */
export function LineChart({
  categories,
  series,
  format,
  label,
  maxXLabels = 6,
}: {
  categories: readonly string[];
  series: readonly ChartSeries[];
  format: (value: number) => string;
  label: string;
  maxXLabels?: number;
}) {
  const x = scalePoint<number>()
    .domain(categories.map((_, i) => i))
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const top = Math.max(0, ...series.flatMap((s) => s.values));
  const { scale: y, ticks } = moneyAxis(top, [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<number>()
    .x((_, i) => x(i) ?? 0)
    .y((v) => y(v))
    .digits(1);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="h-auto w-full" preserveAspectRatio="xMidYMid meet">
      <YGrid ticks={ticks} y={y} format={format} />
      {series.map((s) => (
        <path key={s.name} d={path(s.values) ?? ""} fill="none" stroke={s.color} strokeWidth={2.5} strokeLinejoin="round" />
      ))}
      <XLabels categories={categories} maxLabels={maxXLabels} x={(i) => x(i) ?? 0} height={HEIGHT} />
    </svg>
  );
}
