import "server-only";
import type { Db } from "@/db";
import { spendSeries, type SpendBucket, type SpendSeries } from "@/lib/insights/spend";
import { usageSums } from "./ledger";

/**
 * The account's successful deductions summed per bucket and source, laid out by
 * spendSeries. The sums come from the hourly rollup (usageSums), so no time zone
 * arithmetic happens in SQL and the account's history is not read.
 */
export async function spendByBucket(db: Db, accountId: number, buckets: readonly SpendBucket[]): Promise<SpendSeries> {
  if (buckets.length === 0) return spendSeries(buckets, []);
  const bounds = [...buckets.map((b) => b.start), (buckets.at(-1) as SpendBucket).end];
  const sums = await usageSums(db, accountId, bounds, { types: ["deduction"] });
  return spendSeries(
    buckets,
    sums.map((s) => ({ bucket: s.bucket, source: s.source, providerId: s.providerId, amount: s.amount })),
  );
}
