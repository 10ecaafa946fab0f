import { describe, expect, it } from "vitest";
import { moneyAxis } from "./axis";

describe("moneyAxis", () => {
  it("has whole minor-unit ticks from 0 whatever the top, nothing spent included", () => {
    for (const top of [0, 1, 3, 99, 100, 101, 12_345, 98_765_432, Number.NaN]) {
      const { scale, ticks } = moneyAxis(top, [200, 0]);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks[0]).toBe(0);
      for (const t of ticks) expect(Number.isSafeInteger(t)).toBe(true);
      // The top of the data is inside the axis.
      if (Number.isFinite(top)) expect(scale.domain()[1]).toBeGreaterThanOrEqual(top);
    }
  });

  it("draws 0 at the bottom of the range and the axis top at its top", () => {
    const { scale } = moneyAxis(10_000, [200, 10]);
    expect(scale(0)).toBe(200);
    expect(scale(scale.domain()[1]!)).toBe(10);
  });
});
