/**
 * Password guessing against one account (docs/security.md, "Sign-in guessing"),
 * as pure functions of `now`. Counted per normalized email, whoever sends the
 * attempt and from whichever address, and the same way for an email that has no
 * account, so the answers never tell the two apart.
 *
 * A streak of failures: the first `freeFailures` cost nothing; from then on each
 * counted failure locks the email for `lockMs`, doubled per further failure up
 * to `maxLockMs`. An attempt while locked is refused before the password is
 * checked and is not counted (so hammering does not lengthen the owner's wait).
 * A streak with no failure for `forgetAfterMs` is forgotten; a successful sign-in
 * clears it at once (only the owner of the password can cause that).
 *
 * An attempt is counted when it is admitted, before the password check, and
 * cleared again if it succeeds: concurrent guesses can never get more attempts
 * through than the streak allows.
 */
export interface SignInLimitPolicy {
  /** Failures in a row allowed before the first lock. */
  freeFailures: number;
  /** The first lock; it doubles with each further failure. */
  lockMs: number;
  maxLockMs: number;
  /** A streak with no failure for this long is forgotten (at least `maxLockMs`). */
  forgetAfterMs: number;
}

/** A failure streak as stored (rate_limit_buckets: `count` = failures, `window_start` = the last one). */
export interface FailureStreak {
  failures: number;
  lastFailureAt: Date;
}

export type SignInAdmission =
  | { allowed: true; streak: FailureStreak }
  | { allowed: false; retryAfterMs: number; retryAfterMinutes: number };

/** The email as the sign-in lookup matches it, so every spelling of one account shares one streak. */
export function normalizeSignInEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** How long `failures` failures in a row lock the email: 0 below the free ones. */
export function lockMsAfter(failures: number, policy: SignInLimitPolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 40);
  return Math.min(policy.lockMs * 2 ** doublings, policy.maxLockMs);
}

/** The streak that still counts at `now`, or null when there is none or it was forgotten. */
export function liveStreak(streak: FailureStreak | null, now: Date, policy: SignInLimitPolicy): FailureStreak | null {
  if (!streak || streak.failures <= 0) return null;
  return now.getTime() - streak.lastFailureAt.getTime() >= policy.forgetAfterMs ? null : streak;
}

/** Until when the email is locked at `now`, or null when it is not. */
export function lockedUntil(streak: FailureStreak | null, now: Date, policy: SignInLimitPolicy): Date | null {
  const live = liveStreak(streak, now, policy);
  const lockMs = live ? lockMsAfter(live.failures, policy) : 0;
  // No lock below the free failures, even when the last one was stamped a moment after `now`
  // (concurrent attempts, or app servers whose clocks differ slightly).
  if (!live || lockMs === 0) return null;
  const until = live.lastFailureAt.getTime() + lockMs;
  return until > now.getTime() ? new Date(until) : null;
}

/**
 * Decides one sign-in attempt at `now`: refused while the email is locked,
 * otherwise admitted with the streak that counts it as a failure (cleared on success).
 */
export function admitSignIn(streak: FailureStreak | null, now: Date, policy: SignInLimitPolicy): SignInAdmission {
  const until = lockedUntil(streak, now, policy);
  if (until) {
    const retryAfterMs = until.getTime() - now.getTime();
    return { allowed: false, retryAfterMs, retryAfterMinutes: Math.max(1, Math.ceil(retryAfterMs / 60_000)) };
  }
  const live = liveStreak(streak, now, policy);
  // The lock runs from the latest counted failure: an attempt decided with an earlier `now` never moves it back.
  const lastFailureAt = live && live.lastFailureAt > now ? live.lastFailureAt : now;
  return { allowed: true, streak: { failures: (live?.failures ?? 0) + 1, lastFailureAt } };
}

/** What a refused sign-in tells the person, from the wait in milliseconds (whole minutes, at least 1). */
export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = retryAfterMinutes(retryAfterMs);
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The wait a locked-out sign-in is told, in whole minutes (at least 1). */
export function retryAfterMinutes(retryAfterMs: number): number {
  return Number.isFinite(retryAfterMs) ? Math.max(1, Math.ceil(retryAfterMs / 60_000)) : 1;
}
