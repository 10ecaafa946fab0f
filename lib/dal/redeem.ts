import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { events, products, redemptionCodes, voucherBatches, vouchers } from "@/db/schema";
import { addressBucket } from "@/lib/client-ip";
import { redemptionLimits, voucherCodeSecret } from "@/lib/config";
import { newPublicId } from "@/lib/ids";
import { combineVerdicts } from "@/lib/rate-limit";
import { codeLast4, parseCode } from "@/lib/vouchers/code";
import { hashCode } from "@/lib/vouchers/code-crypto";
import type { DiscountTerms, VoucherKind } from "@/lib/vouchers/kinds";
import { codeFailure, validityAt, type RedeemFailure } from "@/lib/vouchers/redeem";
import { eventRow } from "./events";
import { providerNamesSql } from "./providers";
import { countAttemptsIn, type Bucket } from "./rate-limit";
import { at } from "./status-sql";
import { insertSelect, rowsOf } from "./tx";
import { discountTermsOf } from "./vouchers";
import { requireAccount, type Viewer } from "./viewer";

export interface RedeemInput {
  code: string;
  /** The tab the customer is on; a code of another kind is refused with its kind named. */
  kind: VoucherKind;
}

export interface RedeemContext {
  /** The client address, from lib/client-ip.ts. */
  ip: string;
  now: Date;
}

/** What a code will give, shown by Check before anything changes. */
export interface CodePreview {
  kind: VoucherKind;
  batchName: string;
  faceValue: number | null;
  terms: DiscountTerms | null;
  scopeProductName: string | null;
  providers: string[] | null;
  /** Days valid from redemption, or null for a fixed window. */
  validDays: number | null;
  /** The window the voucher would get if redeemed now. */
  effectiveAt: Date;
  expiresAt: Date;
  codeLast4: string;
}

export type RedeemResult<T> = { ok: true; value: T } | { ok: false; failure: RedeemFailure };

type Batch = typeof voucherBatches.$inferSelect;
type Code = typeof redemptionCodes.$inferSelect;

/** The two buckets a redemption attempt counts in: the caller's account and the client address. */
export function redeemBuckets(accountId: number, ip: string): Bucket[] {
  const limits = redemptionLimits();
  return [
    { key: `redeem:account:${accountId}`, rule: limits.account },
    { key: `redeem:ip:${addressBucket(ip)}`, rule: limits.ip },
  ];
}

/**
 * Counts the attempt in both buckets (account and client IP, one statement)
 * before anything else, so a locked-out account is refused even a valid code,
 * and a wrong code costs an attempt like a right one.
 */
async function limitAttempt(db: Db, accountId: number, ctx: RedeemContext): Promise<RedeemFailure | null> {
  const verdict = combineVerdicts(await countAttemptsIn(db, redeemBuckets(accountId, ctx.ip), ctx.now));
  return verdict.limited ? { code: "rate_limited", retryAfterMinutes: verdict.retryAfterMinutes } : null;
}

/** Finds the code by its keyed hash, with its batch; never by the plain code. */
async function findCode(
  db: Db,
  normalized: string,
): Promise<{ code: Code; batch: Batch; productName: string | null; providerNames: string[] | null } | null> {
  const [row] = await db
    .select({ code: redemptionCodes, batch: voucherBatches, productName: products.name, providerNames: providerNamesSql(voucherBatches.providerIds) })
    .from(redemptionCodes)
    .innerJoin(voucherBatches, eq(voucherBatches.id, redemptionCodes.batchId))
    .leftJoin(products, eq(products.id, voucherBatches.scopeProductId))
    .where(eq(redemptionCodes.codeHash, hashCode(normalized, voucherCodeSecret())));
  return row ?? null;
}

/** Rate limit, format, lookup and state checks shared by Check and Redeem. */
async function resolveCode(viewer: Viewer | null, input: RedeemInput, ctx: RedeemContext) {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const limited = await limitAttempt(db, accountId, ctx);
  if (limited) return { ok: false as const, failure: limited };
  const parsed = parseCode(input.code);
  if (!parsed.ok) return { ok: false as const, failure: { code: "format", reason: parsed.reason } satisfies RedeemFailure };
  const found = await findCode(db, parsed.code);
  if (!found) return { ok: false as const, failure: { code: "invalid", reason: "unknown" } satisfies RedeemFailure };
  const failure = codeFailure(found.code, found.batch, input.kind, accountId, ctx.now);
  if (failure) return { ok: false as const, failure };
  return { ok: true as const, accountId, db, normalized: parsed.code, ...found };
}

function previewOf(batch: Batch, productName: string | null, providerNames: string[] | null, normalized: string, now: Date): CodePreview {
  const window = validityAt(batch, now);
  return {
    kind: batch.kind,
    batchName: batch.name,
    faceValue: batch.faceValue,
    terms: discountTermsOf(batch),
    scopeProductName: productName,
    providers: providerNames,
    validDays: batch.validDays,
    effectiveAt: window.effectiveAt,
    expiresAt: window.expiresAt,
    codeLast4: codeLast4(normalized),
  };
}

/** Customer: what a code would give (counts as an attempt; changes nothing else). */
export async function checkRedemptionCode(viewer: Viewer | null, input: RedeemInput, ctx: RedeemContext): Promise<RedeemResult<CodePreview>> {
  const resolved = await resolveCode(viewer, input, ctx);
  if (!resolved.ok) return resolved;
  return { ok: true, value: previewOf(resolved.batch, resolved.productName, resolved.providerNames, resolved.normalized, ctx.now) };
}

/**
 * Customer: redeems a code onto the caller's own account. One statement claims
 * the code with a guarded UPDATE (only one of any number of concurrent attempts
 * matches `redeemed_at IS NULL`) and creates exactly one voucher and its
 * `voucher.redeemed` event from the claimed row; the UNIQUE `vouchers.code_id`
 * backs that up.
 */
export async function redeemCode(
  viewer: Viewer | null,
  input: RedeemInput,
  ctx: RedeemContext,
): Promise<RedeemResult<{ publicId: string; kind: VoucherKind }>> {
  const resolved = await resolveCode(viewer, input, ctx);
  if (!resolved.ok) return resolved;
  const { db, accountId, code, batch } = resolved;
  const window = validityAt(batch, ctx.now);
  const now = at(ctx.now);
  const publicId = newPublicId("vch");
  const voucher = {
    publicId,
    accountId,
    batchId: batch.id,
    codeId: code.id,
    kind: batch.kind,
    faceValue: batch.faceValue,
    balance: batch.faceValue,
    amountOff: batch.amountOff,
    minOrderAmount: batch.minOrderAmount,
    payBasisPoints: batch.payBasisPoints,
    maxDiscount: batch.maxDiscount,
    scopeProductId: batch.scopeProductId,
    providerIds: batch.providerIds,
    effectiveAt: window.effectiveAt,
    expiresAt: window.expiresAt,
    createdAt: ctx.now,
  };
  const event = eventRow(
    {
      type: "voucher.redeemed",
      accountId,
      payload: {
        voucherId: publicId,
        kind: batch.kind,
        faceValue: batch.faceValue,
        effectiveAt: window.effectiveAt.toISOString(),
        expiresAt: window.expiresAt.toISOString(),
        batchId: batch.publicId,
      },
    },
    ctx.now,
  );
  // One statement, so one round trip and one commit: the guarded claim (only one of
  // any number of concurrent attempts matches `redeemed_at IS NULL`), then the voucher
  // and its event, written only from the claimed row. The UNIQUE `vouchers.code_id`
  // backs the claim up.
  const claim = db
    .update(redemptionCodes)
    .set({ redeemedAt: ctx.now, redeemedByAccountId: accountId })
    .where(
      and(
        eq(redemptionCodes.id, code.id),
        isNull(redemptionCodes.redeemedAt),
        isNull(redemptionCodes.revokedAt),
        // The batch may have been voided, or reached its deadline or the end of its window, since the lookup.
        sql`EXISTS (SELECT 1 FROM ${voucherBatches} WHERE ${voucherBatches.id} = ${redemptionCodes.batchId}
          AND ${voucherBatches.voidedAt} IS NULL
          AND (${voucherBatches.redeemBy} IS NULL OR ${voucherBatches.redeemBy} > ${now})
          AND (${voucherBatches.expiresAt} IS NULL OR ${voucherBatches.expiresAt} > ${now}))`,
      ),
    )
    .returning({ id: redemptionCodes.id });
  const written = rowsOf<{ public_id: string }>(
    await db.execute(sql`
      WITH claimed AS (${claim.getSQL()}),
      voucher AS (${insertSelect(vouchers, voucher, sql`claimed`)} RETURNING ${sql.identifier(vouchers.publicId.name)}),
      event AS (${insertSelect(events, event, sql`voucher`)})
      SELECT public_id FROM voucher`),
  );
  if (written.length === 1) {
    return { ok: true, value: { publicId, kind: batch.kind } };
  }
  // Someone else got there first (or the code was revoked meanwhile): say which.
  const again = await findCode(db, resolved.normalized);
  const failure = again ? codeFailure(again.code, again.batch, input.kind, accountId, ctx.now) : null;
  return { ok: false, failure: failure ?? { code: "already_redeemed", byCaller: false } };
}
