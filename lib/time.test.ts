import { describe, it, expect } from "vitest";
import { addDays, formatDate, formatDateTime, isCalendarDate, nextCalendarDay, startOfDayInZone } from "./time";

describe("time display in the platform time zone", () => {
  const instant = new Date("2026-11-23T07:46:30Z");

  it("shows date and time as 2026-11-23 15:46 in Asia/Shanghai by default", () => {
    expect(formatDateTime(instant)).toBe("2026-11-23 15:46");
  });

  it("shows the date as 2026-11-23", () => {
    expect(formatDate(instant)).toBe("2026-11-23");
  });

  it("uses a 24-hour clock, midnight as 00", () => {
    expect(formatDateTime(new Date("2026-11-22T16:00:00Z"))).toBe("2026-11-23 00:00");
    expect(formatDateTime(new Date("2026-11-23T15:59:00Z"))).toBe("2026-11-23 23:59");
  });

  it("takes the calendar date of the configured zone, not UTC", () => {
    const lateUtc = new Date("2026-11-23T20:00:00Z");
    expect(formatDate(lateUtc)).toBe("2026-11-24");
    expect(formatDate(lateUtc, "UTC")).toBe("2026-11-23");
    expect(formatDateTime(lateUtc, "America/New_York")).toBe("2026-11-23 15:00");
  });

  it("refuses an invalid date", () => {
    expect(() => formatDateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("addDays", () => {
  it("adds whole days of 24 hours without changing the input", () => {
    const d = new Date("2026-01-30T10:00:00Z");
    expect(addDays(d, 30).toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(addDays(d, -1).toISOString()).toBe("2026-01-29T10:00:00.000Z");
    expect(addDays(d, 0).getTime()).toBe(d.getTime());
    expect(d.toISOString()).toBe("2026-01-30T10:00:00.000Z");
  });

  it("refuses fractional days", () => {
    expect(() => addDays(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe("calendar days of the platform zone", () => {
  it("accepts real days only", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    for (const bad of ["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-01", "20260101", "", "2026-01-01T00:00"]) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
  });

  it("steps to the next day across month and year ends", () => {
    expect(nextCalendarDay("2026-02-28")).toBe("2026-03-01");
    expect(nextCalendarDay("2026-12-31")).toBe("2027-01-01");
    expect(() => nextCalendarDay("2026-02-30")).toThrow(RangeError);
  });

  it("starts a day at local midnight of the zone", () => {
    expect(startOfDayInZone("2026-07-01").toISOString()).toBe("2026-06-30T16:00:00.000Z");
    expect(startOfDayInZone("2026-07-01", "UTC").toISOString()).toBe("2026-07-01T00:00:00.000Z");
    // New York: EDT (UTC-4) in July, EST (UTC-5) in January, and the DST change days.
    expect(startOfDayInZone("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(startOfDayInZone("2026-01-15", "America/New_York").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(startOfDayInZone("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayInZone("2026-11-01", "America/New_York").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(formatDateTime(startOfDayInZone("2026-11-23"))).toBe("2026-11-23 00:00");
  });
});
