import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { billingAccounts, orders, products, redemptionCodes, usageRecords, users, voucherBatches, vouchers } from "@/db/schema";
import { newPublicId } from "@/lib/ids";
import { windowAt, type TermsInput, type ValidityInput } from "@/lib/admin/terms-form";
import type { DiscountTerms, VoucherKind, VoucherStatus } from "@/lib/vouchers/kinds";
import { voucherStatus } from "@/lib/vouchers/status";
import { checkReason, writeAudit } from "../audit";
import { recordEvents } from "../events";
import { claimIdempotencyKey } from "../idempotency";
import { voucherStatusSql } from "../status-sql";
import { ROW_LOCK, transactionWithRetry } from "../tx";
import { discountTermsOf } from "../vouchers";
import { DalError } from "../errors";
import { requireAdmin, type Viewer } from "../viewer";
import { providerNamesSql } from "../providers";
import { requestLocale } from "../request-locale";
import { FAILURE_COLUMNS, withFailureText } from "../usage";
import { checkValidity, resolveTerms } from "./resolve-terms";

/** A voucher as an admin lists it: with its account. */
export interface AdminVoucherRow {
  publicId: string;
  kind: VoucherKind;
  status: VoucherStatus;
  faceValue: number | null;
  balance: number | null;
  terms: DiscountTerms | null;
  providers: string[] | null;
  effectiveAt: Date;
  expiresAt: Date;
  accountPublicId: string;
  accountName: string;
  batchName: string | null;
  createdAt: Date;
}

export interface VoucherSearch {
  voucherId?: string;
  /** A customer's email, exact (case-insensitive): lists the vouchers of that customer's account. */
  email?: string;
}

const SEARCH_LIMIT = 200;

function voucherRowSelect(now: Date) {
  return {
    publicId: vouchers.publicId,
    kind: vouchers.kind,
    status: voucherStatusSql(now),
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
    accountPublicId: billingAccounts.publicId,
    accountName: billingAccounts.name,
    batchName: voucherBatches.name,
    createdAt: vouchers.createdAt,
  };
}

type SelectedRow = Omit<AdminVoucherRow, "terms"> & Parameters<typeof discountTermsOf>[0];

export function toAdminVoucherRow(r: SelectedRow): AdminVoucherRow {
  return {
    publicId: r.publicId,
    kind: r.kind,
    status: r.status,
    faceValue: r.faceValue,
    balance: r.balance,
    terms: discountTermsOf(r),
    providers: r.providers,
    effectiveAt: r.effectiveAt,
    expiresAt: r.expiresAt,
    accountPublicId: r.accountPublicId,
    accountName: r.accountName,
    batchName: r.batchName,
    createdAt: r.createdAt,
  };
}

/**
 * Admin only: vouchers by exact Voucher ID, or all vouchers of the account of
 * the customer with this email (newest first, at most 200). Nothing for an
 * empty search. Finding by code is `findCode` (by keyed hash, never via a URL).
 */
export async function searchVouchers(viewer: Viewer | null, search: VoucherSearch, now: Date): Promise<AdminVoucherRow[]> {
  requireAdmin(viewer);
  if (!search.voucherId && !search.email) return [];
  const db = await getDb();
  const rows = await db
    .select(voucherRowSelect(now))
    .from(vouchers)
    .innerJoin(billingAccounts, eq(billingAccounts.id, vouchers.accountId))
    .leftJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
    .where(
      and(
        search.voucherId ? eq(vouchers.publicId, search.voucherId) : undefined,
        search.email
          ? sql`${vouchers.accountId} IN (SELECT ${users.billingAccountId} FROM ${users} WHERE lower(${users.email}) = ${search.email.toLowerCase()})`
          : undefined,
      ),
    )
    .orderBy(desc(vouchers.createdAt), desc(vouchers.id))
    .limit(SEARCH_LIMIT);
  return rows.map(toAdminVoucherRow);
}

/** Admin only: one voucher with its account, batch, code (last 4), who granted or voided it, and its usage history. */
export async function getVoucherDetail(viewer: Viewer | null, voucherPublicId: string, now: Date) {
  requireAdmin(viewer);
  const db = await getDb();
  const voidedBy = alias(users, "voided_by_user");
  const grantedBy = alias(users, "granted_by_user");
  const [row] = await db
    .select({
      ...voucherRowSelect(now),
      scopeProductName: products.name,
      batchPublicId: voucherBatches.publicId,
      codeLast4: redemptionCodes.last4,
      voidedAt: vouchers.voidedAt,
      voidReason: vouchers.voidReason,
      voidedByEmail: voidedBy.email,
      grantedByEmail: grantedBy.email,
      consumedAt: vouchers.consumedAt,
      id: vouchers.id,
    })
    .from(vouchers)
    .innerJoin(billingAccounts, eq(billingAccounts.id, vouchers.accountId))
    .leftJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
    .leftJoin(products, eq(products.id, vouchers.scopeProductId))
    .leftJoin(redemptionCodes, eq(redemptionCodes.id, vouchers.codeId))
    .leftJoin(voidedBy, eq(voidedBy.id, vouchers.voidedBy))
    .leftJoin(grantedBy, eq(grantedBy.id, vouchers.grantedBy))
    .where(eq(vouchers.publicId, voucherPublicId));
  if (!row) throw new DalError({ code: "not_found", reason: "voucher" });
  const locale = await requestLocale();
  const usage = await db
    .select({
      createdAt: usageRecords.createdAt,
      orderPublicId: orders.publicId,
      type: usageRecords.type,
      status: usageRecords.status,
      amount: usageRecords.amount,
      balanceAfter: usageRecords.balanceAfter,
      ...FAILURE_COLUMNS,
    })
    .from(usageRecords)
    .leftJoin(orders, eq(orders.id, usageRecords.orderId))
    .where(eq(usageRecords.voucherId, row.id))
    .orderBy(desc(usageRecords.createdAt), desc(usageRecords.id))
    .limit(500);
  const { id: _id, ...rest } = row;
  return {
    ...toAdminVoucherRow(rest),
    scopeProductName: rest.scopeProductName,
    batchPublicId: rest.batchPublicId,
    codeLast4: rest.codeLast4,
    voidedAt: rest.voidedAt,
    voidReason: rest.voidReason,
    voidedByEmail: rest.voidedByEmail,
    grantedByEmail: rest.grantedByEmail,
    consumedAt: rest.consumedAt,
    usage: usage.map((u) => withFailureText(u, locale)),
  };
}
export type VoucherDetail = Awaited<ReturnType<typeof getVoucherDetail>>;

/**
 * Admin only: voids one voucher with a reason (SPEC 4 and 8). The row is locked,
 * its balance left as it is: from now on its status is Voided and that balance
 * counts as the voided amount, so the customer's summary stays exact. Refuses
 * a voucher that is already voided.
 */
/** What a void takes from the customer: the balance, unless the voucher had expired (its value was lost then, not now). */
function voidLoss(balance: number | null, status: VoucherStatus): number | null {
  if (balance === null) return null;
  return status === "expired" ? 0 : balance;
}

export async function voidVoucher(
  viewer: Viewer | null,
  input: { voucherPublicId: string; reason: string },
  now: Date,
): Promise<{ publicId: string; voidedAmount: number | null }> {
  const actor = requireAdmin(viewer);
  const reason = checkReason(input.reason);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const [v] = await tx.select().from(vouchers).where(eq(vouchers.publicId, input.voucherPublicId)).for(ROW_LOCK);
    if (!v) throw new DalError({ code: "not_found", reason: "voucher" });
    if (v.voidedAt) throw new DalError({ code: "conflict", reason: "voucher_voided" });
    const before = voucherStatus(v, now);
    await tx.update(vouchers).set({ voidedAt: now, voidedBy: actor.userId, voidReason: reason }).where(eq(vouchers.id, v.id));
    await recordEvents(tx, [{ type: "voucher.voided", accountId: v.accountId, payload: { voucherId: v.publicId, kind: v.kind, amountLost: voidLoss(v.balance, before), reason } }], now);
    await writeAudit(
      tx,
      actor,
      {
        action: "voucher.void",
        targetType: "voucher",
        targetId: v.publicId,
        before: { status: before, balance: v.balance, voidedAt: null },
        after: { status: "voided", voidedAmount: v.balance, voidedAt: now.toISOString() },
        reason,
      },
      now,
    );
    return { publicId: v.publicId, voidedAmount: v.balance };
  });
}

export interface GrantRequest {
  accountEmail: string;
  terms: TermsInput;
  /** "days" count from the grant. */
  validity: ValidityInput;
  reason: string;
  /** The form's key: the same key grants once. */
  requestKey?: string;
}

/**
 * Admin only: grants a voucher straight to the account of the customer with
 * this email (SPEC 8), without a code or batch. The voucher's window is fixed
 * now; its terms are checked like a batch's.
 */
export async function grantVoucher(
  viewer: Viewer | null,
  input: GrantRequest,
  now: Date,
): Promise<{ publicId: string; accountPublicId: string; kind: VoucherKind }> {
  const actor = requireAdmin(viewer);
  checkValidity(input.validity, now);
  const reason = checkReason(input.reason);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const [account] = await tx
      .select({ id: billingAccounts.id, publicId: billingAccounts.publicId })
      .from(users)
      .innerJoin(billingAccounts, eq(billingAccounts.id, users.billingAccountId))
      .where(eq(sql`lower(${users.email})`, input.accountEmail.trim().toLowerCase()));
    if (!account) throw new DalError({ code: "not_found", reason: "customer_email" });
    if (input.requestKey && !(await claimIdempotencyKey(tx, `voucher.grant:${actor.userId}`, input.requestKey, `${account.publicId}:${reason}`, now))) {
      throw new DalError({ code: "conflict", reason: "voucher_granted" });
    }
    const { columns, audit } = await resolveTerms(tx, input.terms);
    const { effectiveAt, expiresAt } = windowAt(input.validity, now);
    const [voucher] = await tx
      .insert(vouchers)
      .values({
        publicId: newPublicId("vch"),
        accountId: account.id,
        ...columns,
        balance: columns.faceValue,
        effectiveAt,
        expiresAt,
        grantedBy: actor.userId,
        createdAt: now,
      })
      .returning({ publicId: vouchers.publicId });
    await recordEvents(
      tx,
      [
        {
          type: "voucher.granted",
          accountId: account.id,
          payload: {
            voucherId: voucher!.publicId,
            kind: input.terms.kind,
            faceValue: columns.faceValue,
            effectiveAt: effectiveAt.toISOString(),
            expiresAt: expiresAt.toISOString(),
            reason,
          },
        },
      ],
      now,
    );
    await writeAudit(
      tx,
      actor,
      {
        action: "voucher.grant",
        targetType: "voucher",
        targetId: voucher!.publicId,
        before: null,
        after: { account: account.publicId, ...audit, effectiveAt: effectiveAt.toISOString(), expiresAt: expiresAt.toISOString() },
        reason,
      },
      now,
    );
    return { publicId: voucher!.publicId, accountPublicId: account.publicId, kind: input.terms.kind };
  });
}
