import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { currencyDigits, formatMoney, minorToDecimalString, parseMoney } from "./money";

describe("formatMoney", () => {
  it("shows CNY amounts as ¥1,234.50", () => {
    expect(formatMoney(123450)).toBe("¥1,234.50");
  });

  it("shows negative amounts with a leading minus, e.g. -¥12.00", () => {
    expect(formatMoney(-1200)).toBe("-¥12.00");
  });

  it("shows zero and sub-unit amounts with all minor digits", () => {
    expect(formatMoney(0)).toBe("¥0.00");
    expect(formatMoney(5)).toBe("¥0.05");
    expect(formatMoney(-5)).toBe("-¥0.05");
  });

  it("keeps every digit up to Number.MAX_SAFE_INTEGER (no float rounding)", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER)).toBe("¥90,071,992,547,409.91");
  });

  it("takes the minor-unit digits from the currency", () => {
    expect(currencyDigits("CNY")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(formatMoney(1234, "JPY")).toBe("¥1,234");
    expect(formatMoney(123450, "USD")).toBe("$1,234.50");
  });

  it("refuses amounts that are not safe integers of minor units", () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError);
    expect(() => formatMoney(2 ** 53)).toThrow(RangeError);
  });

  it("writes minor units as an exact decimal string", () => {
    expect(minorToDecimalString(123450)).toBe("1234.50");
    expect(minorToDecimalString(-7)).toBe("-0.07");
    expect(minorToDecimalString(7, "JPY")).toBe("7");
  });
});

describe("parseMoney", () => {
  it("turns typed amounts into minor units exactly", () => {
    expect(parseMoney("1,234.5")).toBe(123450);
    expect(parseMoney("12")).toBe(1200);
    expect(parseMoney("0.01")).toBe(1);
    expect(parseMoney(".5")).toBe(50);
    expect(parseMoney("  ¥1,234.56 ")).toBe(123456);
    expect(parseMoney("CNY 3")).toBe(300);
    expect(parseMoney("\uFFE512.30")).toBe(1230);
    expect(parseMoney("0")).toBe(0);
  });

  it("does not use float multiplication (0.29 and 1.13 stay exact)", () => {
    expect(parseMoney("0.29")).toBe(29);
    expect(parseMoney("1.13")).toBe(113);
    expect(parseMoney("4.35")).toBe(435);
  });

  it("rejects negative amounts", () => {
    expect(parseMoney("-1")).toBeNull();
    expect(parseMoney("-¥1.00")).toBeNull();
  });

  it("rejects more decimals than the currency has", () => {
    expect(parseMoney("1.234")).toBeNull();
    expect(parseMoney("1.5", "JPY")).toBeNull();
    expect(parseMoney("15", "JPY")).toBe(15);
  });

  it("rejects non-numeric and malformed input", () => {
    for (const bad of ["", " ", "abc", "1e3", "12.", ".", "1,2", "1,23,456", "1.2.3", "0x10", "+5", "1 000", "Infinity", "NaN", "¥"]) {
      expect(parseMoney(bad), bad).toBeNull();
    }
  });

  it("rejects amounts above Number.MAX_SAFE_INTEGER minor units", () => {
    expect(parseMoney("90071992547409.91")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseMoney("90071992547409.92")).toBeNull();
    expect(parseMoney("99999999999999999999999")).toBeNull();
  });

  it("round-trips formatted amounts: parseMoney(formatMoney(x)) === x", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        expect(parseMoney(formatMoney(minor))).toBe(minor);
        expect(parseMoney(formatMoney(minor, "JPY"), "JPY")).toBe(minor);
      }),
    );
  });

  it("never throws on arbitrary strings and returns null or a safe non-negative integer", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const v = parseMoney(s);
        expect(v === null || (Number.isSafeInteger(v) && v >= 0)).toBe(true);
      }),
    );
  });
});
