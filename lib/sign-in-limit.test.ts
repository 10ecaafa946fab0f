import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  admitSignIn,
  lockMsAfter,
  lockedUntil,
  normalizeSignInEmail,
  tooManyAttemptsMessage,
  type FailureStreak,
  type SignInLimitPolicy,
} from "./sign-in-limit";

const MINUTE = 60_000;
const policy: SignInLimitPolicy = { freeFailures: 5, lockMs: MINUTE, maxLockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };
const t0 = new Date("2026-12-01T08:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

/** Runs failed attempts at the given times; returns the streak and what each attempt got. */
function fail(times: number[], start: FailureStreak | null = null) {
  let streak = start;
  const outcomes: Array<"counted" | number> = [];
  for (const ms of times) {
    const admission = admitSignIn(streak, at(ms), policy);
    if (admission.allowed) {
      streak = admission.streak;
      outcomes.push("counted");
    } else {
      outcomes.push(admission.retryAfterMinutes);
    }
  }
  return { streak, outcomes };
}

describe("failed sign-ins per email: a few free, then a short lock that grows", () => {
  it("admits the free failures, then locks for a minute from the fifth", () => {
    const { streak, outcomes } = fail([0, 1, 2, 3, 4, 5, 6]);
    expect(outcomes).toEqual(["counted", "counted", "counted", "counted", "counted", 1, 1]);
    expect(streak).toEqual({ failures: 5, lastFailureAt: at(4) });
    expect(lockedUntil(streak, at(5), policy)).toEqual(at(4 + MINUTE));
  });

  it("30 guesses in a burst: 5 reach the password check, 25 are refused", () => {
    const { streak, outcomes } = fail(Array.from({ length: 30 }, (_, i) => i * 100));
    expect(outcomes.filter((o) => o === "counted")).toHaveLength(5);
    expect(streak?.failures).toBe(5);
  });

  it("the lock ends exactly when it says (end exclusive) and the next failure doubles it", () => {
    const { streak } = fail([0, 0, 0, 0, 0]);
    expect(admitSignIn(streak, at(MINUTE - 1), policy)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    const next = admitSignIn(streak, at(MINUTE), policy);
    expect(next).toEqual({ allowed: true, streak: { failures: 6, lastFailureAt: at(MINUTE) } });
    expect(next.allowed && lockedUntil(next.streak, at(MINUTE), policy)).toEqual(at(3 * MINUTE));
  });

  it("doubles per failure up to the cap: 1, 2, 4, 8, 15, 15 minutes", () => {
    expect([5, 6, 7, 8, 9, 10, 1_000].map((f) => lockMsAfter(f, policy) / MINUTE)).toEqual([1, 2, 4, 8, 15, 15, 15]);
    expect([0, 1, 4].map((f) => lockMsAfter(f, policy))).toEqual([0, 0, 0]);
  });

  it("a refused attempt is not counted: hammering does not lengthen the wait", () => {
    const { streak } = fail([0, 0, 0, 0, 0]);
    const { streak: after, outcomes } = fail(Array.from({ length: 100 }, (_, i) => 1_000 + i * 100), streak);
    expect(outcomes.every((o) => o !== "counted")).toBe(true);
    expect(after).toEqual(streak);
    expect(admitSignIn(after, at(MINUTE), policy).allowed).toBe(true);
  });

  it("says how long to wait in whole minutes, rounded up", () => {
    const { streak } = fail([0, 0, 0, 0, 0, MINUTE, 3 * MINUTE, 7 * MINUTE]);
    // Eighth failure at 7 min: locked for 8 minutes, until 15 min.
    expect(admitSignIn(streak, at(7 * MINUTE + 1), policy)).toMatchObject({ allowed: false, retryAfterMinutes: 8 });
    expect(admitSignIn(streak, at(14 * MINUTE + 1), policy)).toMatchObject({ allowed: false, retryAfterMinutes: 1 });
    expect(tooManyAttemptsMessage(8 * MINUTE - 1)).toBe("Too many attempts, try again in 8 minutes.");
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts, try again in 1 minute.");
    expect(tooManyAttemptsMessage(Number.NaN)).toBe("Too many attempts, try again in 1 minute.");
  });

  it("forgets a streak after an hour without a failure", () => {
    const { streak } = fail([0, 0, 0, 0, 0, MINUTE, 3 * MINUTE, 7 * MINUTE, 15 * MINUTE]);
    expect(admitSignIn(streak, at(15 * MINUTE + 60 * MINUTE - 1), policy)).toEqual({
      allowed: true,
      streak: { failures: 10, lastFailureAt: at(75 * MINUTE - 1) },
    });
    expect(admitSignIn(streak, at(15 * MINUTE + 60 * MINUTE), policy)).toEqual({ allowed: true, streak: { failures: 1, lastFailureAt: at(75 * MINUTE) } });
  });

  it("attempts decided out of order (concurrent requests, clocks a little apart) never lock below the free failures", () => {
    // The second of two concurrent sign-ins took its `now` first but got the row second.
    const first = { failures: 1, lastFailureAt: at(5) };
    expect(admitSignIn(first, at(0), policy)).toEqual({ allowed: true, streak: { failures: 2, lastFailureAt: at(5) } });
    expect(lockedUntil({ failures: 4, lastFailureAt: at(1_000) }, at(0), policy)).toBeNull();
    // From the fifth failure on, the lock runs from the latest one, whichever `now` comes later.
    expect(lockedUntil({ failures: 5, lastFailureAt: at(1_000) }, at(0), policy)).toEqual(at(1_000 + MINUTE));
  });

  it("one streak per account whatever the spelling of the email", () => {
    expect(normalizeSignInEmail("  Alice@Example.COM ")).toBe("alice@example.com");
    expect(normalizeSignInEmail("nobody@example.com")).toBe("nobody@example.com");
  });

  it("never admits more failures than the policy allows, whatever the timing", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 * MINUTE }), { maxLength: 120 }), (gaps) => {
        let streak: FailureStreak | null = null;
        let now = t0.getTime();
        let lastCounted = -Infinity;
        for (const gap of gaps) {
          now += gap;
          const admission = admitSignIn(streak, new Date(now), policy);
          if (!admission.allowed) {
            // Refused only while a lock from the last counted failure runs.
            expect(streak!.failures).toBeGreaterThanOrEqual(policy.freeFailures);
            expect(now - lastCounted).toBeLessThan(lockMsAfter(streak!.failures, policy));
            continue;
          }
          if (streak && streak.failures >= policy.freeFailures && now - lastCounted < policy.forgetAfterMs) {
            // A counted failure beyond the free ones waited out the whole lock.
            expect(now - lastCounted).toBeGreaterThanOrEqual(lockMsAfter(streak.failures, policy));
          }
          streak = admission.streak;
          lastCounted = now;
        }
      }),
    );
  });
});
