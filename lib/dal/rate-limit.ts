import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rateLimitBuckets } from "@/db/schema";
import { verdictOf, type BucketState, type RateLimitRule, type RateLimitVerdict } from "@/lib/rate-limit";
import { at } from "./status-sql";

/** One bucket to count an attempt in, with its own rule. */
export interface Bucket {
  key: string;
  rule: RateLimitRule;
}

/**
 * Counts one attempt in each bucket and returns their verdicts, in the order
 * given. One atomic upsert for all of them (a single statement, so one round
 * trip however many buckets), so concurrent attempts on several app servers
 * are all counted; it applies `countAttempt` of lib/rate-limit.ts in SQL, each
 * bucket with its own window (a window that has passed restarts at `now` with
 * a count of 1). Rows are written in key order, so two attempts sharing two
 * buckets always lock them in the same order and never deadlock.
 */
export async function countAttemptsIn(db: Db, buckets: readonly Bucket[], now: Date): Promise<RateLimitVerdict[]> {
  if (buckets.length === 0) return [];
  const keys = new Set(buckets.map((b) => b.key));
  // ON CONFLICT cannot update the same row twice in one statement.
  if (keys.size !== buckets.length) throw new Error("countAttemptsIn: each bucket key at most once");
  const ordered = [...buckets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const n = at(now);
  // The window of the row being updated, by its key (each bucket may have its own rule).
  const windowSecs = sql`CASE ${rateLimitBuckets.key} ${sql.join(
    ordered.map((b) => sql`WHEN ${b.key} THEN ${b.rule.windowMs / 1000}::float8`),
    sql` `,
  )} END`;
  const expired = sql`${rateLimitBuckets.windowStart} + make_interval(secs => ${windowSecs}) <= ${n}`;
  const rows = await db
    .insert(rateLimitBuckets)
    .values(ordered.map((b) => ({ key: b.key, windowStart: now, count: 1 })))
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        windowStart: sql`CASE WHEN ${expired} THEN ${n} ELSE ${rateLimitBuckets.windowStart} END`,
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimitBuckets.count} + 1 END`,
      },
    })
    .returning({ key: rateLimitBuckets.key, windowStart: rateLimitBuckets.windowStart, count: rateLimitBuckets.count });
  const byKey = new Map(rows.map((r) => [r.key, r as BucketState]));
  return buckets.map((b) => {
    const row = byKey.get(b.key);
    if (!row) throw new Error(`countAttemptsIn: no row returned for ${b.key}`);
    return verdictOf(row, now, b.rule);
  });
}

/** Counts one attempt in bucket `key` and returns the verdict (countAttemptsIn with one bucket). */
export async function countAttemptIn(db: Db, key: string, rule: RateLimitRule, now: Date): Promise<RateLimitVerdict> {
  const [verdict] = await countAttemptsIn(db, [{ key, rule }], now);
  return verdict!;
}
