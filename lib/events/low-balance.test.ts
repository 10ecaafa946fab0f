import { describe, expect, it } from "vitest";
import { lowBalanceDedupeKey, lowBalanceStep } from "./low-balance";

const at = new Date("2026-11-23T08:00:00Z");

describe("lowBalanceStep", () => {
  it("alerts below the threshold once, until re-armed at or above it", () => {
    expect(lowBalanceStep({ threshold: 1_000, alertedAt: null }, 999)).toBe("alert");
    expect(lowBalanceStep({ threshold: 1_000, alertedAt: at }, 999)).toBeNull();
    expect(lowBalanceStep({ threshold: 1_000, alertedAt: at }, 1_000)).toBe("rearm");
    expect(lowBalanceStep({ threshold: 1_000, alertedAt: null }, 1_000)).toBeNull();
    expect(lowBalanceStep({ threshold: 1_000, alertedAt: null }, 5_000)).toBeNull();
  });

  it("a negative cash balance (arrears) is below any threshold", () => {
    expect(lowBalanceStep({ threshold: 1, alertedAt: null }, -500)).toBe("alert");
  });
});

describe("lowBalanceDedupeKey", () => {
  it("numbers each crossing per account and kind", () => {
    expect(lowBalanceDedupeKey("acc_x", "cash_balance", 2)).toBe("balance.low:acc_x:cash_balance:2");
    expect(lowBalanceDedupeKey("acc_x", "cash", 1)).not.toBe(lowBalanceDedupeKey("acc_x", "compute", 1));
  });
});
