/**
 * Spend by what paid it (issue 17): the overview's bar charts, per day and per
 * month, stacked by source. Pure: the DAL sums the successful deductions per
 * bucket and source in SQL; this module lays them out as a complete series
 * (every bucket, every source, zeros included) in a fixed source order.
 *
 * Spend is what paid the orders: successful deduction records (a discount's
 * record is what it took off). Refunds are not subtracted here: they are lines
 * of the monthly statement, and a day with only a refund would otherwise be a
 * negative bar (docs/insights.md).
 */
import { DEFAULT_TIME_ZONE, formatDate, startOfDayInZone } from "../time";
import { monthOf, monthsEndingWith } from "./month";

/** What paid: computing power vouchers of one provider, cash vouchers, a discount, or the cash balance. */
export type SpendSource =
  | { kind: "compute"; providerId: number }
  | { kind: "cash" }
  | { kind: "discount" }
  | { kind: "cash_balance" };

/** One SQL row: the sum of a bucket's successful deductions from one source. */
export interface SpendRow {
  /** Index into the buckets passed to `spendSeries`. */
  bucket: number;
  source: "compute" | "cash" | "discount" | "cash_balance";
  /** Computing power: the provider of the item paid; otherwise null. */
  providerId: number | null;
  amount: number;
}

/** A half-open instant range [start, end) with its label ("2026-12-01" or "2026-12"). */
export interface SpendBucket {
  label: string;
  start: Date;
  end: Date;
}

export interface SpendSeries {
  /** The sources present in any bucket, in stacking order: computing power per provider (by id), cash vouchers, discounts, cash balance. */
  sources: SpendSource[];
  buckets: Array<SpendBucket & { amounts: number[]; total: number }>;
  /** Per source (same order as `sources`), over all buckets. */
  totals: number[];
  total: number;
}

const ORDER = { compute: 0, cash: 1, discount: 2, cash_balance: 3 } as const;

const sourceKey = (s: SpendSource) => (s.kind === "compute" ? `compute:${String(s.providerId)}` : s.kind);

function sourceOf(row: SpendRow): SpendSource {
  if (row.source !== "compute") return { kind: row.source };
  // A computing power record whose order names none of the voucher's providers can't be
  // attributed; provider -1 keeps it in the chart, named "other provider".
  return { kind: "compute", providerId: row.providerId ?? -1 };
}

function compareSources(a: SpendSource, b: SpendSource): number {
  const byKind = ORDER[a.kind] - ORDER[b.kind];
  if (byKind !== 0) return byKind;
  return a.kind === "compute" && b.kind === "compute" ? a.providerId - b.providerId : 0;
}

/** The complete series of `buckets` from the SQL sums; a row naming a bucket that isn't there is a caller bug. */
export function spendSeries(buckets: readonly SpendBucket[], rows: readonly SpendRow[]): SpendSeries {
  const sources = new Map<string, SpendSource>();
  for (const row of rows) {
    if (!Number.isInteger(row.bucket) || row.bucket < 0 || row.bucket >= buckets.length) {
      throw new RangeError(`spend row names bucket ${String(row.bucket)} of ${String(buckets.length)}`);
    }
    if (!Number.isSafeInteger(row.amount) || row.amount < 0) throw new RangeError(`spend amount must be a non-negative integer, got ${String(row.amount)}`);
    const source = sourceOf(row);
    sources.set(sourceKey(source), source);
  }
  const ordered = [...sources.values()].sort(compareSources);
  const column = new Map(ordered.map((s, i) => [sourceKey(s), i]));
  const out = buckets.map((b) => ({ ...b, amounts: ordered.map(() => 0), total: 0 }));
  const totals = ordered.map(() => 0);
  for (const row of rows) {
    const i = column.get(sourceKey(sourceOf(row))) as number;
    const bucket = out[row.bucket] as (typeof out)[number];
    bucket.amounts[i] = (bucket.amounts[i] as number) + row.amount;
    bucket.total += row.amount;
    totals[i] = (totals[i] as number) + row.amount;
  }
  return { sources: ordered, buckets: out, totals, total: totals.reduce((a, b) => a + b, 0) };
}

/** The calendar day `n` days after `day` ("YYYY-MM-DD"; before when negative): calendar arithmetic, no zone. */
function shiftDay(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The last `count` calendar days of the zone up to and including the day of `now`, oldest first. */
export function lastDays(now: Date, count: number, timeZone: string = DEFAULT_TIME_ZONE): SpendBucket[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${String(count)}`);
  const today = formatDate(now, timeZone);
  // By calendar day, not 24 h, so a zone with daylight saving still gets whole days.
  return Array.from({ length: count }, (_, i) => {
    const label = shiftDay(today, i - count + 1);
    return { label, start: startOfDayInZone(label, timeZone), end: startOfDayInZone(shiftDay(label, 1), timeZone) };
  });
}

/** The last `count` calendar months of the zone up to and including the month of `now`, oldest first. */
export function lastMonths(now: Date, count: number, timeZone: string = DEFAULT_TIME_ZONE): SpendBucket[] {
  return monthsEndingWith(monthOf(now, timeZone), count, timeZone).map((m) => ({ label: m.month, start: m.start, end: m.end }));
}
