import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { DiscountTerms } from "./kinds";
import { formatMoney } from "../money";
import { translatorFor } from "@/lib/i18n/translator";
import { describeDiscount, discountAmount, discountApplies, percentOffLabel, zheLabel } from "./discount";

const amountOff = (amount: number, min: number | null = null, productId: number | null = null): DiscountTerms => ({
  type: "amount_off",
  amountOff: amount,
  minOrderAmount: min,
  productId,
});

const percentOff = (pay: number, cap: number | null = null, productId: number | null = null): DiscountTerms => ({
  type: "percent_off",
  payBasisPoints: pay,
  maxDiscount: cap,
  productId,
});

describe("amount_off discounts", () => {
  it("reduces the order by the amount off", () => {
    expect(discountAmount(amountOff(5000), 20000, [1])).toBe(5000);
  });

  it("never exceeds the order amount", () => {
    expect(discountAmount(amountOff(5000), 3000, [1])).toBe(3000);
  });

  it("applies only from min_order_amount inclusive", () => {
    expect(discountAmount(amountOff(5000, 20000), 19999, [1])).toBe(0);
    expect(discountAmount(amountOff(5000, 20000), 20000, [1])).toBe(5000);
    expect(discountApplies(amountOff(5000, 20000), 19999, [1])).toBe(false);
  });
});

describe("percent_off discounts", () => {
  it("8000 basis points means pay 80%, i.e. 20% off", () => {
    expect(discountAmount(percentOff(8000), 10000, [])).toBe(2000);
  });

  it("a percent discount amount is rounded half up to the minor unit", () => {
    // 15% of 61 = 9.15 → 9; 15% of 70 = 10.5 → 11; 50% of 3 = 1.5 → 2.
    expect(discountAmount(percentOff(8500), 61, [])).toBe(9);
    expect(discountAmount(percentOff(8500), 70, [])).toBe(11);
    expect(discountAmount(percentOff(5000), 3, [])).toBe(2);
    expect(discountAmount(percentOff(9999), 4999, [])).toBe(0);
    expect(discountAmount(percentOff(9999), 5000, [])).toBe(1);
  });

  it("never exceeds the voucher's cap (max_discount)", () => {
    expect(discountAmount(percentOff(8000, 3000), 100000, [])).toBe(3000);
    expect(discountAmount(percentOff(8000, 3000), 10000, [])).toBe(2000);
  });

  it("pay 0% makes the whole order free, pay 100% gives nothing", () => {
    expect(discountAmount(percentOff(0), 12345, [])).toBe(12345);
    expect(discountAmount(percentOff(10000), 12345, [])).toBe(0);
  });

  it("stays exact for order amounts near Number.MAX_SAFE_INTEGER", () => {
    // (2^53 - 1) × 2500 / 10000 = 2251799813685247.75 → 2251799813685248
    expect(discountAmount(percentOff(7500), Number.MAX_SAFE_INTEGER, [])).toBe(2251799813685248);
  });
});

describe("product scope", () => {
  it("a scoped voucher applies only when its product is in the order", () => {
    expect(discountAmount(amountOff(500, null, 7), 1000, [3, 7])).toBe(500);
    expect(discountAmount(amountOff(500, null, 7), 1000, [3])).toBe(0);
    expect(discountAmount(percentOff(8000, null, 7), 1000, [])).toBe(0);
    expect(discountAmount(percentOff(8000, null, 7), 1000, [7])).toBe(200);
  });
});

describe("invalid input", () => {
  it("refuses invalid terms and amounts instead of guessing", () => {
    expect(() => discountAmount(percentOff(10001), 100, [])).toThrow(RangeError);
    expect(() => discountAmount(percentOff(-1), 100, [])).toThrow(RangeError);
    expect(() => discountAmount(percentOff(8000.5), 100, [])).toThrow(RangeError);
    expect(() => discountAmount(amountOff(-5), 100, [])).toThrow(RangeError);
    expect(() => discountAmount(amountOff(5), -100, [])).toThrow(RangeError);
    expect(() => discountAmount(amountOff(5), 1.5, [])).toThrow(RangeError);
  });
});

describe("discount bounds (property)", () => {
  const money = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
  const small = fc.integer({ min: 0, max: 1_000_000 });
  const product = fc.option(fc.integer({ min: 1, max: 4 }));
  const terms: fc.Arbitrary<DiscountTerms> = fc.oneof(
    fc.record({
      type: fc.constant("amount_off" as const),
      amountOff: fc.oneof(small, money),
      minOrderAmount: fc.option(fc.oneof(small, money)),
      productId: product,
    }),
    fc.record({
      type: fc.constant("percent_off" as const),
      payBasisPoints: fc.integer({ min: 0, max: 10_000 }),
      maxDiscount: fc.option(fc.oneof(small, money)),
      productId: product,
    }),
  );

  it("a discount is never negative and never exceeds the order amount or the cap", () => {
    fc.assert(
      fc.property(terms, fc.oneof(small, money), fc.array(fc.integer({ min: 1, max: 4 })), (t, order, products) => {
        const d = discountAmount(t, order, products);
        expect(Number.isSafeInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(order);
        if (t.type === "amount_off") expect(d).toBeLessThanOrEqual(t.amountOff);
        if (t.type === "percent_off" && t.maxDiscount !== null) expect(d).toBeLessThanOrEqual(t.maxDiscount);
        if (!discountApplies(t, order, products)) expect(d).toBe(0);
      }),
    );
  });

  it("an uncapped percent discount is within half a minor unit of the exact share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), small, (pay, order) => {
        const d = discountAmount(percentOff(pay), order, []);
        const exactTimes10000 = order * (10_000 - pay);
        expect(Math.abs(d * 10_000 - exactTimes10000)).toBeLessThanOrEqual(5_000);
      }),
    );
  });
});

describe("describeDiscount", () => {
  const cny = (minor: number) => formatMoney(minor, "CNY");
  const en = translatorFor("en", "discount");
  const zh = translatorFor("zh-CN", "discount");

  it("describes amount off with a minimum order", () => {
    expect(describeDiscount(amountOff(5000, 20000), cny, en)).toBe("¥50.00 off orders of ¥200.00 or more");
  });

  it("describes amount off without a minimum", () => {
    expect(describeDiscount(amountOff(5000), cny, en)).toBe("¥50.00 off");
  });

  it('describes percent off with a cap as "20% off, up to ¥30.00"', () => {
    expect(describeDiscount(percentOff(8000, 3000), cny, en)).toBe("20% off, up to ¥30.00");
    expect(describeDiscount(percentOff(8000), cny, en)).toBe("20% off");
  });

  it("shows fractional percentages without trailing zeros", () => {
    expect(percentOffLabel(8750)).toBe("12.5");
    expect(percentOffLabel(8795)).toBe("12.05");
    expect(percentOffLabel(0)).toBe("100");
  });

  it("names the product of a scoped voucher", () => {
    expect(describeDiscount(percentOff(8000, null, 3), cny, en, "Muxi - Model Resource Package")).toBe(
      "20% off, only on Muxi - Model Resource Package",
    );
    expect(describeDiscount(amountOff(500, null, 3), cny, en)).toBe("¥5.00 off, one product only");
  });

  it("words the terms the Chinese way: 满减 and 折", () => {
    expect(describeDiscount(amountOff(5000, 20000), cny, zh)).toBe("满 ¥200.00 减 ¥50.00");
    expect(describeDiscount(amountOff(5000), cny, zh)).toBe("立减 ¥50.00");
    expect(describeDiscount(percentOff(8000, 3000), cny, zh)).toBe("8 折，最多优惠 ¥30.00");
    expect(describeDiscount(percentOff(8750, null, 3), cny, zh, "GPU")).toBe("8.75 折，仅限 GPU");
    expect(describeDiscount(amountOff(500, null, 3), cny, zh)).toBe("立减 ¥5.00，仅限一种产品");
    expect(zheLabel(9500)).toBe("9.5");
  });

  it("words amounts with the formatter it is given, e.g. in JPY", () => {
    expect(describeDiscount(amountOff(500, 2_000), (minor) => formatMoney(minor, "JPY"), en)).toBe("¥500 off orders of ¥2,000 or more");
  });
});
