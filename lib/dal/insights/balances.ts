import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { BalancePoint } from "@/lib/insights/balance-history";
import type { SpendBucket } from "@/lib/insights/spend";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { rowsOf } from "../tx";
import { usageSums } from "./ledger";

/**
 * The overview's balance-over-time points, the figures `balanceHistory` gives
 * (each kind's SPEC 4 balance at the end of each day, at `now` for today), without
 * reading the account's history (issue 18: the large account has a million records).
 *
 * The amount of a voucher at T is face value − deductions + refunds recorded before
 * T, which is its stored balance now minus the net of its records at or after T
 * (face value − balance = deductions − refunds is an invariant, test/invariants.ts).
 * A voucher is in the balance at T when redeemed before T, not voided before T,
 * effective at T and not expired at T (SPEC 4 at now = T, as `balancesAt` reads
 * it); over the ascending points that is a contiguous range [kFrom, kTo] (found by
 * `width_bucket`). So each voucher adds its balance to the points of its range, and
 * each record at or after T_1 takes its net from the points of its voucher's range
 * up to the last point not after it.
 *
 * Most vouchers are in the balance at every point: their records take their net
 * from every point up to theirs, which depends only on the kind and the record's
 * day, so they come from the hourly rollup (`usageSums`: all records of the kind)
 * less the records of the other vouchers, which are read one by one (on the large
 * account 14,000 of the window's 212,000). test/insights.test.ts checks the points
 * against `balanceHistory`.
 */
export async function balancePoints(db: Db, accountId: number, days: readonly SpendBucket[], now: Date): Promise<BalancePoint[]> {
  const points = days.map((day) => ({ label: day.label, at: day.end < now ? day.end : now }));
  const n = points.length;
  if (n === 0) return [];
  const first = (points[0] as { at: Date }).at;
  const pts = sql`ARRAY[${sql.join(
    points.map((p) => sql`${p.at.toISOString()}::timestamptz`),
    sql`, `,
  )}]`;
  const [rows, sums] = await Promise.all([
    db.execute(sql`
      WITH vs AS MATERIALIZED (
        SELECT v.id, v.kind, v.balance,
          greatest(width_bucket(v.created_at, ${pts}), width_bucket(v.effective_at - interval '1 microsecond', ${pts})) + 1 AS k_from,
          least(width_bucket(v.expires_at - interval '1 microsecond', ${pts}), CASE WHEN v.voided_at IS NULL THEN ${n} ELSE width_bucket(v.voided_at, ${pts}) END) AS k_to
        FROM vouchers v
        WHERE v.account_id = ${accountId} AND v.kind IN ('cash', 'compute')
      )
      SELECT kind, k_from, k_to, NULL::int AS b, sum(balance)::text AS amount FROM vs WHERE k_from <= k_to GROUP BY 1, 2, 3
      UNION ALL
      SELECT vs.kind, vs.k_from, vs.k_to, width_bucket(ur.created_at, ${pts}) AS b,
        sum(CASE WHEN ur.type = 'refund' THEN ur.amount ELSE -ur.amount END)::text AS amount
      FROM vs JOIN usage_records ur ON ur.voucher_id = vs.id
      WHERE NOT (vs.k_from = 1 AND vs.k_to = ${n}) AND ur.account_id = ${accountId} AND ur.status = 'success'
        AND ur.created_at >= ${first.toISOString()}::timestamptz
      GROUP BY 1, 2, 3, 4`),
    usageSums(db, accountId, [...points.map((p) => p.at), new Date("9999-12-31T00:00:00Z")], { sources: ["cash", "compute"] }),
  ]);
  const diff: Record<StoredValueKind, number[]> = { cash: new Array<number>(n + 1).fill(0), compute: new Array<number>(n + 1).fill(0) };
  const add = (kind: StoredValueKind, from: number, to: number, amount: number) => {
    if (to <= from) return;
    diff[kind][from]! += amount;
    diff[kind][to]! -= amount;
  };
  for (const r of rowsOf<{ kind: StoredValueKind; k_from: number | string; k_to: number | string; b: number | string | null; amount: string }>(rows)) {
    const from = Number(r.k_from) - 1;
    const to = Number(r.k_to);
    const amount = Number(r.amount);
    if (r.b === null) {
      add(r.kind, from, to, amount);
      continue;
    }
    const b = Number(r.b);
    // Its own range (live vouchers), and back out of the rollup's all-voucher part.
    if (from + 1 <= to) add(r.kind, from, Math.min(to, b), -amount);
    add(r.kind, 0, b, amount);
  }
  for (const s of sums) {
    const net = s.type === "refund" ? s.amount : -s.amount;
    add(s.source as StoredValueKind, 0, s.bucket + 1, -net);
  }
  const running: Record<StoredValueKind, number> = { cash: 0, compute: 0 };
  return points.map((p, k) => {
    running.cash += diff.cash[k] ?? 0;
    running.compute += diff.compute[k] ?? 0;
    return { label: p.label, at: p.at, cash: running.cash, compute: running.compute };
  });
}
