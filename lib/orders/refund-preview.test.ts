import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { planRefund, previewRefund, refundCountsAs, type PreviewPaidPart, type RefundSource } from "./refund";
import { VOUCHER_STATUSES, type VoucherStatus } from "../vouchers/kinds";

const part = (source: RefundSource, publicId: string | null, status: VoucherStatus | null, paid: number, rank: number, refunded = 0): PreviewPaidPart => ({
  source,
  voucher: publicId === null ? null : { publicId, status: status! },
  paid,
  refunded,
  rank,
});

// Paid in this order: compute C (expired since), cash A (voided since), cash B (available), then the cash balance.
const ORDER: PreviewPaidPart[] = [
  part("compute", "vch_c", "expired", 30, 0),
  part("cash", "vch_a", "voided", 20, 1),
  part("cash", "vch_b", "available", 15, 2, 5),
  part("cash_balance", null, null, 10, 3),
];

describe("previewRefund", () => {
  it("names where each part goes back and flags parts that land on an expired or voided voucher (SPEC 6)", () => {
    expect(previewRefund(ORDER, "full")).toEqual({
      ok: true,
      parts: [
        { source: "cash_balance", voucherPublicId: null, amount: 10, countsAs: null },
        { source: "cash", voucherPublicId: "vch_b", amount: 10, countsAs: null },
        { source: "cash", voucherPublicId: "vch_a", amount: 20, countsAs: "voided" },
        { source: "compute", voucherPublicId: "vch_c", amount: 30, countsAs: "expired" },
      ],
    });
  });

  it("splits a partial amount as the refund would", () => {
    expect(previewRefund(ORDER, 25)).toEqual({
      ok: true,
      parts: [
        { source: "cash_balance", voucherPublicId: null, amount: 10, countsAs: null },
        { source: "cash", voucherPublicId: "vch_b", amount: 10, countsAs: null },
        { source: "cash", voucherPublicId: "vch_a", amount: 5, countsAs: "voided" },
      ],
    });
  });

  it("passes the planner's refusals through", () => {
    expect(previewRefund(ORDER, 71)).toEqual({ ok: false, failure: { code: "exceeds_refundable", refundable: 70 } });
    expect(previewRefund(ORDER, 0)).toEqual({ ok: false, failure: { code: "invalid_amount" } });
    expect(previewRefund([], "full")).toEqual({ ok: false, failure: { code: "nothing_to_refund" } });
  });

  it("only expired and voided count as lost; every other status makes the money spendable again", () => {
    expect(Object.fromEntries(VOUCHER_STATUSES.map((s) => [s, refundCountsAs(s)]))).toEqual({
      not_effective: null,
      available: null,
      used: null,
      expired: "expired",
      voided: "voided",
    });
    expect(refundCountsAs(null)).toBeNull();
  });

  it("plans exactly the amounts planRefund plans from the same parts", () => {
    const sources: RefundSource[] = ["cash_balance", "cash", "compute"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ source: fc.constantFrom(...sources), paid: fc.integer({ min: 1, max: 10_000 }), share: fc.double({ min: 0, max: 1, noNaN: true }), rank: fc.nat(1_000) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 60_000 }),
        (specs, amount) => {
          const parts = specs.map((s, i) => part(s.source, s.source === "cash_balance" ? null : `vch_${i}`, s.source === "cash_balance" ? null : "available", s.paid, s.rank, Math.floor(s.paid * s.share)));
          const preview = previewRefund(parts, amount);
          const planned = planRefund(
            parts.map((p, i) => ({ source: p.source, voucherId: i, paid: p.paid, refunded: p.refunded, deductionId: p.rank })),
            amount,
          );
          expect(preview.ok).toBe(planned.ok);
          if (preview.ok && planned.ok) {
            expect(preview.parts.map((p) => [p.voucherPublicId, p.amount])).toEqual(planned.parts.map((p) => [parts[p.voucherId!]!.voucher?.publicId ?? null, p.amount]));
          }
        },
      ),
    );
  });
});
