/**
 * When a balance is low (docs/notifications.md): a customer sets a threshold
 * per kind (cash vouchers, computing power vouchers, the cash balance); when
 * the available balance of that kind is below it, one `balance.low` event is
 * recorded, and no other until the balance has been back at or above the
 * threshold (the alert is then re-armed). Each crossing is numbered
 * (`alerts`), so each one's event has its own dedupe key and a crossing found
 * by two schedulers at once is recorded once. Pure: the scheduler
 * (lib/dal/scheduler.ts) reads balances and thresholds and applies this.
 */

/** The balances a threshold can watch: the balance_kind enum of db/schema.ts. */
export const BALANCE_KINDS = ["cash", "compute", "cash_balance"] as const;
export type BalanceKind = (typeof BALANCE_KINDS)[number];

/** The largest threshold (minor units), as the balance_thresholds_threshold CHECK says. */
export const MAX_THRESHOLD = 100_000_000_000;

export interface ThresholdState {
  threshold: number;
  /** Set while an alert of the current crossing has been recorded. */
  alertedAt: Date | null;
}

/**
 * What a threshold needs at a balance: "alert" (below it and not alerted yet),
 * "rearm" (back at or above it after an alert), or null (nothing changes).
 */
export function lowBalanceStep(state: ThresholdState, balance: number): "alert" | "rearm" | null {
  const below = balance < state.threshold;
  if (below && state.alertedAt === null) return "alert";
  if (!below && state.alertedAt !== null) return "rearm";
  return null;
}

/** The dedupe key of an account's `alerts`-th low-balance event of `kind`. */
export function lowBalanceDedupeKey(accountPublicId: string, kind: BalanceKind, alerts: number): string {
  return `balance.low:${accountPublicId}:${kind}:${alerts}`;
}
