/**
 * The one writer of cash-balance changes that are not payments or refunds:
 * top-ups, post-paid charges and admin adjustments. It changes the balance and
 * writes the ledger row (and, for a charge, its usage record) in the caller's
 * transaction. No authorization here: the DAL (lib/dal/cash.ts) authorizes; the
 * seed uses it directly so demo data goes through the same path.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "./index";
import { billingAccounts, cashMovements, usageRecords } from "./schema";

export type CashMovementType = "top_up" | "charge" | "adjustment_credit" | "adjustment_debit";

export interface CashMovement {
  type: CashMovementType;
  /** Positive minor units; the type gives the direction. */
  amount: number;
  reason: string;
  createdBy?: string | null;
}

/** Applies the movement and returns the balance after it, or null when the account doesn't exist. */
export async function moveCash(tx: Db, accountId: number, movement: CashMovement, now: Date): Promise<number | null> {
  const delta = movement.type === "top_up" || movement.type === "adjustment_credit" ? movement.amount : -movement.amount;
  const [updated] = await tx
    .update(billingAccounts)
    .set({ cashBalance: sql`${billingAccounts.cashBalance} + ${delta}` })
    .where(eq(billingAccounts.id, accountId))
    .returning({ cashBalance: billingAccounts.cashBalance });
  if (!updated) return null;
  await tx.insert(cashMovements).values({
    accountId,
    type: movement.type,
    amount: movement.amount,
    balanceAfter: updated.cashBalance,
    reason: movement.reason,
    createdBy: movement.createdBy ?? null,
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
  return updated.cashBalance;
}
