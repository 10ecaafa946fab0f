/**
 * The value axis of a money chart: a linear scale from 0 whose ticks are whole
 * minor units (a tick is formatted as money, which takes integers only). Pure.
 */
import { scaleLinear, type ScaleLinear } from "d3-scale";

/** The smallest top of the axis: ¥1.00, so an empty or tiny chart still gets whole-fen ticks. */
const MIN_TOP = 100;

export function moneyAxis(top: number, range: [number, number], count = 4): { scale: ScaleLinear<number, number>; ticks: number[] } {
  const scale = scaleLinear()
    .domain([0, Math.max(MIN_TOP, Number.isFinite(top) ? top : 0)])
    .nice(count)
    .range(range);
  return { scale, ticks: scale.ticks(count).filter((t) => Number.isSafeInteger(t)) };
}
