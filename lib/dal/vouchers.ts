import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { billingAccounts, voucherBatches, vouchers } from "@/db/schema";
import type { DiscountTerms, StoredValueKind, VoucherKind, VoucherStatus } from "@/lib/vouchers/kinds";
import { VOUCHER_STATUSES } from "@/lib/vouchers/kinds";
import type { AmountsSummary } from "@/lib/vouchers/summary";
import { at, voucherStatusSql } from "./status-sql";
import { requireAccount, type Viewer } from "./viewer";

/** A voucher as the customer sees it. */
export interface VoucherView {
  publicId: string;
  kind: VoucherKind;
  status: VoucherStatus;
  faceValue: number | null;
  balance: number | null;
  terms: DiscountTerms | null;
  providers: string[] | null;
  effectiveAt: Date;
  expiresAt: Date;
  voidedAt: Date | null;
  voidReason: string | null;
  batchName: string | null;
}

type VoucherRow = typeof vouchers.$inferSelect;

export function discountTermsOf(
  v: Pick<VoucherRow, "kind" | "amountOff" | "minOrderAmount" | "payBasisPoints" | "maxDiscount" | "scopeProductId">,
): DiscountTerms | null {
  if (v.kind !== "discount") return null;
  if (v.amountOff !== null) {
    return { type: "amount_off", amountOff: v.amountOff, minOrderAmount: v.minOrderAmount, productId: v.scopeProductId };
  }
  return { type: "percent_off", payBasisPoints: v.payBasisPoints ?? 10_000, maxDiscount: v.maxDiscount, productId: v.scopeProductId };
}

function selectVoucherViews(now: Date) {
  return {
    row: vouchers,
    status: voucherStatusSql(now),
    batchName: voucherBatches.name,
  };
}

function toView(r: { row: VoucherRow; status: VoucherStatus; batchName: string | null }): VoucherView {
  const v = r.row;
  return {
    publicId: v.publicId,
    kind: v.kind,
    status: r.status,
    faceValue: v.faceValue,
    balance: v.balance,
    terms: discountTermsOf(v),
    providers: v.providers,
    effectiveAt: v.effectiveAt,
    expiresAt: v.expiresAt,
    voidedAt: v.voidedAt,
    voidReason: v.voidReason,
    batchName: r.batchName,
  };
}

/** Customer: the vouchers of one kind on the caller's own account, soonest expiry first. */
export async function listMyVouchers(viewer: Viewer | null, kind: VoucherKind, now: Date): Promise<VoucherView[]> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const rows = await db
    .select(selectVoucherViews(now))
    .from(vouchers)
    .leftJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
    .where(and(eq(vouchers.accountId, accountId), eq(vouchers.kind, kind)))
    .orderBy(asc(vouchers.expiresAt), asc(vouchers.balance), asc(vouchers.createdAt), asc(vouchers.id));
  return rows.map(toView);
}

/**
 * Customer: the SPEC 4 amounts of the caller's stored-value vouchers of one kind,
 * summed by the database with the same rules as `summarizeAmounts`.
 */
export async function getMyAmountsSummary(viewer: Viewer | null, kind: StoredValueKind, now: Date): Promise<AmountsSummary> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const status = voucherStatusSql(now);
  const sumWhere = (s: VoucherStatus) =>
    sql<number>`coalesce(sum(${vouchers.balance}) filter (where ${status} = ${s}), 0)::bigint`.mapWith(Number);
  const [row] = await db
    .select({
      totalFaceValue: sql<number>`coalesce(sum(${vouchers.faceValue}), 0)::bigint`.mapWith(Number),
      used: sql<number>`coalesce(sum(${vouchers.faceValue} - ${vouchers.balance}), 0)::bigint`.mapWith(Number),
      expired: sumWhere("expired"),
      voided: sumWhere("voided"),
      notEffective: sumWhere("not_effective"),
      balance: sumWhere("available"),
    })
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), eq(vouchers.kind, kind)));
  return row ?? { totalFaceValue: 0, used: 0, expired: 0, voided: 0, notEffective: 0, balance: 0 };
}

/** Customer: how many of the caller's discount vouchers are in each status. */
export async function getMyDiscountCounts(viewer: Viewer | null, now: Date): Promise<Record<VoucherStatus, number>> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const status = voucherStatusSql(now);
  const rows = await db
    .select({ status, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), eq(vouchers.kind, "discount")))
    .groupBy(sql`1`);
  const counts = Object.fromEntries(VOUCHER_STATUSES.map((s) => [s, 0])) as Record<VoucherStatus, number>;
  for (const r of rows) counts[r.status] = r.count;
  return counts;
}

export interface BillingOverview {
  cashBalance: number;
  /** What post-paid charges left unpaid: max(0, -cash balance). */
  arrears: number;
  availableBalance: Record<StoredValueKind, number>;
  availableDiscounts: number;
  /** Available vouchers that expire within `expiringWithinDays` days. */
  expiringSoon: VoucherView[];
}

export const EXPIRING_WITHIN_DAYS = 7;

/** Customer: the Billing Center overview of the caller's own account. */
export async function getMyBillingOverview(viewer: Viewer | null, now: Date): Promise<BillingOverview> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const status = voucherStatusSql(now);
  const [account] = await db
    .select({ cashBalance: billingAccounts.cashBalance })
    .from(billingAccounts)
    .where(eq(billingAccounts.id, accountId));
  const perKind = await db
    .select({
      kind: vouchers.kind,
      balance: sql<number>`coalesce(sum(${vouchers.balance}), 0)::bigint`.mapWith(Number),
      count: sql<number>`count(*)::int`.mapWith(Number),
    })
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), sql`${status} = 'available'`))
    .groupBy(vouchers.kind);
  const soonRows = await db
    .select(selectVoucherViews(now))
    .from(vouchers)
    .leftJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
    .where(
      and(
        eq(vouchers.accountId, accountId),
        sql`${status} = 'available'`,
        sql`${vouchers.expiresAt} < ${at(now)} + make_interval(days => ${EXPIRING_WITHIN_DAYS})`,
      ),
    )
    .orderBy(asc(vouchers.expiresAt), asc(vouchers.id));
  const cashBalance = account?.cashBalance ?? 0;
  const byKind = (k: VoucherKind) => perKind.find((r) => r.kind === k);
  return {
    cashBalance,
    arrears: cashBalance < 0 ? -cashBalance : 0,
    availableBalance: { cash: byKind("cash")?.balance ?? 0, compute: byKind("compute")?.balance ?? 0 },
    availableDiscounts: byKind("discount")?.count ?? 0,
    expiringSoon: soonRows.map(toView),
  };
}
