/**
 * Voucher balances over time (issue 17): the overview's line chart. Each point is
 * SPEC 4's balance of a kind at an instant, exactly as the monthly statement's
 * opening and closing are (`balancesAt`), so the chart and the statement agree.
 * Pure: the DAL passes each kind's history up to the last instant.
 */
import type { StoredValueKind } from "../vouchers/kinds";
import { balancesAt, type StatementRecord, type StatementVoucher } from "./statement";
import type { SpendBucket } from "./spend";

export interface KindFacts {
  vouchers: readonly StatementVoucher[];
  records: readonly StatementRecord[];
}

export interface BalancePoint {
  /** The day, "YYYY-MM-DD". */
  label: string;
  /** The instant the balances are taken at: the day's end, or `now` for today. */
  at: Date;
  cash: number;
  compute: number;
}

/** The balance of each kind at the end of each day (today: at `now`). */
export function balanceHistory(history: Record<StoredValueKind, KindFacts>, days: readonly SpendBucket[], now: Date): BalancePoint[] {
  return days.map((day) => {
    const at = day.end < now ? day.end : now;
    return {
      label: day.label,
      at,
      cash: balancesAt("cash", history.cash.vouchers, history.cash.records, at).balance,
      compute: balancesAt("compute", history.compute.vouchers, history.compute.records, at).balance,
    };
  });
}
