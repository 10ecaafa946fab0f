/**
 * The invariant checker must be able to fail: for each SPEC 10 invariant, one
 * statement breaks it (inside a transaction that is rolled back, dropping a
 * constraint first where the database itself would refuse) and the checker must
 * name it. A checker that says "fine" to everything would fail here.
 */
import { sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { findInvariantViolations, INVARIANT_NAMES, type InvariantName } from "../invariants";
import { seedDemoData } from "@/db/seed";
import { setupTestDatabase } from "../db";

const getDatabase = setupTestDatabase();

beforeAll(async () => {
  await seedDemoData(getDatabase().db, new Date("2026-11-23T08:00:00Z"), 2);
});

const oneCashVoucher = sql`(SELECT id FROM vouchers WHERE kind = 'cash' AND balance > 0 ORDER BY id LIMIT 1)`;
const onePaidOrder = sql`(SELECT id FROM orders WHERE status = 'paid' AND voucher_amount > 0 ORDER BY id LIMIT 1)`;

const BREAKS: Record<InvariantName, SQL[]> = {
  voucherBalanceOutOfRange: [
    sql`ALTER TABLE vouchers DROP CONSTRAINT vouchers_balance_within_face_value`,
    sql`UPDATE vouchers SET balance = face_value + 1 WHERE id = ${oneCashVoucher}`,
  ],
  voucherLedgerMismatch: [sql`UPDATE vouchers SET balance = balance - 1 WHERE id = ${oneCashVoucher}`],
  orderPartsMismatch: [
    sql`UPDATE usage_records SET amount = amount + 1 WHERE id = (
      SELECT id FROM usage_records WHERE order_id = ${onePaidOrder} AND status = 'success' AND type = 'deduction' ORDER BY id LIMIT 1)`,
  ],
  unpaidOrderWithDeductions: [
    sql`UPDATE orders SET status = 'pending', paid_at = NULL WHERE id = ${onePaidOrder}`,
  ],
  computeOutsideProviders: [
    sql`UPDATE order_items SET provider_id = NULL WHERE order_id = (
      SELECT order_id FROM usage_records WHERE source = 'compute' AND type = 'deduction' AND status = 'success' ORDER BY id LIMIT 1)`,
  ],
  orderPaidTwice: [
    sql`DROP INDEX payments_one_success_per_order`,
    sql`INSERT INTO payments (order_id, status, amount, created_at) SELECT order_id, status, amount, created_at FROM payments WHERE status = 'succeeded' ORDER BY id LIMIT 1`,
  ],
  refundMismatch: [sql`UPDATE orders SET refunded_amount = 1, status = 'partially_refunded' WHERE id = ${onePaidOrder}`],
  codeRedemptionMismatch: [
    sql`UPDATE redemption_codes SET redeemed_at = now(), redeemed_by_account_id = (SELECT min(id) FROM billing_accounts)
      WHERE id = (SELECT id FROM redemption_codes WHERE redeemed_at IS NULL ORDER BY id LIMIT 1)`,
  ],
  cashLedgerMismatch: [sql`UPDATE billing_accounts SET cash_balance = cash_balance + 1 WHERE id = (SELECT min(id) FROM billing_accounts)`],
  discountConsumptionMismatch: [
    sql`UPDATE vouchers SET consumed_at = now(), consumed_order_id = (
        SELECT o.id FROM orders o WHERE o.discount_amount = 0 AND o.status = 'paid' ORDER BY o.id LIMIT 1)
      WHERE id = (SELECT id FROM vouchers WHERE kind = 'discount' AND consumed_at IS NULL ORDER BY id LIMIT 1)`,
  ],
  usageAccountMismatch: [
    sql`UPDATE usage_records SET account_id = (SELECT max(id) FROM billing_accounts)
      WHERE id = (SELECT id FROM usage_records WHERE voucher_id IS NOT NULL ORDER BY id LIMIT 1)`,
  ],
  usageRollupMismatch: [
    sql`UPDATE usage_hourly SET amount = amount + 1 WHERE (account_id, hour) = (SELECT account_id, hour FROM usage_hourly ORDER BY account_id, hour LIMIT 1)`,
  ],
  refundWithoutAudit: [
    sql`INSERT INTO refunds (public_id, order_id, amount, reason, refund_key, created_at) VALUES ('rfd_0000000000000000', ${onePaidOrder}, 1, 'no audit', 'k', now())`,
  ],
  voucherChangeWithoutAudit: [
    sql`UPDATE vouchers SET voided_at = now(), voided_by = (SELECT id FROM users WHERE role = 'admin' LIMIT 1), void_reason = 'no audit'
      WHERE id = ${oneCashVoucher}`,
  ],
  cashChangeWithoutAudit: [
    sql`INSERT INTO cash_movements (account_id, type, amount, balance_after, reason, created_at)
      SELECT id, 'adjustment_credit', 1, cash_balance + 1, 'no audit', created_at FROM billing_accounts ORDER BY id LIMIT 1`,
  ],
};

class Rollback extends Error {}

/** Runs the statements and the checker in one transaction, then rolls it back. */
async function violationsAfter(db: Db, statements: SQL[]) {
  let found: Partial<Record<InvariantName, unknown[]>> = {};
  try {
    await db.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(statement);
      found = await findInvariantViolations(tx as unknown as Db);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return found;
}

describe("the invariant checker", () => {
  it("finds nothing on the seeded demo data", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });

  it("has a breaking statement for every invariant it checks", () => {
    expect(Object.keys(BREAKS).sort()).toEqual([...INVARIANT_NAMES].sort());
  });

  for (const name of INVARIANT_NAMES) {
    it(`names ${name} when it is broken`, async () => {
      const found = await violationsAfter(getDatabase().db, BREAKS[name]!);
      expect(Object.keys(found)).toContain(name);
      expect(found[name]!.length).toBeGreaterThan(0);
    });
  }

  it("each break was rolled back: the data is sound again", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });
});
