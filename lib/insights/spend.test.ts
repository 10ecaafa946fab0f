import { describe, expect, it } from "vitest";
import { lastDays, lastMonths, spendSeries, type SpendBucket } from "./spend";

const buckets: SpendBucket[] = lastDays(new Date("2026-12-01T17:00:00Z"), 3, "Asia/Shanghai");

describe("spendSeries", () => {
  it("fills every bucket and source, zeros included, and sums per bucket and per source", () => {
    const s = spendSeries(buckets, [
      { bucket: 0, source: "cash", providerId: null, amount: 500 },
      { bucket: 2, source: "cash", providerId: null, amount: 250 },
      { bucket: 2, source: "compute", providerId: 7, amount: 100 },
      { bucket: 1, source: "cash_balance", providerId: null, amount: 40 },
    ]);
    expect(s.sources).toEqual([{ kind: "compute", providerId: 7 }, { kind: "cash" }, { kind: "cash_balance" }]);
    expect(s.buckets.map((b) => b.amounts)).toEqual([
      [0, 500, 0],
      [0, 0, 40],
      [100, 250, 0],
    ]);
    expect(s.buckets.map((b) => b.total)).toEqual([500, 40, 350]);
    expect(s.totals).toEqual([100, 750, 40]);
    expect(s.total).toBe(890);
  });

  it("stacks computing power per provider by id, then cash vouchers, discounts, cash balance", () => {
    const s = spendSeries(buckets, [
      { bucket: 0, source: "cash_balance", providerId: null, amount: 1 },
      { bucket: 0, source: "discount", providerId: null, amount: 1 },
      { bucket: 0, source: "compute", providerId: 9, amount: 1 },
      { bucket: 0, source: "cash", providerId: null, amount: 1 },
      { bucket: 0, source: "compute", providerId: 2, amount: 1 },
    ]);
    expect(s.sources).toEqual([{ kind: "compute", providerId: 2 }, { kind: "compute", providerId: 9 }, { kind: "cash" }, { kind: "discount" }, { kind: "cash_balance" }]);
  });

  it("keeps a computing power record of no known provider as provider -1", () => {
    const s = spendSeries(buckets, [{ bucket: 1, source: "compute", providerId: null, amount: 3 }]);
    expect(s.sources).toEqual([{ kind: "compute", providerId: -1 }]);
    expect(s.total).toBe(3);
  });

  it("is empty but complete with no rows", () => {
    const s = spendSeries(buckets, []);
    expect(s.sources).toEqual([]);
    expect(s.buckets.map((b) => b.total)).toEqual([0, 0, 0]);
    expect(s.total).toBe(0);
  });

  it("refuses a row outside the buckets or a bad amount", () => {
    expect(() => spendSeries(buckets, [{ bucket: 3, source: "cash", providerId: null, amount: 1 }])).toThrow(RangeError);
    expect(() => spendSeries(buckets, [{ bucket: -1, source: "cash", providerId: null, amount: 1 }])).toThrow(RangeError);
    expect(() => spendSeries(buckets, [{ bucket: 0, source: "cash", providerId: null, amount: -1 }])).toThrow(RangeError);
    expect(() => spendSeries(buckets, [{ bucket: 0, source: "cash", providerId: null, amount: 0.5 }])).toThrow(RangeError);
  });
});

describe("lastDays and lastMonths", () => {
  it("ends with the day of now in the zone and chains whole days", () => {
    // 17:00Z on Dec 1 is already Dec 2 in Shanghai.
    expect(buckets.map((b) => b.label)).toEqual(["2026-11-30", "2026-12-01", "2026-12-02"]);
    expect(buckets[0]?.start.toISOString()).toBe("2026-11-29T16:00:00.000Z");
    buckets.forEach((b, i) => {
      expect(b.end.getTime() - b.start.getTime()).toBe(86_400_000);
      if (i > 0) expect(b.start).toEqual(buckets[i - 1]?.end);
    });
  });

  it("keeps calendar days across a daylight-saving change (23 and 25 hour days)", () => {
    const spring = lastDays(new Date("2026-03-09T12:00:00Z"), 3, "America/New_York");
    expect(spring.map((b) => b.label)).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
    expect(spring.map((b) => (b.end.getTime() - b.start.getTime()) / 3_600_000)).toEqual([24, 23, 24]);
    const autumn = lastDays(new Date("2026-11-02T12:00:00Z"), 2, "America/New_York");
    expect(autumn.map((b) => (b.end.getTime() - b.start.getTime()) / 3_600_000)).toEqual([25, 24]);
  });

  it("crosses month and year ends", () => {
    expect(lastDays(new Date("2027-01-01T04:00:00Z"), 3, "Asia/Shanghai").map((b) => b.label)).toEqual(["2026-12-30", "2026-12-31", "2027-01-01"]);
    expect(lastMonths(new Date("2027-01-01T04:00:00Z"), 3, "Asia/Shanghai").map((b) => b.label)).toEqual(["2026-11", "2026-12", "2027-01"]);
  });

  it("refuses a count that is not a positive whole number", () => {
    expect(() => lastDays(new Date(), 0)).toThrow(RangeError);
    expect(() => lastDays(new Date(), 1.5)).toThrow(RangeError);
  });
});
