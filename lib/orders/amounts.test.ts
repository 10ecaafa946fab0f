import { describe, expect, it } from "vitest";
import { invoiceableAmount, isRefundableStatus, refundableAmount, refundCeiling, statusAfterRefunds, type UsageLine } from "./amounts";
import { STORED_ORDER_STATUSES } from "./status";

const paid = { voucherAmount: 3_000, cashAmount: 2_000, refundedAmount: 0 };

describe("refundable amounts (SPEC 6)", () => {
  it("only a paid or partially refunded order can be refunded", () => {
    expect(STORED_ORDER_STATUSES.filter(isRefundableStatus)).toEqual(["paid", "partially_refunded"]);
  });

  it("everything vouchers and the cash balance paid can come back, never the discount", () => {
    expect(refundCeiling(paid)).toBe(5_000);
    expect(refundableAmount({ ...paid, status: "paid" })).toBe(5_000);
  });

  it("earlier refunds count against it", () => {
    expect(refundableAmount({ ...paid, refundedAmount: 1_200, status: "partially_refunded" })).toBe(3_800);
  });

  it("is 0 for an order in any other status", () => {
    for (const status of ["pending", "refunded", "cancelled"] as const) expect(refundableAmount({ ...paid, status })).toBe(0);
  });

  it("an order is refunded once all that was paid came back, partially refunded before", () => {
    expect(statusAfterRefunds(paid, 5_000)).toBe("refunded");
    expect(statusAfterRefunds(paid, 4_999)).toBe("partially_refunded");
    expect(statusAfterRefunds(paid, 1)).toBe("partially_refunded");
  });
});

describe("invoiceable amount (SPEC 6)", () => {
  const line = (over: Partial<UsageLine>): UsageLine => ({ source: "cash_balance", type: "refund", status: "success", amount: 500, ...over });

  it("is what the cash balance paid when nothing came back", () => {
    expect(invoiceableAmount(2_000, [])).toBe(2_000);
    expect(invoiceableAmount(0, [])).toBe(0);
  });

  it("is net of successful refunds to the cash balance only", () => {
    const usage = [
      line({ type: "deduction", amount: 2_000 }),
      line({ amount: 500 }),
      line({ amount: 300 }),
      line({ source: "cash", amount: 1_000 }),
      line({ source: "compute", amount: 700 }),
      line({ status: "failure", amount: 900 }),
    ];
    expect(invoiceableAmount(2_000, usage)).toBe(1_200);
  });
});
