import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { rowsOf } from "../tx";
import { at } from "../status-sql";

const HOUR_MS = 3_600_000;

/** One sum of an account's successful usage records: of one bucket, source, attributed provider and type. */
export interface UsageSum {
  /** Index of the bucket [bounds[i], bounds[i + 1]). */
  bucket: number;
  source: "compute" | "cash" | "discount" | "cash_balance";
  /** Computing power: the provider the record paid (db function usage_provider); null for other sources and records no provider of their voucher paid. */
  providerId: number | null;
  type: "deduction" | "refund";
  amount: number;
}

export interface UsageSumFilter {
  sources?: ReadonlyArray<UsageSum["source"]>;
  types?: ReadonlyArray<UsageSum["type"]>;
}

const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);

function filterSql(filter: UsageSumFilter): SQL {
  const parts: SQL[] = [];
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
  if (filter.sources) parts.push(filter.sources.length > 0 ? sql` AND source IN (${list(filter.sources)})` : sql` AND false`);
  if (filter.types) parts.push(filter.types.length > 0 ? sql` AND type IN (${list(filter.types)})` : sql` AND false`);
  return sql.join(parts, sql``);
}

/**
 * The account's successful usage records summed per bucket of `bounds` (ascending
 * instants; bucket i is [bounds[i], bounds[i + 1])), source, attributed provider and
 * type, without reading the account's history (issue 18: the large account has a
 * million records, and the overview summed them on every request).
 *
 * Whole UTC hours come from usage_hourly, which the usage_records triggers keep
 * equal to the records' sums (db/migrations/0016_usage_hourly.sql); only the hours a
 * bound falls inside (a bound that is not on the hour: "now", a time zone with a
 * half-hour offset) are summed from the records themselves. So the answer is the
 * records' sums exactly, for any bounds: test/usage-hourly.test.ts compares both.
 */
export async function usageSums(db: Db, accountId: number, bounds: readonly Date[], filter: UsageSumFilter = {}): Promise<UsageSum[]> {
  if (bounds.length < 2) return [];
  const first = bounds[0] as Date;
  const last = bounds.at(-1) as Date;
  const boundsSql = sql`ARRAY[${sql.join(
    bounds.map((b) => at(b)),
    sql`, `,
  )}]`;
  // The hours cut by a bound: summed from the records, left out of the rollup's part.
  const edges = [...new Set(bounds.filter((b) => b.getTime() % HOUR_MS !== 0).map((b) => floorHour(b).getTime()))].map((t) => new Date(t));
  const where = filterSql(filter);
  const rollup = sql`SELECT width_bucket(hour, ${boundsSql}) - 1 AS bucket, source, provider_id, type, sum(amount)::text AS amount, sum(records)::int AS records
    FROM usage_hourly
    WHERE account_id = ${accountId} AND hour >= ${at(floorHour(first))} AND hour < ${at(last)}${where}
      ${edges.length > 0 ? sql`AND hour NOT IN (${sql.join(edges.map(at), sql`, `)})` : sql``}
    GROUP BY 1, 2, 3, 4`;
  const raw =
    edges.length === 0
      ? sql``
      : sql` UNION ALL
    SELECT width_bucket(created_at, ${boundsSql}) - 1, source, usage_provider(source, order_id, voucher_id), type, sum(amount)::text, count(*)::int
    FROM usage_records
    WHERE account_id = ${accountId} AND status = 'success' AND created_at >= ${at(first)} AND created_at < ${at(last)}${where}
      AND (${sql.join(
        edges.map((e) => sql`(created_at >= ${at(e)} AND created_at < ${at(new Date(e.getTime() + HOUR_MS))})`),
        sql` OR `,
      )})
    GROUP BY 1, 2, 3, 4`;
  const rows = rowsOf<{ bucket: number | string; source: UsageSum["source"]; provider_id: number | string; type: UsageSum["type"]; amount: string; records: number | string }>(
    await db.execute(sql`${rollup}${raw}`),
  );
  // Rollup and edge rows of one key add up (a bucket holds whole hours and cut ones).
  const sums = new Map<string, UsageSum & { records: number }>();
  for (const r of rows) {
    const providerId = Number(r.provider_id) === 0 ? null : Number(r.provider_id);
    const key = `${String(r.bucket)}|${r.source}|${String(providerId)}|${r.type}`;
    const found = sums.get(key);
    if (found) {
      found.amount += Number(r.amount);
      found.records += Number(r.records);
    } else {
      sums.set(key, { bucket: Number(r.bucket), source: r.source, providerId, type: r.type, amount: Number(r.amount), records: Number(r.records) });
    }
  }
  // A key whose records were all deleted again keeps a row of zeros in the rollup: not a sum of any record.
  return [...sums.values()].filter((s) => s.records > 0).map(({ records: _records, ...sum }) => sum);
}
