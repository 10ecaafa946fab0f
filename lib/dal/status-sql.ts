import { and, eq, gt, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { vouchers } from "@/db/schema";
import type { VoucherStatus } from "@/lib/vouchers/kinds";

/** A timestamptz literal for `now`, bound as a parameter. */
export const at = (now: Date): SQL => sql`${now.toISOString()}::timestamptz`;

/**
 * SPEC 4 status derivation in SQL, for filtering and summing in the database.
 * Mirrors `voucherStatus` in lib/vouchers/status.ts; an integration test checks
 * that the two agree on every seeded voucher.
 */
export function voucherStatusSql(now: Date): SQL<VoucherStatus> {
  const n = at(now);
  return sql<VoucherStatus>`CASE
    WHEN ${vouchers.voidedAt} IS NOT NULL THEN 'voided'
    WHEN ${n} < ${vouchers.effectiveAt} THEN 'not_effective'
    WHEN ${n} >= ${vouchers.expiresAt} THEN 'expired'
    WHEN ${vouchers.consumedAt} IS NOT NULL OR ${vouchers.balance} = 0 THEN 'used'
    ELSE 'available' END`;
}

/**
 * SPEC 4 "can pay at `now`" in SQL, for picking the vouchers a payment may use.
 * Mirrors `isDeductible` in lib/vouchers/status.ts (the status is available),
 * written as plain comparisons on the columns rather than through the CASE of
 * voucherStatusSql, so the planner can use the vouchers' indexes. An integration
 * test checks that the two agree on every seeded voucher.
 */
export function deductibleVoucherSql(now: Date): SQL {
  return sql`(${and(
    isNull(vouchers.voidedAt),
    lte(vouchers.effectiveAt, now),
    gt(vouchers.expiresAt, now),
    or(gt(vouchers.balance, 0), and(eq(vouchers.kind, "discount"), isNull(vouchers.consumedAt))),
  )})`;
}
