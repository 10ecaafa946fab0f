/**
 * Voucher status is derived from stored facts and `now` (SPEC 4), never
 * stored, so no missing cron job can leave it stale.
 */
import type { VoucherKind, VoucherStatus } from "./kinds";

export type StatusFacts = {
  kind: VoucherKind;
  /** Minor units; null only for discount vouchers, which have no balance. */
  balance: number | null;
  /** Set when a discount voucher was used; ignored for stored-value kinds. */
  consumedAt: Date | null;
  voidedAt: Date | null;
  effectiveAt: Date;
  expiresAt: Date;
};

/**
 * voided if voided; else not_effective if now < effective_at; else expired if
 * now >= expires_at; else used if the balance is 0 (discount: consumed); else
 * available. Voiding wins over every time-based state.
 */
export function voucherStatus(v: StatusFacts, now: Date): VoucherStatus {
  if (v.voidedAt !== null) return "voided";
  const t = now.getTime();
  if (t < v.effectiveAt.getTime()) return "not_effective";
  if (t >= v.expiresAt.getTime()) return "expired";
  if (v.kind === "discount") return v.consumedAt !== null ? "used" : "available";
  if (v.balance === null) {
    // A stored-value voucher without a balance is corrupt data; failing loudly beats calling it available.
    throw new TypeError(`A ${v.kind} voucher must have a balance`);
  }
  return v.balance === 0 ? "used" : "available";
}

/** Only available vouchers can be deducted (SPEC 4). */
export function isDeductible(v: StatusFacts, now: Date): boolean {
  return voucherStatus(v, now) === "available";
}
