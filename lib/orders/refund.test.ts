import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatMoney } from "../money";
import { refundFailureMessage } from "../failure-messages";
import { translatorFor } from "@/lib/i18n/translator";
import { planRefund, refundableOf, type PaidPart, type RefundSource } from "./refund";

const EN = translatorFor("en", "failures");

const part = (source: RefundSource, voucherId: number | null, paid: number, deductionId: number, refunded = 0): PaidPart => ({
  source,
  voucherId,
  paid,
  refunded,
  deductionId,
});

// An order paid 30 by compute voucher 7, then 20 by cash voucher 3, then 15 by cash voucher 4, then 10 from the cash balance.
const ORDER: PaidPart[] = [part("compute", 7, 30, 1), part("cash", 3, 20, 2), part("cash", 4, 15, 3), part("cash_balance", null, 10, 4)];

describe("planRefund", () => {
  it("returns the cash balance first, then cash vouchers (latest payer first), then computing power vouchers", () => {
    expect(planRefund(ORDER, 40)).toEqual({
      ok: true,
      parts: [
        { source: "cash_balance", voucherId: null, amount: 10 },
        { source: "cash", voucherId: 4, amount: 15 },
        { source: "cash", voucherId: 3, amount: 15 },
      ],
    });
  });

  it("a full refund returns every part to the source that paid it", () => {
    const result = planRefund(ORDER, "full");
    expect(result.ok && result.parts.map((p) => [p.voucherId, p.amount])).toEqual([
      [null, 10],
      [4, 15],
      [3, 20],
      [7, 30],
    ]);
  });

  it("counts earlier refunds: a second partial refund continues where the first stopped", () => {
    const after = [part("compute", 7, 30, 1), part("cash", 3, 20, 2, 5), part("cash", 4, 15, 3, 15), part("cash_balance", null, 10, 4, 10)];
    expect(planRefund(after, "full")).toEqual({
      ok: true,
      parts: [
        { source: "cash", voucherId: 3, amount: 15 },
        { source: "compute", voucherId: 7, amount: 30 },
      ],
    });
  });

  it("refuses zero, negative, fractional amounts and more than is left, with the amount left in the message", () => {
    for (const amount of [0, -1, 1.5, Number.NaN]) expect(planRefund(ORDER, amount)).toEqual({ ok: false, failure: { code: "invalid_amount" } });
    const over = planRefund(ORDER, 76);
    expect(over).toEqual({ ok: false, failure: { code: "exceeds_refundable", refundable: 75 } });
    if (!over.ok) expect(refundFailureMessage(over.failure, (n) => formatMoney(n, "CNY"), EN)).toBe("At most ¥0.75 of this order can still be refunded.");
  });

  it("an order paid entirely by a discount, or already fully refunded, has nothing to refund", () => {
    expect(planRefund([], "full")).toEqual({ ok: false, failure: { code: "nothing_to_refund" } });
    expect(planRefund([part("cash", 1, 10, 1, 10)], 1)).toEqual({ ok: false, failure: { code: "nothing_to_refund" } });
  });

  const parts = fc
    .array(
      fc.record({
        source: fc.constantFrom<RefundSource>("cash_balance", "cash", "compute"),
        paid: fc.integer({ min: 1, max: 10_000 }),
        refundedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((rows) => {
      // An order has one cash-balance part at most.
      const firstCash = rows.findIndex((r) => r.source === "cash_balance");
      return rows.map((r, i) => {
        const source = r.source === "cash_balance" && i !== firstCash ? "cash" : r.source;
        return part(source, source === "cash_balance" ? null : i + 1, r.paid, i + 1, Math.floor(r.paid * r.refundedShare));
      });
    });

  it("property: the parts sum to the amount, none exceeds what its source paid net, and the kinds come in refund order", () => {
    fc.assert(
      fc.property(parts, fc.double({ min: 0, max: 1, noNaN: true }), (paidParts, share) => {
        const refundable = refundableOf(paidParts);
        fc.pre(refundable > 0);
        const amount = Math.max(1, Math.floor(refundable * share));
        const result = planRefund(paidParts, amount);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.parts.reduce((s, p) => s + p.amount, 0)).toBe(amount);
        const rank = { cash_balance: 0, cash: 1, compute: 2 };
        for (let i = 1; i < result.parts.length; i++) {
          expect(rank[result.parts[i]!.source]).toBeGreaterThanOrEqual(rank[result.parts[i - 1]!.source]);
        }
        for (const p of result.parts) {
          const source = paidParts.find((q) => q.voucherId === p.voucherId && q.source === p.source)!;
          expect(p.amount).toBeGreaterThan(0);
          expect(p.amount).toBeLessThanOrEqual(source.paid - source.refunded);
        }
        // Only the last part may be partial: every earlier one is returned in full.
        for (const p of result.parts.slice(0, -1)) {
          const source = paidParts.find((q) => q.voucherId === p.voucherId && q.source === p.source)!;
          expect(p.amount).toBe(source.paid - source.refunded);
        }
      }),
    );
  });
});
