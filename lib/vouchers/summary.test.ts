import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { VOUCHER_STATUSES, type VoucherStatus } from "./kinds";
import { countByStatus, summarizeAmounts, type SummaryInput } from "./summary";

describe("amounts summary of stored-value vouchers (SPEC 4)", () => {
  it("used is what was consumed net of refunds, including use before expiry or voiding", () => {
    const s = summarizeAmounts([
      { faceValue: 10000, balance: 7000, status: "available" },
      { faceValue: 5000, balance: 0, status: "used" },
      { faceValue: 8000, balance: 3000, status: "expired" },
      { faceValue: 6000, balance: 1000, status: "voided" },
    ]);
    expect(s.used).toBe(3000 + 5000 + 5000 + 5000);
  });

  it("expired is what was left when expired vouchers expired", () => {
    const s = summarizeAmounts([{ faceValue: 8000, balance: 3000, status: "expired" }]);
    expect(s).toEqual({ totalFaceValue: 8000, used: 5000, expired: 3000, voided: 0, notEffective: 0, balance: 0 });
  });

  it("voided is what was left when voided", () => {
    const s = summarizeAmounts([{ faceValue: 6000, balance: 1000, status: "voided" }]);
    expect(s).toEqual({ totalFaceValue: 6000, used: 5000, expired: 0, voided: 1000, notEffective: 0, balance: 0 });
  });

  it("not effective is the face value of redeemed vouchers not yet effective", () => {
    const s = summarizeAmounts([{ faceValue: 2500, balance: 2500, status: "not_effective" }]);
    expect(s).toEqual({ totalFaceValue: 2500, used: 0, expired: 0, voided: 0, notEffective: 2500, balance: 0 });
  });

  it("balance is the sum of balances of available vouchers", () => {
    const s = summarizeAmounts([
      { faceValue: 10000, balance: 7000, status: "available" },
      { faceValue: 2000, balance: 2000, status: "available" },
      { faceValue: 5000, balance: 0, status: "used" },
    ]);
    expect(s).toEqual({ totalFaceValue: 17000, used: 8000, expired: 0, voided: 0, notEffective: 0, balance: 9000 });
  });

  it("an empty set sums to zeros", () => {
    expect(summarizeAmounts([])).toEqual({ totalFaceValue: 0, used: 0, expired: 0, voided: 0, notEffective: 0, balance: 0 });
  });

  it("refuses amounts that are not safe integers", () => {
    expect(() => summarizeAmounts([{ faceValue: 1.5, balance: 0, status: "used" }])).toThrow(RangeError);
    expect(() =>
      summarizeAmounts([
        { faceValue: Number.MAX_SAFE_INTEGER, balance: 0, status: "used" },
        { faceValue: Number.MAX_SAFE_INTEGER, balance: 0, status: "used" },
      ]),
    ).toThrow(RangeError);
  });

  it("balance = total face value - used - expired - voided - not effective, exactly, for any set", () => {
    const voucher: fc.Arbitrary<SummaryInput> = fc
      .tuple(fc.integer({ min: 0, max: 10 ** 12 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...VOUCHER_STATUSES))
      .map(([faceValue, share, status]) => {
        // Status-consistent balances: not effective keeps the face value, used holds 0.
        const balance = status === "not_effective" ? faceValue : status === "used" ? 0 : Math.floor(faceValue * share);
        return { faceValue, balance, status };
      });
    fc.assert(
      fc.property(fc.array(voucher, { maxLength: 200 }), (vouchers) => {
        const s = summarizeAmounts(vouchers);
        expect(s.balance).toBe(s.totalFaceValue - s.used - s.expired - s.voided - s.notEffective);
        for (const value of Object.values(s)) expect(value).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("discount vouchers show counts per status", () => {
  it("counts every status, zero when absent", () => {
    expect(countByStatus(["available", "used", "used", "expired"])).toEqual({
      not_effective: 0,
      available: 1,
      used: 2,
      expired: 1,
      voided: 0,
    });
  });

  it("counts add up to the number of vouchers", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<VoucherStatus>(...VOUCHER_STATUSES)), (statuses) => {
        const counts = countByStatus(statuses);
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(statuses.length);
      }),
    );
  });
});
