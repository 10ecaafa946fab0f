/**
 * The one writer of cash-balance changes that are not payments or refunds:
 * top-ups, post-paid charges and admin adjustments. It changes the balance and
 * writes the ledger row (and, for a charge, its usage record) in the caller's
 * transaction. No authorization here: the DAL (lib/dal/cash.ts) authorizes; the
 * seed uses it directly so demo data goes through the same path.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "./index";
import { billingAccounts, cashMovements, usageRecords } from "./schema";

export type CashMovementType = "top_up" | "charge" | "adjustment_credit" | "adjustment_debit";

export interface CashMovement {
  type: CashMovementType;
  /** Positive minor units; the type gives the direction. */
  amount: number;
  reason: string;
  /** The admin who moved it, or the platform service's API key; neither for a customer's own top-up. */
  createdBy?: string | null;
  createdByApiKey?: number | null;
}

/**
 * What a movement did: the balance after it, or why nothing changed (no such
 * account; a debit larger than the non-negative balance, with the balance then).
 */
export type MoveCashResult =
  | { ok: true; cashBalance: number }
  | { ok: false; reason: "no_account" }
  | { ok: false; reason: "insufficient_balance"; cashBalance: number };

/**
 * Applies the movement and returns the balance after it. One guarded statement
 * changes the balance: an admin debit only takes what the balance holds, so it
 * never makes arrears (SPEC 6 and 10: only a post-paid charge may), and a refused
 * debit writes nothing.
 */
export async function moveCash(tx: Db, accountId: number, movement: CashMovement, now: Date): Promise<MoveCashResult> {
  const delta = movement.type === "top_up" || movement.type === "adjustment_credit" ? movement.amount : -movement.amount;
  const guard = movement.type === "adjustment_debit" ? sql`${billingAccounts.cashBalance} >= ${movement.amount}` : undefined;
  const [updated] = await tx
    .update(billingAccounts)
    .set({ cashBalance: sql`${billingAccounts.cashBalance} + ${delta}` })
    .where(and(eq(billingAccounts.id, accountId), guard))
    .returning({ cashBalance: billingAccounts.cashBalance });
  if (!updated) {
    const [account] = await tx.select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
    return account ? { ok: false, reason: "insufficient_balance", cashBalance: account.cashBalance } : { ok: false, reason: "no_account" };
  }
  await tx.insert(cashMovements).values({
    accountId,
    type: movement.type,
    amount: movement.amount,
    balanceAfter: updated.cashBalance,
    reason: movement.reason,
    createdBy: movement.createdBy ?? null,
    createdByApiKey: movement.createdByApiKey ?? null,
    createdAt: now,
  });
  if (movement.type === "charge") {
    // SPEC 7: a post-paid charge is a deduction from the cash balance.
    await tx.insert(usageRecords).values({
      accountId,
      source: "cash_balance",
      type: "deduction",
      status: "success",
      amount: movement.amount,
      balanceAfter: updated.cashBalance,
      createdAt: now,
    });
  }
  return { ok: true, cashBalance: updated.cashBalance };
}
