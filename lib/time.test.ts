import { describe, it, expect } from "vitest";
import { addDays, formatDate, formatDateTime } from "./time";

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
