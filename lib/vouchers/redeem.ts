/**
 * Redemption rules (SPEC 5) as pure functions: what state a code must be in to
 * be redeemed, and the validity it gives. The DAL feeds them rows; the words of
 * each failure are in lib/failure-messages.ts.
 */
import { addDays } from "../time";
import type { CodeParseFailure } from "./code";
import type { VoucherKind } from "./kinds";

export type InvalidReason = "unknown" | "revoked" | "batch_voided" | "deadline_passed" | "window_ended";

export type RedeemFailure =
  | { code: "format"; reason: CodeParseFailure }
  | { code: "invalid"; reason: InvalidReason }
  | { code: "already_redeemed"; byCaller: boolean }
  | { code: "wrong_kind"; kind: VoucherKind }
  | { code: "rate_limited"; retryAfterMinutes: number };

export interface CodeState {
  revokedAt: Date | null;
  redeemedAt: Date | null;
  redeemedByAccountId: number | null;
}

export interface BatchState {
  kind: VoucherKind;
  voidedAt: Date | null;
  redeemBy: Date | null;
  /** The end of the batch's fixed window; null for days from redemption. */
  expiresAt: Date | null;
}

/**
 * Why a found code can't be redeemed by `accountId` on the tab of `expectedKind`
 * at `now`, or null if it can. Invalid beats already redeemed: a revoked code
 * says nothing about who redeemed it.
 */
export function codeFailure(
  code: CodeState,
  batch: BatchState,
  expectedKind: VoucherKind,
  accountId: number,
  now: Date,
): RedeemFailure | null {
  if (code.revokedAt) return { code: "invalid", reason: "revoked" };
  if (batch.voidedAt) return { code: "invalid", reason: "batch_voided" };
  if (code.redeemedAt) return { code: "already_redeemed", byCaller: code.redeemedByAccountId === accountId };
  // The deadline is exclusive, like expiry: at redeem_by the code is no longer redeemable.
  if (batch.redeemBy && now.getTime() >= batch.redeemBy.getTime()) return { code: "invalid", reason: "deadline_passed" };
  // A code of a fixed window that has ended would redeem into an already expired voucher,
  // whatever its deadline says (batches issued before the deadline had to fall inside the window).
  if (batch.expiresAt && now.getTime() >= batch.expiresAt.getTime()) return { code: "invalid", reason: "window_ended" };
  if (batch.kind !== expectedKind) return { code: "wrong_kind", kind: batch.kind };
  return null;
}

export interface BatchValidity {
  effectiveAt: Date | null;
  expiresAt: Date | null;
  validDays: number | null;
}

/** The window a voucher redeemed at `now` gets: the batch's fixed window, or N days from now. */
export function validityAt(batch: BatchValidity, now: Date): { effectiveAt: Date; expiresAt: Date } {
  if (batch.validDays !== null) return { effectiveAt: now, expiresAt: addDays(now, batch.validDays) };
  if (!batch.effectiveAt || !batch.expiresAt) throw new Error("a batch has either a fixed window or valid days");
  return { effectiveAt: batch.effectiveAt, expiresAt: batch.expiresAt };
}
