import "server-only";
import { asc, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { billingAccounts, cashMovements, orderItems, orders, users, voucherBatches, vouchers } from "@/db/schema";
import { orderStatusAt } from "@/lib/orders/status";
import { countByStatus, summarizeAmounts, type AmountsSummary } from "@/lib/vouchers/summary";
import type { StoredValueKind, VoucherStatus } from "@/lib/vouchers/kinds";
import { voucherStatusSql } from "../status-sql";
import { providerNamesSql } from "../providers";
import { DalError } from "../errors";
import { requireAdmin, type Viewer } from "../viewer";
import { toAdminVoucherRow, type AdminVoucherRow } from "./vouchers";

export interface AccountRow {
  publicId: string;
  name: string;
  cashBalance: number;
  emails: string[];
  createdAt: Date;
}

/** `%` and `_` typed by a person are literal characters in a LIKE pattern, not wildcards. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Admin only: billing accounts whose users' emails contain `email` (all when empty), newest first, at most 100. */
export async function searchAccounts(viewer: Viewer | null, email: string): Promise<AccountRow[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const needle = email.trim().toLowerCase();
  const emails = sql<string[]>`coalesce(array_agg(${users.email} ORDER BY ${users.email}) FILTER (WHERE ${users.email} IS NOT NULL), '{}')`;
  return db
    .select({
      publicId: billingAccounts.publicId,
      name: billingAccounts.name,
      cashBalance: billingAccounts.cashBalance,
      emails,
      createdAt: billingAccounts.createdAt,
    })
    .from(billingAccounts)
    .leftJoin(users, eq(users.billingAccountId, billingAccounts.id))
    .where(
      needle
        ? sql`${billingAccounts.id} IN (SELECT ${users.billingAccountId} FROM ${users} WHERE lower(${users.email}) LIKE ${likeContains(needle)})`
        : undefined,
    )
    .groupBy(billingAccounts.id)
    .orderBy(desc(billingAccounts.createdAt), desc(billingAccounts.id))
    .limit(100);
}

export interface AccountDetail {
  publicId: string;
  name: string;
  cashBalance: number;
  arrears: number;
  users: Array<{ email: string; name: string }>;
  amounts: Record<StoredValueKind, AmountsSummary>;
  discountCounts: Record<VoucherStatus, number>;
  vouchers: AdminVoucherRow[];
  orders: Array<{ publicId: string; status: string; amount: number; refundedAmount: number; productName: string | null; quantity: number | null; createdAt: Date }>;
  cashMovements: Array<{ type: string; amount: number; balanceAfter: number; reason: string | null; createdAt: Date }>;
}

/**
 * Admin only: one account as support sees it: cash balance (and arrears), the
 * SPEC 4 amounts of each stored-value kind, discount counts, every voucher, the
 * latest orders and cash movements.
 */
export async function getAccountDetail(viewer: Viewer | null, accountPublicId: string, now: Date): Promise<AccountDetail> {
  requireAdmin(viewer);
  const db = await getDb();
  const [account] = await db.select().from(billingAccounts).where(eq(billingAccounts.publicId, accountPublicId));
  if (!account) throw new DalError({ code: "not_found", reason: "account" });
  const status = voucherStatusSql(now);
  const [accountUsers, voucherRows, orderRows, movements] = await Promise.all([
    db.select({ email: users.email, name: users.name }).from(users).where(eq(users.billingAccountId, account.id)).orderBy(asc(users.email)),
    db
      .select({
        publicId: vouchers.publicId,
        kind: vouchers.kind,
        status,
        faceValue: vouchers.faceValue,
        balance: vouchers.balance,
        amountOff: vouchers.amountOff,
        minOrderAmount: vouchers.minOrderAmount,
        payBasisPoints: vouchers.payBasisPoints,
        maxDiscount: vouchers.maxDiscount,
        scopeProductId: vouchers.scopeProductId,
        providers: providerNamesSql(vouchers.providerIds),
        effectiveAt: vouchers.effectiveAt,
        expiresAt: vouchers.expiresAt,
        accountPublicId: sql<string>`${account.publicId}::text`,
        accountName: sql<string>`${account.name}::text`,
        batchName: voucherBatches.name,
        createdAt: vouchers.createdAt,
      })
      .from(vouchers)
      .leftJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
      .where(eq(vouchers.accountId, account.id))
      .orderBy(asc(vouchers.kind), asc(vouchers.expiresAt), asc(vouchers.id)),
    db
      .select({
        publicId: orders.publicId,
        status: orders.status,
        expiresAt: orders.expiresAt,
        amount: orders.amount,
        refundedAmount: orders.refundedAmount,
        productName: sql<string | null>`(SELECT ${orderItems.productName} FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} ORDER BY ${orderItems.id} LIMIT 1)`,
        quantity: sql<number | null>`(SELECT ${orderItems.quantity} FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} ORDER BY ${orderItems.id} LIMIT 1)`,
        createdAt: orders.createdAt,
      })
      .from(orders)
      .where(eq(orders.accountId, account.id))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(50),
    db
      .select({ type: cashMovements.type, amount: cashMovements.amount, balanceAfter: cashMovements.balanceAfter, reason: cashMovements.reason, createdAt: cashMovements.createdAt })
      .from(cashMovements)
      .where(eq(cashMovements.accountId, account.id))
      .orderBy(desc(cashMovements.createdAt), desc(cashMovements.id))
      .limit(20),
  ]);
  const list = voucherRows.map(toAdminVoucherRow);
  const storedOf = (kind: StoredValueKind) =>
    summarizeAmounts(list.filter((v) => v.kind === kind).map((v) => ({ faceValue: v.faceValue ?? 0, balance: v.balance ?? 0, status: v.status })));
  return {
    publicId: account.publicId,
    name: account.name,
    cashBalance: account.cashBalance,
    arrears: account.cashBalance < 0 ? -account.cashBalance : 0,
    users: accountUsers,
    amounts: { cash: storedOf("cash"), compute: storedOf("compute") },
    discountCounts: countByStatus(list.filter((v) => v.kind === "discount").map((v) => v.status)),
    vouchers: list,
    orders: orderRows.map(({ expiresAt, ...o }) => ({
      ...o,
      status: orderStatusAt({ status: o.status, expiresAt }, now),
      quantity: o.quantity === null ? null : Number(o.quantity),
    })),
    cashMovements: movements,
  };
}
