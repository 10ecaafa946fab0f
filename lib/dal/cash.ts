import "server-only";
import { eq } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { moveCash, type CashMovement, type CashMovementType } from "@/db/cash-ledger";
import { billingAccounts } from "@/db/schema";
import type { EventInput } from "@/lib/events/types";
import { MAX_TOP_UP } from "@/lib/orders/request";
import { checkReason, creatorOf, writeAudit, type AuditActor } from "./audit";
import { recordEvents } from "./events";
import { claimIdempotencyKey } from "./idempotency";
import { ROW_LOCK, transactionWithRetry } from "./tx";
import { DalError } from "./errors";
import { requireAccount, requireAdmin, type Viewer } from "./viewer";

/** The largest single charge or adjustment an admin can post, in minor units (¥1,000,000.00 in CNY), like a top-up. */
export const MAX_ADMIN_AMOUNT = MAX_TOP_UP;

export interface CashResult {
  cashBalance: number;
  repeated: boolean;
}

/**
 * Applies a cash movement through the shared ledger writer; refuses an unknown
 * account, and a debit larger than the non-negative balance (arrears come only
 * from post-paid charges, SPEC 6).
 */
async function move(tx: Db, accountId: number, movement: CashMovement, now: Date): Promise<number> {
  const moved = await moveCash(tx, accountId, movement, now);
  if (moved.ok) return moved.cashBalance;
  if (moved.reason === "no_account") throw new DalError({ code: "not_found", reason: "billing_account" });
  throw new DalError({ code: "conflict", reason: "debit_exceeds_balance", cashBalance: moved.cashBalance });
}

/**
 * The events of a cash movement (docs/events.md): a top-up, or a charge and,
 * when it leaves the balance below zero, the arrears it leaves. Adjustments
 * have none: they correct the ledger, they are not news to the customer.
 */
function cashEvents(accountId: number, type: CashMovementType, amount: number, cashBalance: number, reason: string): EventInput[] {
  if (type === "top_up") return [{ type: "account.topped_up", accountId, payload: { amount, cashBalance } }];
  if (type !== "charge") return [];
  const charged: EventInput = { type: "account.charged", accountId, payload: { amount, cashBalance, reason } };
  return cashBalance < 0 ? [charged, { type: "account.arrears", accountId, payload: { arrears: -cashBalance } }] : [charged];
}

/** The account's cash balance (negative in arrears); `lock` takes the row FOR NO KEY UPDATE, as a payment does. */
export async function cashBalanceOf(db: Db, accountId: number, lock = false): Promise<number> {
  const query = db.select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
  const [row] = lock ? await query.for(ROW_LOCK) : await query;
  if (!row) throw new DalError({ code: "not_found", reason: "billing_account" });
  return row.cashBalance;
}

function checkAmount(amount: number, max: number, what: "top_up" | "amount"): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > max) {
    throw new DalError({ code: "invalid_input", reason: "amount_range", what, max });
  }
}


/**
 * Customer: adds money to the caller's cash balance (a simulated payment). A
 * negative balance (arrears) is cleared first simply because the top-up is added
 * to it. Idempotent by `requestKey`: the same key tops up once.
 */
export async function topUp(viewer: Viewer | null, input: { amount: number; requestKey: string }, now: Date): Promise<CashResult> {
  const accountId = requireAccount(viewer);
  checkAmount(input.amount, MAX_TOP_UP, "top_up");
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    if (!(await claimIdempotencyKey(tx, `top-up:${accountId}`, input.requestKey, String(input.amount), now))) {
      return { cashBalance: await cashBalanceOf(tx, accountId), repeated: true };
    }
    const cashBalance = await move(tx, accountId, { type: "top_up", amount: input.amount, reason: "Top-up" }, now);
    await recordEvents(tx, cashEvents(accountId, "top_up", input.amount, cashBalance, "Top-up"), now);
    return { cashBalance, repeated: false };
  });
}

/** A change to one account's cash balance by an admin or an API key, audited with the change. */
export interface CashChange {
  accountPublicId: string;
  /** Positive minor units; the type gives the direction. */
  amount: number;
  reason: string;
  requestKey: string;
}

export interface CashChangeResult extends CashResult {
  /** The account's internal id, for the caller's answer (never sent out). */
  accountId: number;
}

/**
 * Moves one account's cash balance for an actor its caller authorized (an
 * admin here, an API key in lib/dal/api/cash.ts), with the audit row in the
 * same transaction. Idempotent by `requestKey` per account and action.
 */
export async function changeCashBy(actor: AuditActor, input: CashChange, type: CashMovementType, action: string, now: Date): Promise<CashChangeResult> {
  const amount = input.amount;
  checkAmount(amount, type === "top_up" ? MAX_TOP_UP : MAX_ADMIN_AMOUNT, type === "top_up" ? "top_up" : "amount");
  const reason = checkReason(input.reason);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const [account] = await tx
      .select({ id: billingAccounts.id, cashBalance: billingAccounts.cashBalance })
      .from(billingAccounts)
      .where(eq(billingAccounts.publicId, input.accountPublicId))
      .for(ROW_LOCK);
    if (!account) throw new DalError({ code: "not_found", reason: "billing_account" });
    const requestHash = `${type}:${amount}:${reason}`;
    if (!(await claimIdempotencyKey(tx, `${action}:${account.id}`, input.requestKey, requestHash, now))) {
      return { cashBalance: account.cashBalance, repeated: true, accountId: account.id };
    }
    const creator = creatorOf(actor);
    const cashBalance = await move(tx, account.id, { type, amount, reason, ...creator }, now);
    await recordEvents(tx, cashEvents(account.id, type, amount, cashBalance, reason), now);
    await writeAudit(
      tx,
      actor,
      {
        action,
        targetType: "account",
        targetId: input.accountPublicId,
        before: { cashBalance: account.cashBalance },
        after: { cashBalance, [type]: amount },
        reason,
      },
      now,
    );
    return { cashBalance, repeated: false, accountId: account.id };
  });
}

/** An admin's change to one account's cash balance: the amount's sign is the caller's, the type says the direction. */
async function adminCashChange(viewer: Viewer | null, input: CashChange, type: CashMovementType, action: string, now: Date): Promise<CashResult> {
  const admin = requireAdmin(viewer);
  const { cashBalance, repeated } = await changeCashBy(admin, { ...input, amount: Math.abs(input.amount) }, type, action, now);
  return { cashBalance, repeated };
}

/**
 * Admin: posts a post-paid usage charge to an account's cash balance. It may make
 * the balance negative (arrears, SPEC 6), which a later top-up clears first.
 * Idempotent by `requestKey`.
 */
export function chargeUsage(
  viewer: Viewer | null,
  input: { accountPublicId: string; amount: number; reason: string; requestKey: string },
  now: Date,
): Promise<CashResult> {
  return adminCashChange(viewer, input, "charge", "account.charge", now);
}

/**
 * Admin: corrects an account's cash balance by a signed amount (credit when
 * positive, debit when negative), with a required reason. A debit takes at most
 * the non-negative balance (refused otherwise, nothing changed): arrears come
 * only from post-paid charges. Idempotent by `requestKey`.
 */
export function adjustCashBalance(
  viewer: Viewer | null,
  input: { accountPublicId: string; amount: number; reason: string; requestKey: string },
  now: Date,
): Promise<CashResult> {
  return adminCashChange(viewer, input, input.amount < 0 ? "adjustment_debit" : "adjustment_credit", "account.adjust", now);
}

/** Customer: the caller's cash balance (negative when in arrears). */
export async function getMyCashBalance(viewer: Viewer | null): Promise<number> {
  const accountId = requireAccount(viewer);
  return cashBalanceOf(await getDb(), accountId);
}