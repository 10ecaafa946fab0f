import "server-only";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { usageRecords, vouchers } from "@/db/schema";
import type { StatementRecord, StatementVoucher } from "@/lib/insights/statement";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { rowsOf } from "../tx";

/** A usage record, or a group of records that stands for them (`count` of them; 1 for a record). */
export type CountedRecord = StatementRecord & { count: number };

/** An account's history of one stored-value kind, as the pure insight functions read it. */
export interface KindHistory {
  vouchers: StatementVoucher[];
  records: CountedRecord[];
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
  const voucherRows = await kindVouchers(db, accountId, kind, until);
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
    .where(and(ofKind(accountId, kind, until), eq(usageRecords.accountId, accountId), lt(usageRecords.createdAt, until)))
    .orderBy(asc(usageRecords.createdAt), asc(usageRecords.id));
  return { vouchers: voucherRows, records: recordRows.map((r) => ({ ...r, count: 1 })) };
}

/**
 * The same history with the records summed into groups that give the statement of
 * the period [from, until) exactly, for its amounts and counts (not to list records),
 * reading only the records from `from` on (docs/performance.md, "The statement's groups"):
 * - In the period, one group per voucher, type and stretch between two of the
 *   voucher's own changes (redeemed, effective, expiring, voided). Within a stretch
 *   the voucher stays in one bucket of the statement, so where a record falls in it
 *   changes nothing (lib/insights/statement.ts: a change at the same instant as a
 *   record comes before it, so a record's stretch is the number of changes at or
 *   before it). A group is dated by its first record and has its lowest id.
 * - Before the period, what the records took from each voucher makes only the
 *   opening, so one group stands for them (id −voucher id, count 0, dated at the
 *   redemption): face value − balance now − the net of its records from `from` on,
 *   since face value − balance is the net of all its records (an invariant,
 *   test/invariants.ts), the identity the balance chart uses too.
 */
export async function loadKindHistoryGrouped(db: Db, accountId: number, kind: StoredValueKind, from: Date, until: Date): Promise<KindHistory> {
  if (Number.isNaN(from.getTime()) || Number.isNaN(until.getTime())) throw new RangeError("from and until must be valid dates");
  const fromAt = sql`${from.toISOString()}::timestamptz`;
  const untilAt = sql`${until.toISOString()}::timestamptz`;
  // The vouchers and the groups are independent reads: sent together.
  const [voucherRows, groupResult] = await Promise.all([
    kindVouchers(db, accountId, kind, until),
    db.execute(sql`WITH recs AS (
        SELECT r.id, r.voucher_id, r.type, r.amount, r.created_at,
          (r.created_at >= v.created_at)::int + (r.created_at >= v.effective_at)::int + (r.created_at >= v.expires_at)::int
            + (v.voided_at IS NOT NULL AND r.created_at >= v.voided_at)::int AS stretch
        FROM usage_records r JOIN vouchers v ON v.id = r.voucher_id
        WHERE v.account_id = ${accountId} AND v.kind = ${kind} AND v.created_at < ${untilAt}
          AND r.account_id = ${accountId} AND r.status = 'success' AND r.created_at >= ${fromAt}
      ), since AS (
        SELECT voucher_id, sum(CASE WHEN type = 'refund' THEN -amount ELSE amount END) AS net FROM recs GROUP BY voucher_id
      ), before AS (
        SELECT v.id, v.created_at, v.face_value - v.balance - coalesce(since.net, 0) AS net
        FROM vouchers v LEFT JOIN since ON since.voucher_id = v.id
        WHERE v.account_id = ${accountId} AND v.kind = ${kind} AND v.created_at < ${fromAt}
      )
      SELECT min(id) AS id, voucher_id, type, sum(amount) AS amount, min(created_at) AS created_at, count(*) AS count
        FROM recs WHERE created_at < ${untilAt} GROUP BY voucher_id, type, stretch
      UNION ALL
      SELECT -id, id, (CASE WHEN net > 0 THEN 'deduction' ELSE 'refund' END)::usage_type, abs(net), created_at, 0
        FROM before WHERE net <> 0
      ORDER BY 5, 1`),
  ]);
  const groups = rowsOf<{ id: string | number; voucher_id: string | number; type: "deduction" | "refund"; amount: string | number; created_at: string | Date; count: string | number }>(groupResult);
  return {
    vouchers: voucherRows,
    records: groups.map((g) => ({
      id: Number(g.id),
      voucherId: Number(g.voucher_id),
      type: g.type,
      status: "success" as const,
      amount: Number(g.amount),
      createdAt: new Date(g.created_at),
      count: Number(g.count),
    })),
  };
}

const ofKind = (accountId: number, kind: StoredValueKind, until: Date) => and(eq(vouchers.accountId, accountId), eq(vouchers.kind, kind), lt(vouchers.createdAt, until));

function kindVouchers(db: Db, accountId: number, kind: StoredValueKind, until: Date): Promise<StatementVoucher[]> {
  return db
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
    .where(ofKind(accountId, kind, until))
    .orderBy(asc(vouchers.createdAt), asc(vouchers.id));
}
