/**
 * Fixed-window attempt counting (SPEC 5), as pure functions of `now`. The
 * database applies the same rule in one atomic upsert (lib/dal/rate-limit.ts);
 * an integration test checks that the two agree.
 */
export interface RateLimitRule {
  /** Attempts allowed per window; the next one is refused. */
  max: number;
  windowMs: number;
}

export interface BucketState {
  windowStart: Date;
  /** Attempts counted in this window, the current one included. */
  count: number;
}

export type RateLimitVerdict = { limited: false; remaining: number } | { limited: true; retryAfterMs: number; retryAfterMinutes: number };

/** Counts one more attempt: a window that has passed starts over at `now`. */
export function countAttempt(state: BucketState | null, now: Date, rule: RateLimitRule): BucketState {
  if (!state || state.windowStart.getTime() + rule.windowMs <= now.getTime()) return { windowStart: now, count: 1 };
  return { windowStart: state.windowStart, count: state.count + 1 };
}

/** Whether the attempt that brought the bucket to `state` is over the limit, and for how long. */
export function verdictOf(state: BucketState, now: Date, rule: RateLimitRule): RateLimitVerdict {
  if (state.count <= rule.max) return { limited: false, remaining: rule.max - state.count };
  const retryAfterMs = Math.max(0, state.windowStart.getTime() + rule.windowMs - now.getTime());
  return { limited: true, retryAfterMs, retryAfterMinutes: Math.max(1, Math.ceil(retryAfterMs / 60_000)) };
}

/** The stricter of several verdicts: limited if any is, for the longest wait. */
export function combineVerdicts(verdicts: readonly RateLimitVerdict[]): RateLimitVerdict {
  let worst: RateLimitVerdict = { limited: false, remaining: Number.POSITIVE_INFINITY };
  for (const v of verdicts) {
    if (v.limited) {
      if (!worst.limited || v.retryAfterMs > worst.retryAfterMs) worst = v;
    } else if (!worst.limited && v.remaining < worst.remaining) {
      worst = v;
    }
  }
  return worst;
}
