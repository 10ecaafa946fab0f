import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rateLimitBuckets } from "@/db/schema";
import { verdictOf, type BucketState, type RateLimitRule, type RateLimitVerdict } from "@/lib/rate-limit";
import { at } from "./status-sql";

/**
 * Counts one attempt in bucket `key` and returns the verdict. One atomic upsert,
 * so concurrent attempts on several app servers are all counted; it applies
 * `countAttempt` of lib/rate-limit.ts in SQL (a window that has passed restarts
 * at `now` with a count of 1).
 */
export async function countAttemptIn(db: Db, key: string, rule: RateLimitRule, now: Date): Promise<RateLimitVerdict> {
  const n = at(now);
  const expired = sql`${rateLimitBuckets.windowStart} + make_interval(secs => ${rule.windowMs / 1000}) <= ${n}`;
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        windowStart: sql`CASE WHEN ${expired} THEN ${n} ELSE ${rateLimitBuckets.windowStart} END`,
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimitBuckets.count} + 1 END`,
      },
    })
    .returning({ windowStart: rateLimitBuckets.windowStart, count: rateLimitBuckets.count });
  return verdictOf(row as BucketState, now, rule);
}
