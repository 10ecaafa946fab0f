import { describe, expect, it } from "vitest";
import { addMonths, isMonthKey, monthOf, monthRange, monthsEndingWith } from "./month";

describe("platform-zone months", () => {
  it("a month is [its first instant, the next month's first instant) in the zone", () => {
    const r = monthRange("2027-02", "Asia/Shanghai");
    expect(r.start.toISOString()).toBe("2027-01-31T16:00:00.000Z");
    expect(r.end.toISOString()).toBe("2027-02-28T16:00:00.000Z");
    expect(monthRange("2026-03", "America/New_York").end.toISOString()).toBe("2026-04-01T04:00:00.000Z");
  });

  it("an instant belongs to the month of its wall clock in the zone", () => {
    expect(monthOf(new Date("2026-11-30T15:59:59.999Z"), "Asia/Shanghai")).toBe("2026-11");
    expect(monthOf(new Date("2026-11-30T16:00:00.000Z"), "Asia/Shanghai")).toBe("2026-12");
  });

  it("adds months across years both ways", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2027-01", -13)).toBe("2025-12");
    expect(monthsEndingWith("2027-01", 3).map((m) => m.month)).toEqual(["2026-11", "2026-12", "2027-01"]);
  });

  it("checks the month's form", () => {
    expect(isMonthKey("2026-12")).toBe(true);
    for (const bad of ["2026-13", "2026-1", "202612", "2026-00"]) expect(isMonthKey(bad)).toBe(false);
    expect(() => monthRange("2026-13")).toThrow(RangeError);
  });
});
