import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { auditLog, billingAccounts, events, products, redemptionCodes, users, voucherBatches, vouchers } from "@/db/schema";
import { voucherCodeSecret } from "@/lib/config";
import { EVENT_VERSION } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";
import { checkDeadlineInWindow, DEADLINE_AFTER_WINDOW, MAX_ISSUE_QUANTITY, type TermsInput, type ValidityInput } from "@/lib/admin/terms-form";
import { CODE_FORMAT_OF_KIND, codeLast4, parseCode } from "@/lib/vouchers/code";
import { generateCodes, hashCode } from "@/lib/vouchers/code-crypto";
import type { DiscountTerms, VoucherKind, VoucherStatus } from "@/lib/vouchers/kinds";
import { checkReason, writeAudit } from "../audit";
import { SQL_EVENT_ID, recordEvents } from "../events";
import { claimIdempotencyKey } from "../idempotency";
import { voucherStatusSql } from "../status-sql";
import { rowsOf, transactionWithRetry } from "../tx";
import { discountTermsOf } from "../vouchers";
import { DalError } from "../errors";
import { requireAdmin, type Viewer } from "../viewer";
import { providerNamesSql } from "../providers";
import { auditValidity, checkValidity, resolveTerms } from "./resolve-terms";

export interface IssueBatchRequest {
  name: string;
  terms: TermsInput;
  validity: ValidityInput;
  /** Codes are redeemable before this instant; null for no deadline. */
  redeemBy: Date | null;
  quantity: number;
  /** The form's key: the same key issues once (a second request is refused, its codes having been shown once). */
  requestKey?: string;
}

export interface IssuedCodes {
  batchPublicId: string;
  name: string;
  kind: VoucherKind;
  /** The plain codes, normalized. They exist here and in the admin's page only: never stored, never logged. */
  codes: string[];
}

/**
 * Rows per INSERT. Hashes and last-4s travel as two comma-joined text
 * parameters split by `string_to_array`, so a statement has 3 parameters
 * whatever its size (the 65,535-parameter limit never matters) and 100,000
 * codes take 10 round trips.
 */
const CODES_PER_STATEMENT = 10_000;

interface CodeRow {
  code: string;
  hash: string;
}

/**
 * Inserts `rows` as codes of the batch and returns the ones a code of an
 * earlier batch already holds (same keyed hash: a 16-digit code has only ~50
 * random bits, so across millions of codes a clash is rare but possible).
 * Those are skipped by ON CONFLICT and replaced by the caller, so the codes
 * shown to the admin are exactly the ones stored.
 */
async function insertCodes(tx: Db, batchId: number, rows: CodeRow[]): Promise<CodeRow[]> {
  const clashes: CodeRow[] = [];
  for (let i = 0; i < rows.length; i += CODES_PER_STATEMENT) {
    const chunk = rows.slice(i, i + CODES_PER_STATEMENT);
    const hashes = chunk.map((r) => r.hash).join(",");
    const last4s = chunk.map((r) => codeLast4(r.code)).join(",");
    const [inserted] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        WITH ins AS (
          INSERT INTO ${redemptionCodes} (batch_id, code_hash, last4)
          SELECT ${batchId}::bigint, h, l FROM unnest(string_to_array(${hashes}::text, ','), string_to_array(${last4s}::text, ',')) AS t(h, l)
          ON CONFLICT (code_hash) DO NOTHING
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM ins`),
    );
    if (Number(inserted?.n) === chunk.length) continue;
    const taken = rowsOf<{ code_hash: string }>(
      await tx.execute(sql`
        SELECT code_hash FROM ${redemptionCodes}
        WHERE code_hash = ANY (string_to_array(${hashes}::text, ',')) AND batch_id <> ${batchId}::bigint`),
    );
    const takenSet = new Set(taken.map((t) => t.code_hash));
    clashes.push(...chunk.filter((r) => takenSet.has(r.hash)));
  }
  return clashes;
}

/**
 * Admin only: creates a batch with `quantity` codes (SPEC 5 and 8). Codes come
 * from the CSPRNG, distinct within the batch; only their HMAC and last 4
 * characters are written, in multi-row INSERTs, in one transaction with the
 * batch and its audit row. Returns the plain codes, once.
 */
export async function issueBatch(viewer: Viewer | null, request: IssueBatchRequest, now: Date): Promise<IssuedCodes> {
  const actor = requireAdmin(viewer);
  const { name, terms, validity, redeemBy, quantity } = request;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_ISSUE_QUANTITY) {
    throw new DalError({ code: "invalid_input", reason: "issue_quantity", max: MAX_ISSUE_QUANTITY });
  }
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new DalError({ code: "invalid_input", reason: "batch_name" });
  checkValidity(validity, now);
  if (redeemBy !== null && redeemBy.getTime() <= now.getTime()) throw new DalError({ code: "invalid_input", reason: "deadline_passed" });
  if (!checkDeadlineInWindow(validity, redeemBy).ok) throw new DalError({ code: "invalid_input", reason: "rule", text: DEADLINE_AFTER_WINDOW });

  const secret = voucherCodeSecret();
  const format = CODE_FORMAT_OF_KIND[terms.kind];
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    if (request.requestKey && !(await claimIdempotencyKey(tx, `batch.issue:${actor.userId}`, request.requestKey, `${trimmed}:${quantity}`, now))) {
      throw new DalError({ code: "conflict", reason: "batch_issued" });
    }
    const { columns, audit } = await resolveTerms(tx, terms);
    const [batch] = await tx
      .insert(voucherBatches)
      .values({
        publicId: newPublicId("bat"),
        name: trimmed,
        ...columns,
        effectiveAt: validity.type === "fixed" ? validity.effectiveAt : null,
        expiresAt: validity.type === "fixed" ? validity.expiresAt : null,
        validDays: validity.type === "days" ? validity.days : null,
        redeemBy,
        quantity,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning({ id: voucherBatches.id, publicId: voucherBatches.publicId });
    const batchId = batch!.id;

    const codes = generateCodes(format, quantity);
    const inBatch = new Set(codes);
    let pending: CodeRow[] = codes.map((code) => ({ code, hash: hashCode(code, secret) }));
    for (let round = 0; pending.length > 0; round++) {
      if (round >= 5) throw new Error("could not draw codes distinct from earlier batches");
      const clashes = await insertCodes(tx, batchId, pending);
      // Each clashing code is replaced in place by a fresh one, which is inserted in the next round.
      pending = [];
      for (const clash of clashes) {
        inBatch.delete(clash.code);
        let fresh: string;
        do [fresh] = generateCodes(format, 1) as [string];
        while (inBatch.has(fresh));
        inBatch.add(fresh);
        codes[codes.indexOf(clash.code)] = fresh;
        pending.push({ code: fresh, hash: hashCode(fresh, secret) });
      }
    }

    await writeAudit(
      tx,
      actor,
      {
        action: "batch.issue",
        targetType: "batch",
        targetId: batch!.publicId,
        before: null,
        after: { name: trimmed, ...audit, ...auditValidity(validity), redeemBy: redeemBy?.toISOString() ?? null, quantity },
      },
      now,
    );
    return { batchPublicId: batch!.publicId, name: trimmed, kind: terms.kind, codes };
  });
}

export interface BatchSummary {
  publicId: string;
  name: string;
  kind: VoucherKind;
  faceValue: number | null;
  terms: DiscountTerms | null;
  providers: string[] | null;
  validDays: number | null;
  effectiveAt: Date | null;
  expiresAt: Date | null;
  redeemBy: Date | null;
  quantity: number;
  createdAt: Date;
  createdByEmail: string | null;
  voidedAt: Date | null;
  voidReason: string | null;
  codes: { total: number; redeemed: number; revoked: number; unredeemed: number };
}

type BatchRow = typeof voucherBatches.$inferSelect;

function summaryOf(b: BatchRow, email: string | null, providerNames: string[] | null, counts?: BatchSummary["codes"]): BatchSummary {
  return {
    publicId: b.publicId,
    name: b.name,
    kind: b.kind,
    faceValue: b.faceValue,
    terms: discountTermsOf(b),
    providers: providerNames,
    validDays: b.validDays,
    effectiveAt: b.effectiveAt,
    expiresAt: b.expiresAt,
    redeemBy: b.redeemBy,
    quantity: b.quantity,
    createdAt: b.createdAt,
    createdByEmail: email,
    voidedAt: b.voidedAt,
    voidReason: b.voidReason,
    codes: counts ?? { total: 0, redeemed: 0, revoked: 0, unredeemed: 0 },
  };
}

async function codeCounts(db: Db, batchIds: number[]): Promise<Map<number, BatchSummary["codes"]>> {
  if (batchIds.length === 0) return new Map();
  const n = (where: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${where})::int`.mapWith(Number);
  const rows = await db
    .select({
      batchId: redemptionCodes.batchId,
      total: sql<number>`count(*)::int`.mapWith(Number),
      redeemed: n(sql`${redemptionCodes.redeemedAt} IS NOT NULL`),
      revoked: n(sql`${redemptionCodes.revokedAt} IS NOT NULL AND ${redemptionCodes.redeemedAt} IS NULL`),
      unredeemed: n(sql`${redemptionCodes.revokedAt} IS NULL AND ${redemptionCodes.redeemedAt} IS NULL`),
    })
    .from(redemptionCodes)
    .where(inArray(redemptionCodes.batchId, batchIds))
    .groupBy(redemptionCodes.batchId);
  return new Map(rows.map(({ batchId, ...counts }) => [batchId, counts]));
}

/** Admin only: the latest batches, newest first, with how many of their codes are redeemed, revoked or left. */
export async function listBatches(viewer: Viewer | null, limit = 50): Promise<BatchSummary[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const rows = await db
    .select({ batch: voucherBatches, email: users.email, providerNames: providerNamesSql(voucherBatches.providerIds) })
    .from(voucherBatches)
    .leftJoin(users, eq(users.id, voucherBatches.createdBy))
    .orderBy(desc(voucherBatches.createdAt), desc(voucherBatches.id))
    .limit(Math.min(Math.max(1, limit), 200));
  const counts = await codeCounts(db, rows.map((r) => r.batch.id));
  return rows.map((r) => summaryOf(r.batch, r.email, r.providerNames, counts.get(r.batch.id)));
}

export interface BatchDetail extends BatchSummary {
  scopeProductName: string | null;
  vouchers: Array<{ publicId: string; accountPublicId: string; status: VoucherStatus; balance: number | null; createdAt: Date }>;
  voucherCount: number;
}

/** Admin only: one batch with its code counts and the vouchers redeemed from it (latest 100). */
export async function getBatch(viewer: Viewer | null, batchPublicId: string, now: Date): Promise<BatchDetail> {
  requireAdmin(viewer);
  const db = await getDb();
  const [row] = await db
    .select({ batch: voucherBatches, email: users.email, productName: products.name, providerNames: providerNamesSql(voucherBatches.providerIds) })
    .from(voucherBatches)
    .leftJoin(users, eq(users.id, voucherBatches.createdBy))
    .leftJoin(products, eq(products.id, voucherBatches.scopeProductId))
    .where(eq(voucherBatches.publicId, batchPublicId));
  if (!row) throw new DalError({ code: "not_found", reason: "batch" });
  const [counts, list, [total]] = await Promise.all([
    codeCounts(db, [row.batch.id]),
    db
      .select({
        publicId: vouchers.publicId,
        accountPublicId: billingAccounts.publicId,
        status: voucherStatusSql(now),
        balance: vouchers.balance,
        createdAt: vouchers.createdAt,
      })
      .from(vouchers)
      .innerJoin(billingAccounts, eq(billingAccounts.id, vouchers.accountId))
      .where(eq(vouchers.batchId, row.batch.id))
      .orderBy(desc(vouchers.createdAt), desc(vouchers.id))
      .limit(100),
    db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(vouchers).where(eq(vouchers.batchId, row.batch.id)),
  ]);
  return {
    ...summaryOf(row.batch, row.email, row.providerNames, counts.get(row.batch.id)),
    scopeProductName: row.productName,
    vouchers: list,
    voucherCount: total?.n ?? 0,
  };
}

export interface VoidBatchResult {
  batchPublicId: string;
  vouchersVoided: number;
  voidedAmount: number;
  codesRevoked: number;
}

/**
 * Admin only: voids a batch (SPEC 8): the batch, every voucher redeemed from it
 * that is not voided yet (each keeps its balance, which becomes its voided
 * amount, and gets its own audit row), and every unredeemed code (revoked, so
 * no one can redeem it). One transaction. Codes go first: a redemption in
 * flight holds its code's row, so the code UPDATE waits for it to commit, and
 * the voucher UPDATE that follows (a new statement, a new snapshot) then sees
 * and voids the voucher it created.
 */
export async function voidBatch(viewer: Viewer | null, input: { batchPublicId: string; reason: string }, now: Date): Promise<VoidBatchResult> {
  const actor = requireAdmin(viewer);
  const reason = checkReason(input.reason);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const [batch] = await tx
      .update(voucherBatches)
      .set({ voidedAt: now, voidedBy: actor.userId, voidReason: reason })
      .where(and(eq(voucherBatches.publicId, input.batchPublicId), sql`${voucherBatches.voidedAt} IS NULL`))
      .returning({ id: voucherBatches.id, publicId: voucherBatches.publicId });
    if (!batch) {
      const [exists] = await tx.select({ id: voucherBatches.id }).from(voucherBatches).where(eq(voucherBatches.publicId, input.batchPublicId));
      throw exists ? new DalError({ code: "conflict", reason: "batch_voided" }) : new DalError({ code: "not_found", reason: "batch" });
    }
    const [codes] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        WITH revoked AS (
          UPDATE ${redemptionCodes} SET revoked_at = ${now.toISOString()}::timestamptz, revoked_by = ${actor.userId}, revoke_reason = ${`Batch voided: ${reason}`}
          WHERE batch_id = ${batch.id}::bigint AND redeemed_at IS NULL AND revoked_at IS NULL
          RETURNING last4
        ), event AS (
          INSERT INTO ${events} (public_id, type, account_id, version, payload, created_at)
          SELECT ${SQL_EVENT_ID}, 'code.revoked', NULL, ${EVENT_VERSION},
            jsonb_build_object('batchId', ${batch.publicId}::text, 'last4', revoked.last4, 'reason', ${`Batch voided: ${reason}`}::text),
            ${now.toISOString()}::timestamptz
          FROM revoked
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM revoked`),
    );
    const voucherReason = `Batch ${batch.publicId} voided: ${reason}`;
    const [voided] = rowsOf<{ n: number; amount: string | number }>(
      await tx.execute(sql`
        WITH v AS (
          UPDATE ${vouchers} SET voided_at = ${now.toISOString()}::timestamptz, voided_by = ${actor.userId}, void_reason = ${voucherReason}
          WHERE batch_id = ${batch.id}::bigint AND voided_at IS NULL
          RETURNING public_id, balance, account_id, kind, expires_at
        ), event AS (
          INSERT INTO ${events} (public_id, type, account_id, version, payload, created_at)
          SELECT ${SQL_EVENT_ID}, 'voucher.voided', v.account_id, ${EVENT_VERSION},
            jsonb_build_object('voucherId', v.public_id, 'kind', v.kind,
              -- What the void takes: nothing of an expired voucher (lost at expiry), as voidVoucher says.
              'amountLost', CASE WHEN v.balance IS NOT NULL AND v.expires_at <= ${now.toISOString()}::timestamptz THEN 0 ELSE v.balance END,
              'reason', ${voucherReason}::text),
            ${now.toISOString()}::timestamptz
          FROM v
          RETURNING 1
        ), audit AS (
          INSERT INTO ${auditLog} (actor_user_id, action, target_type, target_id, before, after, reason, created_at)
          SELECT ${actor.userId}, 'voucher.void', 'voucher', v.public_id,
            jsonb_build_object('voidedAt', null, 'balance', v.balance),
            jsonb_build_object('voidedAt', ${now.toISOString()}::text, 'voidedAmount', v.balance, 'batch', ${batch.publicId}::text),
            ${voucherReason}, ${now.toISOString()}::timestamptz
          FROM v
          RETURNING 1
        )
        SELECT (SELECT count(*)::int FROM v) AS n, (SELECT coalesce(sum(balance), 0)::bigint FROM v) AS amount`),
    );
    const result = {
      batchPublicId: batch.publicId,
      vouchersVoided: Number(voided?.n ?? 0),
      voidedAmount: Number(voided?.amount ?? 0),
      codesRevoked: Number(codes?.n ?? 0),
    };
    await writeAudit(
      tx,
      actor,
      {
        action: "batch.void",
        targetType: "batch",
        targetId: batch.publicId,
        before: { voidedAt: null },
        after: { voidedAt: now.toISOString(), vouchersVoided: result.vouchersVoided, voidedAmount: result.voidedAmount, codesRevoked: result.codesRevoked },
        reason,
      },
      now,
    );
    return result;
  });
}

/** What a code looked up by an admin is: never the code itself, only its last 4 and its state. */
export interface CodeLookup {
  last4: string;
  state: "unredeemed" | "redeemed" | "revoked";
  batch: { publicId: string; name: string; kind: VoucherKind; voidedAt: Date | null; redeemBy: Date | null };
  redeemedAt: Date | null;
  voucherPublicId: string | null;
  accountPublicId: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
  /** Unredeemed but past the batch's redemption deadline. */
  deadlinePassed: boolean;
  /** Unredeemed but its batch's fixed window has ended: redemption refuses it too. */
  windowEnded: boolean;
}

/** The code row for a typed code, by its keyed hash; a malformed code is a clear input error. */
async function codeRowFor(db: Db, typed: string) {
  const parsed = parseCode(typed);
  if (!parsed.ok) throw new DalError({ code: "invalid_input", reason: "code_format", format: parsed.reason });
  const [row] = await db
    .select({ code: redemptionCodes, batch: voucherBatches, voucherPublicId: vouchers.publicId, accountPublicId: billingAccounts.publicId })
    .from(redemptionCodes)
    .innerJoin(voucherBatches, eq(voucherBatches.id, redemptionCodes.batchId))
    .leftJoin(vouchers, eq(vouchers.codeId, redemptionCodes.id))
    .leftJoin(billingAccounts, eq(billingAccounts.id, redemptionCodes.redeemedByAccountId))
    .where(eq(redemptionCodes.codeHash, hashCode(parsed.code, voucherCodeSecret())));
  if (!row) throw new DalError({ code: "not_found", reason: "code" });
  return row;
}

/** Admin only: what a code is (looked up by its keyed hash): unredeemed, redeemed (into which voucher) or revoked. */
export async function findCode(viewer: Viewer | null, code: string, now: Date): Promise<CodeLookup> {
  requireAdmin(viewer);
  const row = await codeRowFor(await getDb(), code);
  const c = row.code;
  const state = c.redeemedAt ? "redeemed" : c.revokedAt ? "revoked" : "unredeemed";
  return {
    last4: c.last4,
    state,
    batch: { publicId: row.batch.publicId, name: row.batch.name, kind: row.batch.kind, voidedAt: row.batch.voidedAt, redeemBy: row.batch.redeemBy },
    redeemedAt: c.redeemedAt,
    voucherPublicId: row.voucherPublicId,
    accountPublicId: row.accountPublicId,
    revokedAt: c.revokedAt,
    revokeReason: c.revokeReason,
    deadlinePassed: state === "unredeemed" && row.batch.redeemBy !== null && row.batch.redeemBy.getTime() <= now.getTime(),
    windowEnded: state === "unredeemed" && row.batch.expiresAt !== null && row.batch.expiresAt.getTime() <= now.getTime(),
  };
}

/** How the audit log names a code: its batch and last 4 characters (no code has a public id, and the code is secret). */
export const codeTargetId = (batchPublicId: string, last4: string) => `${batchPublicId}:${last4}`;

/**
 * Admin only: revokes one unredeemed code, with a reason, so it can never be
 * redeemed (SPEC 8). A guarded UPDATE: a redemption that won the race keeps
 * its voucher, and the admin is told to void that voucher instead.
 */
export async function revokeCode(viewer: Viewer | null, input: { code: string; reason: string }, now: Date): Promise<{ targetId: string }> {
  const actor = requireAdmin(viewer);
  const reason = checkReason(input.reason);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const row = await codeRowFor(tx, input.code);
    const targetId = codeTargetId(row.batch.publicId, row.code.last4);
    if (row.code.redeemedAt) {
      throw new DalError({ code: "conflict", reason: "code_redeemed", voucherPublicId: row.voucherPublicId });
    }
    if (row.code.revokedAt) throw new DalError({ code: "conflict", reason: "code_revoked" });
    const updated = await tx
      .update(redemptionCodes)
      .set({ revokedAt: now, revokedBy: actor.userId, revokeReason: reason })
      .where(and(eq(redemptionCodes.id, row.code.id), sql`${redemptionCodes.redeemedAt} IS NULL`, sql`${redemptionCodes.revokedAt} IS NULL`))
      .returning({ id: redemptionCodes.id });
    if (updated.length !== 1) throw new DalError({ code: "conflict", reason: "code_changed" });
    await recordEvents(tx, [{ type: "code.revoked", accountId: null, payload: { batchId: row.batch.publicId, last4: row.code.last4, reason } }], now);
    await writeAudit(
      tx,
      actor,
      {
        action: "code.revoke",
        targetType: "code",
        targetId,
        before: { state: "unredeemed", batch: row.batch.publicId, last4: row.code.last4 },
        after: { state: "revoked", revokedAt: now.toISOString() },
        reason,
      },
      now,
    );
    return { targetId };
  });
}
