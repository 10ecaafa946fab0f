import "server-only";
import { scalePoint } from "d3-scale";
import { line } from "d3-shape";
import { moneyAxis } from "@/lib/insights/axis";
import type { ChartSeries } from "./chart-frame";

const WIDTH = 480;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 24, bottom: 28, left: 64 };

/** A coordinate to a tenth of a unit of the 480-unit-wide drawing: finer than any screen shows it (issue 18: page weight). */
const r = (n: number) => Math.round(n * 10) / 10;

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
      {series.map((s) => (
        <path key={s.name} d={path(s.values) ?? ""} fill="none" stroke={s.color} strokeWidth={2.5} strokeLinejoin="round" />
      ))}
      {categories.map((c, i) =>
        (categories.length - 1 - i) % every === 0 ? (
          <text key={c} x={r(x(i) ?? 0)} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle" fontSize="14" fill="#475569">
            {c}
          </text>
        ) : null,
      )}
    </svg>
  );
}
