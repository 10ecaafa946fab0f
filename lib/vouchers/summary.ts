/**
 * The amounts summary of a set of stored-value vouchers (SPEC 4).
 *
 * Decisions:
 * - A voucher keeps its stored balance when it expires or is voided; the
 *   status says what that remainder counts as.
 * - used = faceValue − balance per voucher, whatever its status: consumption
 *   net of refunds, including use before it expired or was voided.
 * - expired = the balances of expired vouchers (what was left when they expired,
 *   plus any refund returned to them afterwards, SPEC 6).
 * - voided = the balances of voided vouchers.
 * - notEffective = the balances of not-yet-effective vouchers, which equal their
 *   face value since nothing can be spent before effective_at.
 * - balance = the balances of available vouchers (used ones hold 0).
 *
 * Each voucher's face value is thus split into exactly one used part and one
 * remainder bucket, so balance === totalFaceValue − used − expired − voided −
 * notEffective holds exactly for any set.
 */
import type { VoucherStatus } from "./kinds";

export type AmountsSummary = {
  totalFaceValue: number;
  used: number;
  expired: number;
  voided: number;
  notEffective: number;
  balance: number;
};

export type SummaryInput = { faceValue: number; balance: number; status: VoucherStatus };

export function emptyAmountsSummary(): AmountsSummary {
  return { totalFaceValue: 0, used: 0, expired: 0, voided: 0, notEffective: 0, balance: 0 };
}

export function summarizeAmounts(vouchers: readonly SummaryInput[]): AmountsSummary {
  const s = emptyAmountsSummary();
  for (const v of vouchers) {
    if (!Number.isSafeInteger(v.faceValue) || !Number.isSafeInteger(v.balance)) {
      throw new RangeError("Voucher amounts must be safe integers of minor units");
    }
    s.totalFaceValue += v.faceValue;
    s.used += v.faceValue - v.balance;
    switch (v.status) {
      case "expired":
        s.expired += v.balance;
        break;
      case "voided":
        s.voided += v.balance;
        break;
      case "not_effective":
        s.notEffective += v.balance;
        break;
      case "available":
      case "used":
        s.balance += v.balance;
        break;
    }
  }
  // Past 2^53 integer sums silently round and the identity would break.
  for (const value of Object.values(s)) {
    if (!Number.isSafeInteger(value)) throw new RangeError("Voucher amounts summary exceeds the safe integer range");
  }
  return s;
}

/** Discount vouchers show counts per status instead of amounts (SPEC 4). */
export function countByStatus(statuses: readonly VoucherStatus[]): Record<VoucherStatus, number> {
  const counts: Record<VoucherStatus, number> = { not_effective: 0, available: 0, used: 0, expired: 0, voided: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}
