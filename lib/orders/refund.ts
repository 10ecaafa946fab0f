/**
 * Refund allocation (SPEC 6), pure: which part of an order's payment each refunded
 * minor unit goes back to. Money goes back in reverse order of payment: the cash
 * balance first, then cash vouchers, then computing power vouchers, each to the
 * very voucher that paid it. The discount part is never returned.
 */

import type { VoucherStatus } from "../vouchers/kinds";

export type RefundSource = "cash_balance" | "cash" | "compute";

/** One source that paid part of the order, net of what earlier refunds returned to it. */
export interface PaidPart {
  source: RefundSource;
  /** The voucher that paid; null for the cash balance. */
  voucherId: number | null;
  /** Successful deductions from this source for the order. */
  paid: number;
  /** What earlier refunds already returned to it. */
  refunded: number;
  /** The id of its (latest) deduction record: the later it paid, the sooner it is refunded within its kind. */
  deductionId: number;
}

export interface RefundPart {
  source: RefundSource;
  voucherId: number | null;
  amount: number;
}

export type RefundFailure =
  | { code: "nothing_to_refund" }
  | { code: "invalid_amount" }
  | { code: "exceeds_refundable"; refundable: number };

export type RefundResult = { ok: true; parts: RefundPart[] } | { ok: false; failure: RefundFailure };

const SOURCE_RANK: Record<RefundSource, number> = { cash_balance: 0, cash: 1, compute: 2 };

/** What can still be refunded: the paid parts net of earlier refunds. */
export function refundableOf(parts: readonly PaidPart[]): number {
  return parts.reduce((sum, p) => sum + (p.paid - p.refunded), 0);
}

/** The order refunds go in: cash balance, cash vouchers, compute vouchers; latest payer first within a kind. */
export function refundSequence(parts: readonly PaidPart[]): PaidPart[] {
  return [...parts].sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || b.deductionId - a.deductionId);
}

/**
 * Splits `amount` (or everything still refundable, for "full") over the paid
 * parts. Each part gets at most what it paid net of earlier refunds.
 */
export function planRefund(parts: readonly PaidPart[], amount: number | "full"): RefundResult {
  const refundable = refundableOf(parts);
  if (refundable <= 0) return { ok: false, failure: { code: "nothing_to_refund" } };
  const wanted = amount === "full" ? refundable : amount;
  if (!Number.isSafeInteger(wanted) || wanted <= 0) return { ok: false, failure: { code: "invalid_amount" } };
  if (wanted > refundable) return { ok: false, failure: { code: "exceeds_refundable", refundable } };

  const result: RefundPart[] = [];
  let left = wanted;
  for (const part of refundSequence(parts)) {
    if (left === 0) break;
    const take = Math.min(left, part.paid - part.refunded);
    if (take <= 0) continue;
    result.push({ source: part.source, voucherId: part.voucherId, amount: take });
    left -= take;
  }
  return { ok: true, parts: result };
}

/**
 * The refund preview of the admin dialog: the paid parts as the order page saw
 * them, with the voucher's public id and its SPEC 4 status at page render instead
 * of internal ids. `rank` orders the parts as their deductions were recorded
 * (higher: later), which is all `refundSequence` needs of a deduction id.
 */
export interface PreviewPaidPart {
  source: RefundSource;
  /** null for the cash balance. */
  voucher: { publicId: string; status: VoucherStatus } | null;
  paid: number;
  refunded: number;
  rank: number;
}

/** One part of a previewed refund: where it goes, how much, and whether it is lost on arrival (SPEC 6). */
export interface RefundPreviewPart {
  source: RefundSource;
  voucherPublicId: string | null;
  amount: number;
  /** Money returned to a voucher that has expired or been voided counts as expired or voided; null when it is spendable again. */
  countsAs: "expired" | "voided" | null;
}

export type RefundPreview = { ok: true; parts: RefundPreviewPart[] } | { ok: false; failure: RefundFailure };

/** What SPEC 6 makes of money returned to a voucher of this status. */
export function refundCountsAs(status: VoucherStatus | null): RefundPreviewPart["countsAs"] {
  return status === "expired" || status === "voided" ? status : null;
}

/**
 * Where `amount` (or "full") would go back, by the same `planRefund` the refund
 * itself runs; a preview only: the refund re-plans on the locked rows.
 */
export function previewRefund(parts: readonly PreviewPaidPart[], amount: number | "full"): RefundPreview {
  const planned = planRefund(
    parts.map((p, index) => ({ source: p.source, voucherId: index, paid: p.paid, refunded: p.refunded, deductionId: p.rank })),
    amount,
  );
  if (!planned.ok) return planned;
  return {
    ok: true,
    parts: planned.parts.map((r) => {
      const voucher = parts[r.voucherId!]!.voucher;
      return { source: r.source, voucherPublicId: voucher?.publicId ?? null, amount: r.amount, countsAs: refundCountsAs(voucher?.status ?? null) };
    }),
  };
}
