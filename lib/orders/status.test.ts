import { describe, expect, it } from "vitest";
import { isOrderExpired, orderExpiresAt, orderStatusAt } from "./status";

const placed = new Date("2030-01-01T00:00:00Z");
const expiresAt = orderExpiresAt(placed, 30);

describe("order expiry (SPEC 6: a pending order expires after the configured time)", () => {
  it("expires exactly 30 minutes after it was placed", () => {
    expect(expiresAt.toISOString()).toBe("2030-01-01T00:30:00.000Z");
  });

  it("is payable up to the last millisecond and expired from expiresAt inclusive", () => {
    const order = { status: "pending" as const, expiresAt };
    expect(isOrderExpired(order, new Date(expiresAt.getTime() - 1))).toBe(false);
    expect(orderStatusAt(order, new Date(expiresAt.getTime() - 1))).toBe("pending");
    expect(isOrderExpired(order, expiresAt)).toBe(true);
    expect(orderStatusAt(order, expiresAt)).toBe("expired");
  });

  it("never expires an order that is no longer pending", () => {
    for (const status of ["paid", "partially_refunded", "refunded", "cancelled"] as const) {
      expect(orderStatusAt({ status, expiresAt }, new Date(expiresAt.getTime() + 86_400_000))).toBe(status);
    }
  });

  it("refuses a non-positive or fractional time to live", () => {
    expect(() => orderExpiresAt(placed, 0)).toThrow(RangeError);
    expect(() => orderExpiresAt(placed, 1.5)).toThrow(RangeError);
  });
});
