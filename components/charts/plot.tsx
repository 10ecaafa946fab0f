import "server-only";

/** The drawing both charts share: 480 units wide, with room on the left for the money axis' labels. */
export const WIDTH = 480;
export const MARGIN = { top: 10, right: 24, bottom: 28, left: 64 };

/** A coordinate to a tenth of a unit of the 480-unit-wide drawing: finer than any screen shows it (issue 18: page weight). */
export const r = (n: number) => Math.round(n * 10) / 10;

/** The horizontal grid lines of the money axis, each labelled on the left. */
export function YGrid({ ticks, y, format }: { ticks: readonly number[]; y: (value: number) => number; format: (value: number) => string }) {
  return ticks.map((tick) => (
    <g key={tick}>
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={r(y(tick))} y2={r(y(tick))} stroke="#e2e8f0" />
      <text x={MARGIN.left - 6} y={r(y(tick))} dy="0.32em" textAnchor="end" fontSize="14" fill="#475569">
        {format(tick)}
      </text>
    </g>
  ));
}

/** The category labels under the drawing, thinned out to at most `maxLabels`, always keeping the last one. */
export function XLabels({ categories, maxLabels, x, height }: { categories: readonly string[]; maxLabels: number; x: (index: number) => number; height: number }) {
  const every = Math.max(1, Math.ceil(categories.length / maxLabels));
  return categories.map((c, i) =>
    (categories.length - 1 - i) % every === 0 ? (
      <text key={c} x={r(x(i))} y={height - MARGIN.bottom + 18} textAnchor="middle" fontSize="14" fill="#475569">
        {c}
      </text>
    ) : null,
  );
}
