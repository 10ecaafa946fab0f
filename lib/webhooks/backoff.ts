/**
 * When a failed webhook delivery is tried again (docs/events.md, Delivery):
 * 30 s after the first failure, doubling each time up to 4 hours between
 * tries, and never past one day after the round's first attempt: the last try
 * is at exactly one day, after which the delivery is given up (failed).
 * Pure: the caller passes the times.
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_GAP_MS = 4 * 3_600_000;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/** The wait after the `failedTry`-th failed try of a round (1-based). */
export function retryDelayMs(failedTry: number): number {
  if (!Number.isSafeInteger(failedTry) || failedTry < 1) throw new RangeError("failedTry must be an integer >= 1");
  // 2^19 × 30 s already exceeds the cap; keeps the power small.
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(failedTry - 1, 19), MAX_RETRY_GAP_MS);
}

/**
 * The next try after the `failedTry`-th failed one at `now`, in a round begun
 * at `since`; null once a day has passed since `since` (give up).
 */
export function nextRetryAt(since: Date, failedTry: number, now: Date): Date | null {
  const deadline = since.getTime() + GIVE_UP_AFTER_MS;
  if (now.getTime() >= deadline) return null;
  return new Date(Math.min(now.getTime() + retryDelayMs(failedTry), deadline));
}

/** The whole schedule of a round whose every try fails at once: offsets from its first attempt, in ms. */
export function retrySchedule(): number[] {
  const offsets = [0];
  for (let failed = 1; ; failed++) {
    const last = offsets.at(-1)!;
    const next = nextRetryAt(new Date(0), failed, new Date(last));
    if (!next) return offsets;
    offsets.push(next.getTime());
  }
}
