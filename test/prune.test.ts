/**
 * Expired rate-limit buckets and request keys are pruned; live ones never are
 * (issue 12, part 6, item 4). On PostgreSQL, pruners on several connections run
 * at once with the writers.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IDEMPOTENCY_KEY_TTL_MS, pruneExpired, pruneIdempotencyKeys, pruneRateLimitBuckets, startPruneSchedule, type PruneResult } from "@/db/prune";
import { idempotencyKeys, rateLimitBuckets } from "@/db/schema";
import { claimIdempotencyKey } from "@/lib/dal/idempotency";
import { countAttemptIn } from "@/lib/dal/rate-limit";
import { countAttempt, verdictOf } from "@/lib/rate-limit";
import { setupTestDatabase, usingPostgres } from "./db";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
const WINDOW = 15 * 60_000;
const rule = { max: 10, windowMs: WINDOW };
const ago = (ms: number) => new Date(now.getTime() - ms);

afterEach(async () => {
  vi.useRealTimers();
  await db().delete(rateLimitBuckets);
  await db().delete(idempotencyKeys);
});

async function bucketKeys() {
  return (await db().select({ key: rateLimitBuckets.key }).from(rateLimitBuckets)).map((r) => r.key).sort();
}
async function requestKeys() {
  return (await db().select({ key: idempotencyKeys.key }).from(idempotencyKeys)).map((r) => r.key).sort();
}
const bucket = (key: string, windowStart: Date, count = 3) => ({ key, windowStart, count });
const requestKey = (key: string, createdAt: Date) => ({ scope: "test", key, requestHash: "h", createdAt });

describe("rate-limit buckets", () => {
  it("a bucket whose window has passed (window_start + window <= now) is deleted; a live one stays", async () => {
    await db()
      .insert(rateLimitBuckets)
      .values([
        bucket("ended-exactly-now", ago(WINDOW)),
        ...Array.from({ length: 30 }, (_, i) => bucket(`long-gone-${String(i).padStart(2, "0")}`, ago(86_400_000 + i))),
        bucket("live-1ms-left", ago(WINDOW - 1)),
        bucket("live-just-started", now, 1),
      ]);
    expect(await pruneRateLimitBuckets(db(), now, WINDOW, { batchSize: 7 })).toBe(31);
    expect(await bucketKeys()).toEqual(["live-1ms-left", "live-just-started"]);
    expect(await pruneRateLimitBuckets(db(), now, WINDOW)).toBe(0);
  });

  it("pruning changes no verdict: a pruned bucket restarts exactly as the expired one would have, a live one keeps counting", async () => {
    const expired = bucket("pruned", ago(WINDOW + 5), 9);
    const live = bucket("kept", ago(WINDOW - 60_000), 9);
    await db().insert(rateLimitBuckets).values([expired, live]);
    await pruneRateLimitBuckets(db(), now, WINDOW);
    const attempt = new Date(now.getTime() + 1);
    expect(await countAttemptIn(db(), "pruned", rule, attempt)).toEqual(verdictOf(countAttempt(expired, attempt, rule), attempt, rule));
    expect(await countAttemptIn(db(), "kept", rule, attempt)).toEqual(verdictOf(countAttempt(live, attempt, rule), attempt, rule));
    const [kept] = await db().select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, "kept"));
    expect(kept!.count).toBe(10);
  });

  it("a run is bounded: at most maxBatches × batchSize rows, the rest in the next run", async () => {
    await db()
      .insert(rateLimitBuckets)
      .values(Array.from({ length: 10 }, (_, i) => bucket(`old-${i}`, ago(2 * WINDOW + i))));
    expect(await pruneRateLimitBuckets(db(), now, WINDOW, { batchSize: 3, maxBatches: 2 })).toBe(6);
    expect(await bucketKeys()).toHaveLength(4);
    expect(await pruneRateLimitBuckets(db(), now, WINDOW, { batchSize: 3, maxBatches: 2 })).toBe(4);
  });
});

describe("request keys", () => {
  it("a key older than its retention is deleted; a younger one stays and still stops a repeat", async () => {
    await db()
      .insert(idempotencyKeys)
      .values([requestKey("expired-exactly", ago(IDEMPOTENCY_KEY_TTL_MS)), requestKey("expired-long-ago", ago(30 * 86_400_000)), requestKey("live-1ms-left", ago(IDEMPOTENCY_KEY_TTL_MS - 1)), requestKey("live-new", now)]);
    expect(await pruneIdempotencyKeys(db(), now)).toBe(2);
    expect(await requestKeys()).toEqual(["live-1ms-left", "live-new"]);
    // A live key still makes its request a repeat; a pruned one is a new request.
    expect(await db().transaction((tx) => claimIdempotencyKey(tx as never, "test", "live-1ms-left", "h", now))).toBe(false);
    expect(await db().transaction((tx) => claimIdempotencyKey(tx as never, "test", "expired-exactly", "h", now))).toBe(true);
  });

  it("refuses a bad `now` or retention and deletes nothing", async () => {
    await db().insert(idempotencyKeys).values([requestKey("old", ago(IDEMPOTENCY_KEY_TTL_MS * 2))]);
    await db().insert(rateLimitBuckets).values([bucket("old", ago(WINDOW * 2))]);
    await expect(pruneIdempotencyKeys(db(), new Date(Number.NaN))).rejects.toThrow(RangeError);
    await expect(pruneIdempotencyKeys(db(), now, 0)).rejects.toThrow(RangeError);
    await expect(pruneRateLimitBuckets(db(), now, -1)).rejects.toThrow(RangeError);
    await expect(pruneRateLimitBuckets(db(), now, WINDOW, { batchSize: 0 })).rejects.toThrow(RangeError);
    expect(await requestKeys()).toEqual(["old"]);
    expect(await bucketKeys()).toEqual(["old"]);
  });
});

describe("several pruners and writers at once", () => {
  it(`expired rows go exactly once, live rows and rows restarted meanwhile stay (${usingPostgres() ? "PostgreSQL, concurrent" : "PGlite, serialized"})`, async () => {
    const expiredBuckets = Array.from({ length: 120 }, (_, i) => bucket(`gone-${i}`, ago(WINDOW + 1_000 + i)));
    const liveBuckets = Array.from({ length: 40 }, (_, i) => bucket(`live-${i}`, ago(i * 1_000)));
    // These are expired, but an attempt restarts them while the pruners run: whichever wins, the attempt is counted.
    const restarted = Array.from({ length: 20 }, (_, i) => bucket(`again-${i}`, ago(WINDOW + 1_000 + i)));
    await db()
      .insert(rateLimitBuckets)
      .values([...expiredBuckets, ...liveBuckets, ...restarted]);
    const liveKeys = Array.from({ length: 40 }, () => randomUUID());
    await db()
      .insert(idempotencyKeys)
      .values([
        ...Array.from({ length: 120 }, (_, i) => requestKey(`old-${i}`, ago(IDEMPOTENCY_KEY_TTL_MS + i))),
        ...liveKeys.map((k, i) => requestKey(k, ago(i * 1_000))),
      ]);

    const pruners = Array.from({ length: 4 }, () => pruneExpired(db(), now, { rateLimitWindowMs: WINDOW }, { batchSize: 10 }));
    const writers = [...liveBuckets, ...restarted].map((b) => countAttemptIn(db(), b.key, rule, now));
    const [results] = await Promise.all([Promise.all(pruners), Promise.all(writers)]);

    const sum = (k: keyof PruneResult) => (results as PruneResult[]).reduce((n, r) => n + r[k], 0);
    expect(sum("idempotencyKeys")).toBe(120);
    expect(await requestKeys()).toEqual([...liveKeys].sort());
    // Every restarted bucket exists with a count of 1 (restarted in place, or inserted anew after its old row went).
    const rows = await db().select().from(rateLimitBuckets);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const b of restarted) expect(byKey.get(b.key), b.key).toMatchObject({ count: 1, windowStart: now });
    for (const b of liveBuckets) expect(byKey.get(b.key), b.key).toMatchObject({ count: b.count + 1 });
    for (const b of expiredBuckets) expect(byKey.has(b.key), b.key).toBe(false);
    expect(sum("rateLimitBuckets")).toBeGreaterThanOrEqual(120);
    expect(sum("rateLimitBuckets")).toBeLessThanOrEqual(140);
  });
});

describe("the in-process schedule", () => {
  it("prunes as of its clock once per interval, and stops when told", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "clearTimeout", "clearInterval"] });
    await db().insert(rateLimitBuckets).values([bucket("old", ago(WINDOW)), bucket("live", now)]);
    await db().insert(idempotencyKeys).values([requestKey("old", ago(IDEMPOTENCY_KEY_TTL_MS))]);
    const results: PruneResult[] = [];
    const stop = startPruneSchedule({ intervalMs: 60_000, rateLimitWindowMs: WINDOW, db: async () => db(), clock: () => now, onResult: (r) => results.push(r) });
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(results).toHaveLength(1));
    expect(results[0]).toEqual({ rateLimitBuckets: 1, idempotencyKeys: 1 });
    expect(await bucketKeys()).toEqual(["live"]);
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(results).toHaveLength(2));
    stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(results).toHaveLength(2);
    expect(await bucketKeys()).toEqual(["live"]);
  });
});
