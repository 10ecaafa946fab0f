import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { currencyDigits, currencySymbol, exampleAmount, formatMoney, formatRange, isCurrencyCode, minorToDecimalString, parseMoney } from "./money";

describe("formatMoney", () => {
  it("shows CNY amounts as ¥1,234.50", () => {
    expect(formatMoney(123450, "CNY")).toBe("¥1,234.50");
  });

  it("shows negative amounts with a leading minus, e.g. -¥12.00", () => {
    expect(formatMoney(-1200, "CNY")).toBe("-¥12.00");
  });

  it("shows zero and sub-unit amounts with all minor digits", () => {
    expect(formatMoney(0, "CNY")).toBe("¥0.00");
    expect(formatMoney(5, "CNY")).toBe("¥0.05");
    expect(formatMoney(-5, "CNY")).toBe("-¥0.05");
  });

  it("keeps every digit up to Number.MAX_SAFE_INTEGER (no float rounding)", () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "CNY")).toBe("¥90,071,992,547,409.91");
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "JPY")).toBe("¥9,007,199,254,740,991");
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "KWD")).toBe("KWD\u00a09,007,199,254,740.991");
  });

  it("refuses amounts that are not safe integers of minor units", () => {
    expect(() => formatMoney(1.5, "CNY")).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, "CNY")).toThrow(RangeError);
    expect(() => formatMoney(2 ** 53, "CNY")).toThrow(RangeError);
  });

  it("refuses a code that is not a currency", () => {
    expect(() => formatMoney(1, "US")).toThrow(RangeError);
  });

  it("writes minor units as an exact decimal string", () => {
    expect(minorToDecimalString(123450, "CNY")).toBe("1234.50");
    expect(minorToDecimalString(-7, "CNY")).toBe("-0.07");
    expect(minorToDecimalString(7, "JPY")).toBe("7");
  });
});

describe("each currency with its own minor-unit digits (Intl: JPY 0, CNY and USD 2, KWD 3)", () => {
  const cases = [
    // currency, digits, symbol, minor units, shown, decimal string, typed → minor, refused
    { currency: "JPY", digits: 0, symbol: "¥", minor: 1234, shown: "¥1,234", decimal: "1234", typed: ["1,234", "¥1234", "JPY 1234", "\uFFE51,234"], refused: ["1.5", "12.00", "1,2"] },
    { currency: "USD", digits: 2, symbol: "$", minor: 123450, shown: "$1,234.50", decimal: "1234.50", typed: ["1,234.5", "$1,234.50", "USD 1234.50", " 1234.50 "], refused: ["1.234", "¥1,234.50", "1,2"] },
    { currency: "CNY", digits: 2, symbol: "¥", minor: 123450, shown: "¥1,234.50", decimal: "1234.50", typed: ["1,234.5", "¥1,234.50", "CNY 1234.5", "\uFFE51234.50"], refused: ["1.234", "$1,234.50", "1,2"] },
    { currency: "KWD", digits: 3, symbol: "KWD", minor: 1234567, shown: "KWD\u00a01,234.567", decimal: "1234.567", typed: ["1,234.567", "KWD 1,234.567", "kwd1234.567", "1234.567"], refused: ["1.2345", "¥1234.567", "1,2"] },
  ] as const;

  for (const c of cases) {
    it(`${c.currency}: ${c.digits} digits, formats as ${c.shown}, parses what people type`, () => {
      expect(currencyDigits(c.currency)).toBe(c.digits);
      expect(currencySymbol(c.currency)).toBe(c.symbol);
      expect(formatMoney(c.minor, c.currency)).toBe(c.shown);
      expect(formatMoney(-c.minor, c.currency)).toBe(`-${c.shown}`);
      expect(minorToDecimalString(c.minor, c.currency)).toBe(c.decimal);
      for (const text of c.typed) expect(parseMoney(text, c.currency), text).toBe(c.minor);
      for (const text of c.refused) expect(parseMoney(text, c.currency), text).toBeNull();
      expect(parseMoney(formatMoney(c.minor, c.currency), c.currency)).toBe(c.minor);
    });
  }

  it("messages name amounts in the currency", () => {
    expect(formatRange(1, 100_000_000, "CNY")).toBe("between ¥0.01 and ¥1,000,000.00");
    expect(formatRange(1, 100_000_000, "JPY")).toBe("between ¥1 and ¥100,000,000");
    expect(formatRange(1, 100_000_000, "USD")).toBe("between $0.01 and $1,000,000.00");
    expect(formatRange(1, 100_000_000, "KWD")).toBe("between KWD\u00a00.001 and KWD\u00a0100,000.000");
    expect(exampleAmount(10, "CNY")).toBe("10.00");
    expect(exampleAmount(10, "JPY")).toBe("10");
    expect(exampleAmount(10, "KWD")).toBe("10.000");
  });

  it("knows real currency codes only", () => {
    for (const code of ["CNY", "JPY", "USD", "KWD", "EUR"]) expect(isCurrencyCode(code), code).toBe(true);
    for (const code of ["XYZ", "usd", "US", "CNYY", "", "¥"]) expect(isCurrencyCode(code), code).toBe(false);
  });
});

describe("parseMoney", () => {
  it("turns typed amounts into minor units exactly", () => {
    expect(parseMoney("1,234.5", "CNY")).toBe(123450);
    expect(parseMoney("12", "CNY")).toBe(1200);
    expect(parseMoney("0.01", "CNY")).toBe(1);
    expect(parseMoney(".5", "CNY")).toBe(50);
    expect(parseMoney("  ¥1,234.56 ", "CNY")).toBe(123456);
    expect(parseMoney("CNY 3", "CNY")).toBe(300);
    expect(parseMoney("\uFFE512.30", "CNY")).toBe(1230);
    expect(parseMoney("0", "CNY")).toBe(0);
  });

  it("does not use float multiplication (0.29 and 1.13 stay exact)", () => {
    expect(parseMoney("0.29", "CNY")).toBe(29);
    expect(parseMoney("1.13", "CNY")).toBe(113);
    expect(parseMoney("4.35", "CNY")).toBe(435);
    expect(parseMoney("0.291", "KWD")).toBe(291);
  });

  it("rejects negative amounts", () => {
    expect(parseMoney("-1", "CNY")).toBeNull();
    expect(parseMoney("-¥1.00", "CNY")).toBeNull();
    expect(parseMoney("-5", "JPY")).toBeNull();
  });

  it("rejects more decimals than the currency has", () => {
    expect(parseMoney("1.234", "CNY")).toBeNull();
    expect(parseMoney("1.5", "JPY")).toBeNull();
    expect(parseMoney("15", "JPY")).toBe(15);
  });

  it("rejects non-numeric and malformed input", () => {
    for (const bad of ["", " ", "abc", "1e3", "12.", ".", "1,2", "1,23,456", "1.2.3", "0x10", "+5", "1 000", "Infinity", "NaN", "¥"]) {
      expect(parseMoney(bad, "CNY"), bad).toBeNull();
    }
  });

  it("rejects amounts above Number.MAX_SAFE_INTEGER minor units", () => {
    expect(parseMoney("90071992547409.91", "CNY")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseMoney("90071992547409.92", "CNY")).toBeNull();
    expect(parseMoney("9007199254740992", "JPY")).toBeNull();
    expect(parseMoney("99999999999999999999999", "CNY")).toBeNull();
  });

  it("round-trips formatted amounts in every currency: parseMoney(formatMoney(x)) === x", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom("CNY", "JPY", "USD", "KWD"), (minor, currency) => {
        expect(parseMoney(formatMoney(minor, currency), currency)).toBe(minor);
      }),
    );
  });

  it("never throws on arbitrary strings and returns null or a safe non-negative integer", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.constantFrom("CNY", "JPY", "KWD"), (s, currency) => {
        const v = parseMoney(s, currency);
        expect(v === null || (Number.isSafeInteger(v) && v >= 0)).toBe(true);
      }),
    );
  });
});
