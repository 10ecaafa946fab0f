/**
 * The SPEC 10 invariants as SQL queries that return the violating rows. Empty
 * results everywhere mean the money is right. Tests run it after every
 * concurrent workload; it reads only, so it can run against production too.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/index";

const CHECKS: Record<string, SQL> = {
  /** No stored-value balance below 0 or above its face value. */
  voucherBalanceOutOfRange: sql`
    SELECT id, public_id, face_value, balance FROM vouchers
    WHERE kind <> 'discount' AND (balance < 0 OR balance > face_value)`,

  /** Per voucher: face value − balance = successful deductions − successful refunds (the used amount). */
  voucherLedgerMismatch: sql`
    SELECT v.id, v.public_id, v.face_value - v.balance AS used, coalesce(u.net, 0) AS recorded
    FROM vouchers v
    LEFT JOIN (
      SELECT voucher_id, sum(CASE WHEN type = 'deduction' THEN amount ELSE -amount END) AS net
      FROM usage_records WHERE status = 'success' AND voucher_id IS NOT NULL GROUP BY voucher_id
    ) u ON u.voucher_id = v.id
    WHERE v.kind <> 'discount' AND v.face_value - v.balance <> coalesce(u.net, 0)`,

  /** Per paid order: discount + vouchers + cash = amount, and the successful deductions say the same. */
  orderPartsMismatch: sql`
    SELECT o.id, o.public_id, o.amount, o.discount_amount, o.voucher_amount, o.cash_amount, coalesce(u.deducted, 0) AS deducted
    FROM orders o
    LEFT JOIN (
      SELECT order_id, sum(amount) AS deducted FROM usage_records
      WHERE status = 'success' AND type = 'deduction' AND order_id IS NOT NULL GROUP BY order_id
    ) u ON u.order_id = o.id
    WHERE o.status NOT IN ('pending', 'cancelled')
      AND (o.discount_amount + o.voucher_amount + o.cash_amount <> o.amount OR coalesce(u.deducted, 0) <> o.amount)`,

  /** An unpaid order has no successful deduction. */
  unpaidOrderWithDeductions: sql`
    SELECT o.id, o.public_id FROM orders o
    WHERE o.status IN ('pending', 'cancelled') AND EXISTS (
      SELECT 1 FROM usage_records u WHERE u.order_id = o.id AND u.status = 'success' AND u.type = 'deduction')`,

  /** A computing power voucher paid only orders with an item of one of its providers (SPEC 3; matched by provider id). */
  computeOutsideProviders: sql`
    SELECT u.id, v.public_id AS voucher, o.public_id AS order
    FROM usage_records u JOIN vouchers v ON v.id = u.voucher_id JOIN orders o ON o.id = u.order_id
    WHERE u.source = 'compute' AND u.type = 'deduction' AND u.status = 'success'
      AND NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = u.order_id AND i.provider_id = ANY (v.provider_ids))`,

  /** No order paid twice. */
  orderPaidTwice: sql`
    SELECT order_id, count(*) AS n FROM payments WHERE status = 'succeeded' GROUP BY order_id HAVING count(*) > 1`,

  /** Refunds of an order add up to its refunded amount, and its refund records to the same. */
  refundMismatch: sql`
    SELECT o.id, o.public_id, o.refunded_amount, coalesce(r.total, 0) AS refunds, coalesce(u.total, 0) AS records
    FROM orders o
    LEFT JOIN (SELECT order_id, sum(amount) AS total FROM refunds GROUP BY order_id) r ON r.order_id = o.id
    LEFT JOIN (
      SELECT order_id, sum(amount) AS total FROM usage_records
      WHERE type = 'refund' AND status = 'success' GROUP BY order_id
    ) u ON u.order_id = o.id
    WHERE o.refunded_amount <> coalesce(r.total, 0) OR o.refunded_amount <> coalesce(u.total, 0)`,

  /** No code redeemed twice: a redeemed code has exactly one voucher, on the redeeming account. */
  codeRedemptionMismatch: sql`
    SELECT c.id, c.redeemed_by_account_id, count(v.id) AS vouchers
    FROM redemption_codes c LEFT JOIN vouchers v ON v.code_id = c.id
    GROUP BY c.id, c.redeemed_by_account_id, c.redeemed_at
    HAVING (c.redeemed_at IS NULL AND count(v.id) > 0)
        OR (c.redeemed_at IS NOT NULL AND (count(v.id) <> 1 OR bool_or(v.account_id <> c.redeemed_by_account_id)))`,

  /** The cash ledger sums to the stored cash balance of every account. */
  cashLedgerMismatch: sql`
    SELECT a.id, a.public_id, a.cash_balance, coalesce(m.total, 0) AS ledger
    FROM billing_accounts a
    LEFT JOIN (
      SELECT account_id, sum(CASE WHEN type IN ('top_up', 'refund', 'adjustment_credit') THEN amount ELSE -amount END) AS total
      FROM cash_movements GROUP BY account_id
    ) m ON m.account_id = a.id
    WHERE a.cash_balance <> coalesce(m.total, 0)`,

  /** A discount voucher is consumed by at most one order, and that order is paid with its discount. */
  discountConsumptionMismatch: sql`
    SELECT v.id, v.public_id FROM vouchers v JOIN orders o ON o.id = v.consumed_order_id
    WHERE o.status IN ('pending', 'cancelled') OR o.discount_amount = 0 OR o.account_id <> v.account_id`,

  /** Usage records belong to the account that owns their voucher and order. */
  usageAccountMismatch: sql`
    SELECT u.id FROM usage_records u
    LEFT JOIN vouchers v ON v.id = u.voucher_id
    LEFT JOIN orders o ON o.id = u.order_id
    WHERE (v.id IS NOT NULL AND v.account_id <> u.account_id) OR (o.id IS NOT NULL AND o.account_id <> u.account_id)`,

  /**
   * The hourly rollup the overview reads (usage_hourly, kept by triggers) equals the
   * successful usage records summed per account, UTC hour, source, provider and type.
   */
  usageRollupMismatch: sql`
    WITH records AS (
      SELECT account_id, date_trunc('hour', created_at, 'UTC') AS hour, source, usage_provider(source, order_id, voucher_id) AS provider_id, type,
        sum(amount) AS amount, count(*) AS records
      FROM usage_records WHERE status = 'success' GROUP BY 1, 2, 3, 4, 5
    ), rollup AS (SELECT * FROM usage_hourly WHERE records <> 0 OR amount <> 0)
    SELECT coalesce(r.account_id, h.account_id) AS account_id, coalesce(r.hour, h.hour) AS hour, r.amount AS records_amount, h.amount AS rollup_amount
    FROM records r FULL JOIN rollup h USING (account_id, hour, source, provider_id, type)
    WHERE r.amount IS DISTINCT FROM h.amount OR r.records IS DISTINCT FROM h.records`,

  /** Every refund is on record in the audit log, with its id (SPEC 8). */
  refundWithoutAudit: sql`
    SELECT r.id, r.public_id FROM refunds r
    WHERE NOT EXISTS (
      SELECT 1 FROM audit_log a WHERE a.action = 'order.refund' AND a.after->>'refund' = r.public_id)`,

  /** Every admin charge and adjustment of a cash balance has its audit row (counted per account and kind). */
  cashChangeWithoutAudit: sql`
    SELECT m.account_id, m.action, m.n AS movements, coalesce(a.n, 0) AS audit_rows
    FROM (
      SELECT c.account_id, acc.public_id,
        CASE WHEN c.type = 'charge' THEN 'account.charge' ELSE 'account.adjust' END AS action, count(*) AS n
      FROM cash_movements c JOIN billing_accounts acc ON acc.id = c.account_id
      WHERE c.type IN ('charge', 'adjustment_credit', 'adjustment_debit')
      GROUP BY 1, 2, 3
    ) m
    LEFT JOIN (
      SELECT target_id, action, count(*) AS n FROM audit_log
      WHERE action IN ('account.charge', 'account.adjust') GROUP BY 1, 2
    ) a ON a.target_id = m.public_id AND a.action = m.action
    WHERE m.n <> coalesce(a.n, 0)`,

  /** Every admin change to vouchers and batches has its audit row, by the target's public id. */
  voucherChangeWithoutAudit: sql`
    SELECT 'voucher.void' AS action, public_id FROM vouchers v WHERE voided_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'voucher.void' AND a.target_id = v.public_id)
    UNION ALL
    SELECT 'voucher.grant', public_id FROM vouchers v WHERE granted_by IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'voucher.grant' AND a.target_id = v.public_id)
    UNION ALL
    SELECT 'batch.issue', public_id FROM voucher_batches b
      WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'batch.issue' AND a.target_id = b.public_id)
    UNION ALL
    SELECT 'batch.void', public_id FROM voucher_batches b WHERE voided_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'batch.void' AND a.target_id = b.public_id)`,
};

export type InvariantName = keyof typeof CHECKS;

/** Runs every check; returns only the invariants that are violated, with their rows. */
export async function findInvariantViolations(db: Db): Promise<Partial<Record<InvariantName, unknown[]>>> {
  const violations: Partial<Record<InvariantName, unknown[]>> = {};
  for (const [name, query] of Object.entries(CHECKS)) {
    const result: unknown = await db.execute(query);
    const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
    if (rows.length > 0) violations[name as InvariantName] = rows;
  }
  return violations;
}

export const INVARIANT_NAMES = Object.keys(CHECKS) as InvariantName[];
