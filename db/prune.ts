/**
 * Pruning of the two tables that grow with traffic and whose old rows mean
 * nothing: `rate_limit_buckets` (one row per account and per client IP that ever
 * tried a code) and `idempotency_keys` (one row per mutating request). See
 * docs/reliability.md, "Pruning".
 *
 * Safe on any number of app servers at once: every batch is one short statement
 * that picks its rows with `FOR UPDATE SKIP LOCKED` (two pruners take different
 * rows, and never wait for each other or for a request) and deletes a row only
 * if it is still expired when deleted. Only expired rows go:
 * - a bucket whose window has passed: the next attempt restarts it at a count
 *   of 1 whether or not its row is still there (lib/rate-limit.ts `countAttempt`),
 *   so deleting it changes no verdict;
 * - a request key older than its retention: a retry that late is a new request.
 * No authorization here (no caller data is read or returned); `now` is a parameter.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./index";
import { idempotencyKeys, rateLimitBuckets } from "./schema";

/** How long a request key is honoured: a retry within 7 days has no second effect (Stripe keeps keys 24 h). */
export const IDEMPOTENCY_KEY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface PruneLimits {
  /** Rows per DELETE statement. */
  batchSize?: number;
  /** Statements per table and run; the rest waits for the next run. */
  maxBatches?: number;
}

const DEFAULT_BATCH_SIZE = 1_000;
const DEFAULT_MAX_BATCHES = 100;

const timestamp = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? rows.length : 0;
}

function checkInstant(now: Date, what: string, ms: number): void {
  if (Number.isNaN(now.getTime())) throw new RangeError("prune: now is an invalid Date");
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError(`prune: ${what} must be a positive number of milliseconds, got ${ms}`);
}

/** Runs `deleteBatch` until a batch deletes fewer than `batchSize` rows or `maxBatches` ran; returns the rows deleted. */
async function inBatches(deleteBatch: (limit: number) => Promise<number>, limits: PruneLimits): Promise<number> {
  const batchSize = limits.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxBatches = limits.maxBatches ?? DEFAULT_MAX_BATCHES;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || !Number.isSafeInteger(maxBatches) || maxBatches < 1) {
    throw new RangeError("prune: batchSize and maxBatches must be positive integers");
  }
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}

/**
 * Deletes the buckets whose window has passed at `now`: window_start + window
 * <= now, the very test by which the limiter restarts a bucket. `windowMs` must
 * be the longest window any limiter uses on this table.
 */
export async function pruneRateLimitBuckets(db: Db, now: Date, windowMs: number, limits: PruneLimits = {}): Promise<number> {
  checkInstant(now, "windowMs", windowMs);
  const cutoff = timestamp(new Date(now.getTime() - windowMs));
  return inBatches(
    async (limit) =>
      rowCount(
        await db.execute(sql`
          DELETE FROM ${rateLimitBuckets}
          WHERE key IN (
            SELECT key FROM ${rateLimitBuckets}
            WHERE window_start <= ${cutoff}
            ORDER BY window_start
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)
          -- Checked again on the row being deleted: an attempt that restarted the bucket meanwhile keeps it.
          AND window_start <= ${cutoff}
          RETURNING 1`),
      ),
    limits,
  );
}

/** Deletes the request keys created at or before `now` − `ttlMs`. */
export async function pruneIdempotencyKeys(db: Db, now: Date, ttlMs: number = IDEMPOTENCY_KEY_TTL_MS, limits: PruneLimits = {}): Promise<number> {
  checkInstant(now, "ttlMs", ttlMs);
  const cutoff = timestamp(new Date(now.getTime() - ttlMs));
  return inBatches(
    async (limit) =>
      rowCount(
        await db.execute(sql`
          DELETE FROM ${idempotencyKeys}
          WHERE (scope, key) IN (
            SELECT scope, key FROM ${idempotencyKeys}
            WHERE created_at <= ${cutoff}
            ORDER BY created_at
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)
          AND created_at <= ${cutoff}
          RETURNING 1`),
      ),
    limits,
  );
}

export interface PruneSettings {
  /** The longest rate-limit window in use (lib/config.ts `redemptionLimits`). */
  rateLimitWindowMs: number;
  idempotencyKeyTtlMs?: number;
}

export interface PruneResult {
  rateLimitBuckets: number;
  idempotencyKeys: number;
}

/** Prunes both tables as of `now`. */
export async function pruneExpired(db: Db, now: Date, settings: PruneSettings, limits: PruneLimits = {}): Promise<PruneResult> {
  return {
    rateLimitBuckets: await pruneRateLimitBuckets(db, now, settings.rateLimitWindowMs, limits),
    idempotencyKeys: await pruneIdempotencyKeys(db, now, settings.idempotencyKeyTtlMs ?? IDEMPOTENCY_KEY_TTL_MS, limits),
  };
}

export interface PruneSchedule extends PruneSettings {
  intervalMs: number;
  db: () => Promise<Db>;
  /** The clock, read once per run (tests pass their own). */
  clock?: () => Date;
  limits?: PruneLimits;
  onResult?: (result: PruneResult) => void;
  onError?: (err: unknown) => void;
}

/**
 * Runs `pruneExpired` every `intervalMs` (each server's first run at a random
 * point of the first interval, so servers started together don't prune
 * together). Timers are unref'd: they never keep a process alive. A failed run
 * is reported and the next one tries again. Returns a function that stops it.
 */
export function startPruneSchedule(schedule: PruneSchedule): () => void {
  if (!Number.isSafeInteger(schedule.intervalMs) || schedule.intervalMs <= 0) throw new RangeError("prune: intervalMs must be a positive integer");
  const clock = schedule.clock ?? (() => new Date());
  let running = false;
  let interval: ReturnType<typeof setInterval> | undefined;
  const run = async () => {
    // A slow run is never overlapped by the next one on the same server.
    if (running) return;
    running = true;
    try {
      const result = await pruneExpired(await schedule.db(), clock(), schedule, schedule.limits);
      schedule.onResult?.(result);
    } catch (err) {
      schedule.onError?.(err);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(
    () => {
      void run();
      interval = setInterval(() => void run(), schedule.intervalMs);
      interval.unref?.();
    },
    Math.floor(Math.random() * schedule.intervalMs),
  );
  first.unref?.();
  return () => {
    clearTimeout(first);
    if (interval) clearInterval(interval);
  };
}
