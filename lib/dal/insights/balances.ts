import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { BalancePoint } from "@/lib/insights/balance-history";
import type { SpendBucket } from "@/lib/insights/spend";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { rowsOf } from "../tx";

/**
 * The overview's balance-over-time points, the figures `balanceHistory` gives
 * (each kind's SPEC 4 balance at the end of each day, at `now` for today), in one
 * statement that reads only the window's records instead of the account's whole
 * history (issue 18: the large account has a million records; walking them once per
 * point took minutes).
 *
 * The amount of a voucher at T is face value − deductions + refunds recorded before
 * T, which is its stored balance now minus the net of its records at or after T
 * (face value − balance = deductions − refunds is an invariant, test/invariants.ts).
 * A voucher is in the balance at T when redeemed before T, not voided before T,
 * effective at T and not expired at T (SPEC 4 at now = T, as `balancesAt` reads
 * it); over the ascending points that is a contiguous range [kFrom, kTo]. So each
 * voucher adds its balance to the points of its range, and each record at or after
 * T_1 subtracts its net from the points of its voucher's range up to the last point
 * not after it: the database sums those per (kind, range) and this function adds
 * the few ranges up. test/insights.test.ts checks it against `balanceHistory`.
 */
export async function balancePoints(db: Db, accountId: number, days: readonly SpendBucket[], now: Date): Promise<BalancePoint[]> {
  const points = days.map((day) => ({ label: day.label, at: day.end < now ? day.end : now }));
  const n = points.length;
  if (n === 0) return [];
  const first = (points[0] as { at: Date }).at;
  const last = (points.at(-1) as { at: Date }).at;
  const pts = sql`ARRAY[${sql.join(
    points.map((p) => sql`${p.at.toISOString()}::timestamptz`),
    sql`, `,
  )}]`;
  const rows = rowsOf<{ kind: StoredValueKind; k_from: number | string; k_to: number | string; amount: number | string }>(
    await db.execute(sql`
      WITH vs AS (
        SELECT v.id, v.kind, v.balance,
          (SELECT count(*) FROM unnest(${pts}) AS t WHERE t <= v.created_at OR t < v.effective_at) + 1 AS k_from,
          (SELECT count(*) FROM unnest(${pts}) AS t WHERE t < v.expires_at AND (v.voided_at IS NULL OR t <= v.voided_at)) AS k_to
        FROM vouchers v
        WHERE v.account_id = ${accountId} AND v.kind IN ('cash', 'compute')
          AND v.created_at < ${last.toISOString()}::timestamptz AND v.effective_at <= ${last.toISOString()}::timestamptz
          AND v.expires_at > ${first.toISOString()}::timestamptz
          AND (v.voided_at IS NULL OR v.voided_at >= ${first.toISOString()}::timestamptz)
      ), live AS (SELECT * FROM vs WHERE k_from <= k_to)
      SELECT kind, k_from, k_to, sum(balance)::text AS amount FROM live GROUP BY 1, 2, 3
      UNION ALL
      SELECT live.kind, live.k_from, least(live.k_to, width_bucket(ur.created_at, ${pts})) AS k_to,
        (-sum(CASE WHEN ur.type = 'refund' THEN ur.amount ELSE -ur.amount END))::text AS amount
      FROM usage_records ur JOIN live ON live.id = ur.voucher_id
      WHERE ur.account_id = ${accountId} AND ur.status = 'success' AND ur.created_at >= ${first.toISOString()}::timestamptz
      GROUP BY 1, 2, 3`),
  );
  // Difference arrays over the points, one per kind.
  const diff: Record<StoredValueKind, number[]> = { cash: new Array<number>(n + 1).fill(0), compute: new Array<number>(n + 1).fill(0) };
  for (const r of rows) {
    const from = Number(r.k_from) - 1;
    const to = Number(r.k_to);
    if (to <= from) continue;
    const d = diff[r.kind];
    d[from] = (d[from] ?? 0) + Number(r.amount);
    d[to] = (d[to] ?? 0) - Number(r.amount);
  }
  const running: Record<StoredValueKind, number> = { cash: 0, compute: 0 };
  return points.map((p, k) => {
    running.cash += diff.cash[k] ?? 0;
    running.compute += diff.compute[k] ?? 0;
    return { label: p.label, at: p.at, cash: running.cash, compute: running.compute };
  });
}
