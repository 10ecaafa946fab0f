import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import type { Db } from "@/db";
import { usageRecords, vouchers } from "@/db/schema";
import type { StatementRecord, StatementVoucher } from "@/lib/insights/statement";
import type { StoredValueKind } from "@/lib/vouchers/kinds";

/** An account's history of one stored-value kind, as the pure insight functions read it. */
export interface KindHistory {
  vouchers: StatementVoucher[];
  records: StatementRecord[];
}

/**
 * The facts the statement and the balance-over-time chart are derived from
 * (lib/insights/statement.ts `monthlyStatement`, `balancesAt`): the account's
 * vouchers of `kind` redeemed or granted before `until`, and the usage records
 * (successes and failures; the pure functions skip failures) on those vouchers
 * created before `until`. Everything later cannot change the state at any
 * instant up to `until`, so `until` is the last instant the caller asks about
 * (a month's end, or `now`).
 *
 * Not an entry point: it does not authorize. Callers pass an account they have
 * already authorized (`requireAccount`, `requireAdmin`); the account and the
 * kind are filtered in SQL, and records are read only through the same voucher
 * filter, so every record's voucher is in `vouchers` (the pure functions throw
 * otherwise). Ordered by (created_at, id) for a deterministic result.
 */
export async function loadKindHistory(db: Db, accountId: number, kind: StoredValueKind, until: Date): Promise<KindHistory> {
  if (Number.isNaN(until.getTime())) throw new RangeError("until must be a valid date");
  const ofKind = and(eq(vouchers.accountId, accountId), eq(vouchers.kind, kind), lt(vouchers.createdAt, until));
  const voucherRows = await db
    .select({
      id: vouchers.id,
      publicId: vouchers.publicId,
      kind: vouchers.kind,
      faceValue: vouchers.faceValue,
      createdAt: vouchers.createdAt,
      effectiveAt: vouchers.effectiveAt,
      expiresAt: vouchers.expiresAt,
      voidedAt: vouchers.voidedAt,
    })
    .from(vouchers)
    .where(ofKind)
    .orderBy(asc(vouchers.createdAt), asc(vouchers.id));
  const recordRows = await db
    .select({
      id: usageRecords.id,
      voucherId: usageRecords.voucherId,
      type: usageRecords.type,
      status: usageRecords.status,
      amount: usageRecords.amount,
      createdAt: usageRecords.createdAt,
    })
    .from(usageRecords)
    .innerJoin(vouchers, eq(vouchers.id, usageRecords.voucherId))
    .where(and(ofKind, eq(usageRecords.accountId, accountId), lt(usageRecords.createdAt, until)))
    .orderBy(asc(usageRecords.createdAt), asc(usageRecords.id));
  return { vouchers: voucherRows, records: recordRows };
}
