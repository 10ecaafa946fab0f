import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combineVerdicts, countAttempt, verdictOf, type BucketState } from "./rate-limit";

const rule = { max: 10, windowMs: 15 * 60_000 };
const t0 = new Date("2026-11-23T08:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

function attempts(n: number, at: (i: number) => Date): BucketState {
  let state: BucketState | null = null;
  for (let i = 0; i < n; i++) state = countAttempt(state, at(i), rule);
  return state!;
}

describe("redemption attempts are limited per fixed window (SPEC 5)", () => {
  it("allows up to `max` attempts in a window and refuses the next", () => {
    expect(verdictOf(attempts(10, () => t0), t0, rule)).toEqual({ limited: false, remaining: 0 });
    expect(verdictOf(attempts(11, () => t0), t0, rule).limited).toBe(true);
  });

  it("tells how many whole minutes remain, rounded up, at least 1", () => {
    const state = attempts(11, () => t0);
    expect(verdictOf(state, later(60_000), rule)).toMatchObject({ limited: true, retryAfterMinutes: 14 });
    expect(verdictOf(state, later(14 * 60_000 + 1), rule)).toMatchObject({ limited: true, retryAfterMinutes: 1 });
  });

  it("starts a new window once the old one has passed (window end is exclusive)", () => {
    const state = attempts(11, () => t0);
    const justBefore = countAttempt(state, later(rule.windowMs - 1), rule);
    expect(justBefore.count).toBe(12);
    const atEnd = countAttempt(state, later(rule.windowMs), rule);
    expect(atEnd).toEqual({ windowStart: later(rule.windowMs), count: 1 });
  });

  it("never lets more than `max` attempts through in any one window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60_000 }), { maxLength: 80 }), (gaps) => {
        let state: BucketState | null = null;
        let now = t0.getTime();
        const allowedPerWindow = new Map<number, number>();
        for (const gap of gaps) {
          now += gap;
          state = countAttempt(state, new Date(now), rule);
          if (!verdictOf(state, new Date(now), rule).limited) {
            const key = state.windowStart.getTime();
            allowedPerWindow.set(key, (allowedPerWindow.get(key) ?? 0) + 1);
          }
        }
        for (const n of allowedPerWindow.values()) expect(n).toBeLessThanOrEqual(rule.max);
      }),
    );
  });

  it("combining buckets keeps the strictest verdict", () => {
    const open = verdictOf(attempts(3, () => t0), t0, rule);
    const shut = verdictOf(attempts(12, () => t0), later(5 * 60_000), rule);
    expect(combineVerdicts([open, shut])).toBe(shut);
    expect(combineVerdicts([open])).toBe(open);
  });
});
