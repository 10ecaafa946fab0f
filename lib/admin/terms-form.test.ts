import { describe, expect, it } from "vitest";
import { endOfDayInZone, isValidDayCount, MAX_VALID_DAYS, parseProviders, parseRedeemBy, parseTerms, parseValidity, payBasisPointsOf, windowAt } from "@/lib/admin/terms-form";

const now = new Date("2026-11-23T08:00:00Z"); // 16:00 in Asia/Shanghai
const tz = "Asia/Shanghai";

describe("payBasisPointsOf", () => {
  it.each([
    ["20", 8_000],
    ["20%", 8_000],
    ["12.5", 8_750],
    ["0.01", 9_999],
    ["99.99", 1],
    [" 5 ", 9_500],
  ])("%s%% off pays %i basis points", (text, bp) => expect(payBasisPointsOf(text)).toBe(bp));

  it.each(["0", "100", "-5", "12.345", "abc", "", "1e1"])("refuses %j", (text) => expect(payBasisPointsOf(text)).toBeNull());
});

describe("parseProviders", () => {
  it("trims, drops empty entries and duplicates ignoring case, accepts the fullwidth comma", () => {
    expect(parseProviders(" MaxXIntel, Muxi ,,muxi，  Big   Compute ")).toEqual(["MaxXIntel", "Muxi", "Big Compute"]);
    expect(parseProviders(" , ")).toEqual([]);
  });
});

describe("parseTerms", () => {
  it("reads a cash face value in the currency's units", () => {
    expect(parseTerms({ kind: "cash", faceValue: "1,234.50" }, "CNY")).toEqual({ ok: true, value: { kind: "cash", faceValue: 123_450 } });
  });

  it("needs providers for a compute voucher, and ignores them for cash", () => {
    expect(parseTerms({ kind: "compute", faceValue: "300", providers: "MaxXIntel, Muxi" }, "CNY")).toEqual({
      ok: true,
      value: { kind: "compute", faceValue: 30_000, providers: ["MaxXIntel", "Muxi"] },
    });
    expect(parseTerms({ kind: "compute", faceValue: "300", providers: "" }, "CNY")).toMatchObject({ ok: false, issues: [{ field: "providers" }] });
    expect(parseTerms({ kind: "cash", faceValue: "1", providers: "Muxi" }, "CNY")).toEqual({ ok: true, value: { kind: "cash", faceValue: 100 } });
  });

  it("refuses a zero, negative, over-large or malformed face value on its field", () => {
    for (const faceValue of ["0", "-1", "1000000.01", "1.234", "abc", ""]) {
      expect(parseTerms({ kind: "cash", faceValue }, "CNY")).toMatchObject({ ok: false, issues: [{ field: "faceValue" }] });
    }
  });

  it("reads amount-off and percent-off discounts with their optional limits and product scope", () => {
    expect(parseTerms({ kind: "discount", discountType: "amount_off", amountOff: "50", minOrderAmount: "200", scopeProduct: "" }, "CNY")).toEqual({
      ok: true,
      value: { kind: "discount", discount: { type: "amount_off", amountOff: 5_000, minOrderAmount: 20_000, productPublicId: null } },
    });
    expect(parseTerms({ kind: "discount", discountType: "percent_off", percentOff: "20", maxDiscount: "30", scopeProduct: "prd_abc" }, "CNY")).toEqual({
      ok: true,
      value: { kind: "discount", discount: { type: "percent_off", payBasisPoints: 8_000, maxDiscount: 3_000, productPublicId: "prd_abc" } },
    });
    expect(parseTerms({ kind: "discount", discountType: "percent_off", percentOff: "20", maxDiscount: "" }, "CNY")).toMatchObject({
      ok: true,
      value: { discount: { maxDiscount: null, productPublicId: null } },
    });
  });

  it("refuses a minimum order below the amount off, a bad percent, a forged product id, a missing discount type", () => {
    expect(parseTerms({ kind: "discount", discountType: "amount_off", amountOff: "50", minOrderAmount: "20" }, "CNY")).toMatchObject({
      ok: false,
      issues: [{ field: "minOrderAmount" }],
    });
    expect(parseTerms({ kind: "discount", discountType: "percent_off", percentOff: "100" }, "CNY")).toMatchObject({ ok: false, issues: [{ field: "percentOff" }] });
    expect(parseTerms({ kind: "discount", discountType: "amount_off", amountOff: "5", scopeProduct: "'; drop table" }, "CNY")).toMatchObject({
      ok: false,
      issues: [{ field: "scopeProduct" }],
    });
    expect(parseTerms({ kind: "discount" }, "CNY")).toMatchObject({ ok: false, issues: [{ field: "discountType" }] });
    expect(parseTerms({ kind: "gift" }, "CNY")).toMatchObject({ ok: false, issues: [{ field: "kind" }] });
  });
});

describe("parseTerms in other currencies", () => {
  it("takes the minor-unit digits of the currency: JPY none, KWD three", () => {
    expect(parseTerms({ kind: "cash", faceValue: "1,234" }, "JPY")).toEqual({ ok: true, value: { kind: "cash", faceValue: 1_234 } });
    expect(parseTerms({ kind: "cash", faceValue: "1.5" }, "JPY")).toMatchObject({ ok: false, issues: [{ field: "faceValue", message: "Enter a face value between ¥1 and ¥100,000,000." }] });
    expect(parseTerms({ kind: "cash", faceValue: "1.234" }, "KWD")).toEqual({ ok: true, value: { kind: "cash", faceValue: 1_234 } });
    expect(parseTerms({ kind: "cash", faceValue: "0" }, "USD")).toMatchObject({ ok: false, issues: [{ field: "faceValue", message: "Enter a face value between $0.01 and $1,000,000.00." }] });
  });
});

describe("validity and deadline", () => {
  it("a fixed window runs from the start of the first day to the end of the last, in the platform zone", () => {
    const parsed = parseValidity({ validity: "fixed", validFrom: "2026-12-01", validUntil: "2026-12-31" }, now, tz);
    expect(parsed).toEqual({
      ok: true,
      value: { type: "fixed", effectiveAt: new Date("2026-11-30T16:00:00Z"), expiresAt: new Date("2026-12-31T16:00:00Z") },
    });
  });

  it("a one-day window is valid; an inverted or finished one is refused on Valid until", () => {
    expect(parseValidity({ validity: "fixed", validFrom: "2026-11-23", validUntil: "2026-11-23" }, now, tz)).toMatchObject({ ok: true });
    expect(parseValidity({ validity: "fixed", validFrom: "2026-12-02", validUntil: "2026-12-01" }, now, tz)).toMatchObject({ ok: false, issues: [{ field: "validUntil" }] });
    expect(parseValidity({ validity: "fixed", validFrom: "2026-11-01", validUntil: "2026-11-22" }, now, tz)).toMatchObject({ ok: false, issues: [{ field: "validUntil" }] });
    expect(parseValidity({ validity: "fixed", validFrom: "2026-02-30", validUntil: "" }, now, tz)).toMatchObject({
      ok: false,
      issues: [{ field: "validFrom" }, { field: "validUntil" }],
    });
  });

  it("days are whole numbers from 1 to 3,650", () => {
    expect(parseValidity({ validity: "days", validDays: "30" }, now, tz)).toEqual({ ok: true, value: { type: "days", days: 30 } });
    for (const validDays of ["0", "3651", "1.5", "-1", ""]) {
      expect(parseValidity({ validity: "days", validDays }, now, tz)).toMatchObject({ ok: false, issues: [{ field: "validDays" }] });
    }
    expect(parseValidity({}, now, tz)).toMatchObject({ ok: false, issues: [{ field: "validity" }] });
  });

  it("a grant's days count from the grant", () => {
    expect(windowAt({ type: "days", days: 2 }, now)).toEqual({ effectiveAt: now, expiresAt: new Date("2026-11-25T08:00:00Z") });
  });

  it("the deadline is the end of its day; today is still allowed, yesterday is not", () => {
    expect(parseRedeemBy("", now, tz)).toEqual({ ok: true, value: null });
    expect(parseRedeemBy("2026-11-23", now, tz)).toEqual({ ok: true, value: endOfDayInZone("2026-11-23", tz) });
    expect(endOfDayInZone("2026-11-23", tz)).toEqual(new Date("2026-11-23T16:00:00Z"));
    expect(parseRedeemBy("2026-11-22", now, tz)).toMatchObject({ ok: false, issues: [{ field: "redeemBy" }] });
    expect(parseRedeemBy("tomorrow", now, tz)).toMatchObject({ ok: false });
  });
});

describe("isValidDayCount", () => {
  it("allows whole days from 1 to MAX_VALID_DAYS", () => {
    expect(MAX_VALID_DAYS).toBe(3_650);
    for (const days of [1, 30, MAX_VALID_DAYS]) expect(isValidDayCount(days), String(days)).toBe(true);
    for (const days of [0, -1, 1.5, MAX_VALID_DAYS + 1, Number.NaN, Number.POSITIVE_INFINITY]) expect(isValidDayCount(days), String(days)).toBe(false);
  });
});
