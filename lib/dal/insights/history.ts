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
 * the period [from, until) exactly, for its amounts and counts (not to list records):
 * each voucher's successful records before `from`, per type (they only make the
 * opening), and those of the period per type and per stretch between two of the
 * voucher's own changes (redeemed, effective, expiring, voided). Within a stretch
 * the voucher stays in one bucket of the statement, so where a record falls in it
 * changes nothing (lib/insights/statement.ts: a change at the same instant as a
 * record comes before it, so a record's stretch is the number of changes at or
 * before it). A group is dated by its first record and has its lowest id.
 * On the large account the statement reads a few thousand groups instead of a
 * million records (docs/performance.md, "The statement's groups").
 */
export async function loadKindHistoryGrouped(db: Db, accountId: number, kind: StoredValueKind, from: Date, until: Date): Promise<KindHistory> {
  if (Number.isNaN(from.getTime()) || Number.isNaN(until.getTime())) throw new RangeError("from and until must be valid dates");
  const voucherRows = await kindVouchers(db, accountId, kind, until);
  const r = usageRecords;
  const v = vouchers;
  const fromAt = sql`${from.toISOString()}::timestamptz`;
  const untilAt = sql`${until.toISOString()}::timestamptz`;
  const stretch = sql`CASE WHEN ${r.createdAt} < ${fromAt} THEN -1 ELSE
      (${r.createdAt} >= ${v.createdAt})::int + (${r.createdAt} >= ${v.effectiveAt})::int + (${r.createdAt} >= ${v.expiresAt})::int
      + (${v.voidedAt} IS NOT NULL AND ${r.createdAt} >= ${v.voidedAt})::int END`;
  const groups = rowsOf<{ id: string | number; voucher_id: string | number; type: "deduction" | "refund"; amount: string | number; created_at: string | Date; count: string | number }>(
    await db.execute(sql`SELECT min(${r.id}) AS id, ${r.voucherId} AS voucher_id, ${r.type} AS type, sum(${r.amount}) AS amount,
        min(${r.createdAt}) AS created_at, count(*) AS count
      FROM ${r} JOIN ${v} ON ${v.id} = ${r.voucherId}
      WHERE ${ofKind(accountId, kind, until)} AND ${r.accountId} = ${accountId} AND ${r.createdAt} < ${untilAt} AND ${r.status} = 'success'
      GROUP BY ${r.voucherId}, ${r.type}, ${stretch}
      ORDER BY 5, 1`),
  );
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
