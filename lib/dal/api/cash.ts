import "server-only";
/**
 * Post-paid usage charges and top-ups for /api/v1 (docs/api.md), with a key
 * of scope `charge`: the same writer as the admin's charge (lib/dal/cash.ts
 * changeCashBy), audited with the key as the actor. A charge may take the cash
 * balance below zero (arrears, SPEC 6); a top-up clears arrears first.
 */
import type { ApiPrincipal } from "@/lib/api/spec";
import { platformCurrency } from "@/lib/config";
import { changeCashBy } from "../cash";
import { requireScope } from "./principal";

export type ApiCashMovementType = "charge" | "top_up";

export interface ApiCashMovement {
  accountId: string;
  type: ApiCashMovementType;
  currency: string;
  amount: number;
  reason: string;
  /** max(cash balance, 0) after the movement. */
  cashBalance: number;
  /** max(-cash balance, 0) after the movement. */
  arrears: number;
}

const AUDIT_ACTION: Record<ApiCashMovementType, string> = { charge: "account.charge", top_up: "account.top_up" };

/** A top-up's reason when the service gives none (the audit log and the ledger always say why). */
export const DEFAULT_TOP_UP_REASON = "Top-up";

/**
 * Key with `charge`: moves the account's cash balance by `amount` minor units,
 * down for a charge, up for a top-up. One movement per `requestKey`.
 */
export async function moveCashForKey(
  principal: ApiPrincipal | null,
  type: ApiCashMovementType,
  input: { accountId: string; amount: number; reason?: string },
  requestKey: string,
  now: Date,
): Promise<ApiCashMovement> {
  const key = requireScope(principal, "charge");
  const reason = input.reason ?? DEFAULT_TOP_UP_REASON;
  const { cashBalance } = await changeCashBy({ apiKeyId: key.apiKeyId }, { accountPublicId: input.accountId, amount: input.amount, reason, requestKey }, type, AUDIT_ACTION[type], now);
  return {
    accountId: input.accountId,
    type,
    currency: platformCurrency(),
    amount: input.amount,
    reason: reason.trim(),
    cashBalance: Math.max(cashBalance, 0),
    arrears: cashBalance < 0 ? -cashBalance : 0,
  };
}
