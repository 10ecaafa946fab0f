/**
 * Calendar months of the platform time zone (SPEC 2), as the half-open instant
 * ranges the statement and the charts sum over. Pure: the zone is a parameter.
 */
import { DEFAULT_TIME_ZONE, formatDate, startOfDayInZone } from "../time";

/** A calendar month, "YYYY-MM". */
export type MonthKey = string;

/** [start, end): start is the first instant of the month in the zone, end the first of the next. */
export interface MonthRange {
  month: MonthKey;
  start: Date;
  end: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parts(month: MonthKey): [number, number] {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  return [Number(match[1]), Number(match[2])];
}

/** Whether `month` is a "YYYY-MM" month (a URL parameter is checked with it before use). */
export function isMonthKey(month: string): boolean {
  return MONTH.test(month);
}

/** The month `n` months after `month` (before when negative): "2026-12" + 1 → "2027-01". */
export function addMonths(month: MonthKey, n: number): MonthKey {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths needs a whole number, got ${String(n)}`);
  const [year, m] = parts(month);
  const index = year * 12 + (m - 1) + n;
  const y = Math.floor(index / 12);
  return `${String(y).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The calendar month of the instant in the zone: 2026-11-30T16:00Z is "2026-12" in Asia/Shanghai. */
export function monthOf(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): MonthKey {
  return formatDate(instant, timeZone).slice(0, 7);
}

/** The instants of the month in the zone, [first instant, first instant of the next month). */
export function monthRange(month: MonthKey, timeZone: string = DEFAULT_TIME_ZONE): MonthRange {
  parts(month);
  return {
    month,
    start: startOfDayInZone(`${month}-01`, timeZone),
    end: startOfDayInZone(`${addMonths(month, 1)}-01`, timeZone),
  };
}

/** The `count` consecutive months ending with `last` (oldest first). */
export function monthsEndingWith(last: MonthKey, count: number, timeZone: string = DEFAULT_TIME_ZONE): MonthRange[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${String(count)}`);
  return Array.from({ length: count }, (_, i) => monthRange(addMonths(last, i - count + 1), timeZone));
}
