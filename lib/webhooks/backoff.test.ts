import { describe, expect, it } from "vitest";
import { GIVE_UP_AFTER_MS, MAX_RETRY_GAP_MS, nextRetryAt, retryDelayMs, retrySchedule } from "./backoff";

const since = new Date("2026-11-23T08:00:00Z");
const at = (ms: number) => new Date(since.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("webhook retry backoff", () => {
  it("doubles from 30 s up to a 4-hour gap", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([30_000, MIN, 2 * MIN, 4 * MIN, 8 * MIN]);
    expect(retryDelayMs(9)).toBe(128 * MIN);
    expect(retryDelayMs(10)).toBe(MAX_RETRY_GAP_MS);
    expect(retryDelayMs(1000)).toBe(MAX_RETRY_GAP_MS);
    expect(() => retryDelayMs(0)).toThrow(RangeError);
  });

  it("schedules the next try from the failure's time", () => {
    expect(nextRetryAt(since, 1, since)).toEqual(at(30_000));
    expect(nextRetryAt(since, 3, at(5 * MIN))).toEqual(at(7 * MIN));
  });

  it("never past a day after the round's first attempt, and gives up at a day", () => {
    expect(nextRetryAt(since, 12, at(23 * HOUR))).toEqual(at(GIVE_UP_AFTER_MS));
    expect(nextRetryAt(since, 13, at(GIVE_UP_AFTER_MS))).toBeNull();
    expect(nextRetryAt(since, 1, at(GIVE_UP_AFTER_MS + 1))).toBeNull();
  });

  it("makes a round of about 14 tries over one day", () => {
    const schedule = retrySchedule();
    expect(schedule.slice(0, 5)).toEqual([0, 30_000, 90_000, 210_000, 450_000]);
    expect(schedule.at(-1)).toBe(GIVE_UP_AFTER_MS);
    expect(schedule.length).toBe(15);
    for (let i = 1; i < schedule.length; i++) expect(schedule[i]! - schedule[i - 1]!).toBeLessThanOrEqual(MAX_RETRY_GAP_MS);
  });
});
