/**
 * Order in which vouchers of one kind are deducted (SPEC 3): soonest expiry,
 * then smallest balance, then oldest, then id. The id tie-break makes the
 * order total, so a payment plan never depends on how rows came back from SQL.
 */

export type DeductionCandidate = {
  expiresAt: Date;
  balance: number;
  createdAt: Date;
  id: number | string;
};

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Numbers numerically, strings by UTF-16 code units (never locale-dependent), numbers before strings. */
function compareIds(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return sign(a - b);
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareForDeduction(a: DeductionCandidate, b: DeductionCandidate): number {
  return (
    sign(a.expiresAt.getTime() - b.expiresAt.getTime()) ||
    sign(a.balance - b.balance) ||
    sign(a.createdAt.getTime() - b.createdAt.getTime()) ||
    compareIds(a.id, b.id)
  );
}

/** A new array in deduction order; the input is left untouched. */
export function sortForDeduction<T extends DeductionCandidate>(list: readonly T[]): T[] {
  return [...list].sort(compareForDeduction);
}
