import { afterEach, describe, expect, it } from "vitest";
import { benchReferenceEnabled, platformCurrency, pruneIntervalMs } from "./config";

afterEach(() => {
  delete process.env.PLATFORM_CURRENCY;
  delete process.env.PRUNE_INTERVAL_MINUTES;
  delete process.env.BENCH_REFERENCE;
});

describe("platformCurrency", () => {
  it("is CNY unless PLATFORM_CURRENCY names another ISO 4217 code", () => {
    expect(platformCurrency()).toBe("CNY");
    process.env.PLATFORM_CURRENCY = "";
    expect(platformCurrency()).toBe("CNY");
    process.env.PLATFORM_CURRENCY = " jpy ";
    expect(platformCurrency()).toBe("JPY");
    process.env.PLATFORM_CURRENCY = "KWD";
    expect(platformCurrency()).toBe("KWD");
  });

  it("refuses a code that is not a currency, naming the setting", () => {
    for (const bad of ["XYZ", "US", "yuan", "¥"]) {
      process.env.PLATFORM_CURRENCY = bad;
      expect(() => platformCurrency(), bad).toThrow(/PLATFORM_CURRENCY/);
    }
  });
});

describe("pruneIntervalMs", () => {
  it("is 10 minutes by default, 0 turns the schedule off, anything else is refused", () => {
    expect(pruneIntervalMs()).toBe(600_000);
    process.env.PRUNE_INTERVAL_MINUTES = "0";
    expect(pruneIntervalMs()).toBe(0);
    process.env.PRUNE_INTERVAL_MINUTES = "-1";
    expect(() => pruneIntervalMs()).toThrow(/PRUNE_INTERVAL_MINUTES/);
  });
});

describe("benchReferenceEnabled", () => {
  it("is off unless BENCH_REFERENCE is exactly on", () => {
    expect(benchReferenceEnabled()).toBe(false);
    for (const value of ["", "1", "true", "ON", "off"]) {
      process.env.BENCH_REFERENCE = value;
      expect(benchReferenceEnabled(), value).toBe(false);
    }
    process.env.BENCH_REFERENCE = "on";
    expect(benchReferenceEnabled()).toBe(true);
  });
});
