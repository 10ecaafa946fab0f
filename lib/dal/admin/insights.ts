import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { platformTimeZone } from "@/lib/config";
import { monthOf, monthsEndingWith, type MonthKey } from "@/lib/insights/month";
import type { StoredValueKind, VoucherKind } from "@/lib/vouchers/kinds";
import { at, voucherStatusSql } from "../status-sql";
import { rowsOf } from "../tx";
import { requireAdmin, type Viewer } from "../viewer";

/**
 * The operator's figures of issue 17 on /admin (docs/insights.md, "Admin
 * overview"): voucher liability, the monthly flows summed over every account,
 * the batches' redemption and the accounts in arrears. Each figure is one or a
 * few aggregate queries over the whole platform, never a loop over accounts.
 */

/** Months the overview shows, the current one last. */
export const INSIGHT_MONTHS = 12;
/** Batches in the per-batch table (the latest). */
export const INSIGHT_BATCHES = 20;
/** Accounts in the arrears table (the deepest). */
export const INSIGHT_ARREARS = 10;

const STORED_VALUE_KINDS: readonly StoredValueKind[] = ["cash", "compute"];

/** One line of the liability table: a kind, and for computing power one provider set. */
export interface LiabilityRow {
  kind: StoredValueKind;
  /** Computing power: the providers' names, in provider id order; empty for cash. */
  providers: string[];
  /** SPEC 4 balance of the vouchers whose status at `now` is available: what customers can still spend. */
  available: number;
  /** SPEC 4 not-effective amount at `now`: value that will become spendable on its effective date. */
  notEffective: number;
  /** How many vouchers hold that value (available with a balance, or not yet effective). */
  vouchers: number;
}

/**
 * Admin only: outstanding voucher liability at `now`, by kind and, for computing
 * power, by provider set (SPEC 4 statuses via `voucherStatusSql`). Cash first,
 * then provider sets by name.
 */
export async function getVoucherLiability(viewer: Viewer | null, now: Date): Promise<LiabilityRow[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const status = voucherStatusSql(now);
  const rows = rowsOf<{ kind: StoredValueKind; provider_ids: Array<string | number> | null; available: string | number; not_effective: string | number; n: string | number }>(
    await db.execute(sql`
      SELECT kind,
        CASE WHEN kind = 'compute' THEN (SELECT array_agg(DISTINCT p ORDER BY p) FROM unnest(provider_ids) AS p) END AS provider_ids,
        coalesce(sum(balance) FILTER (WHERE st = 'available'), 0) AS available,
        coalesce(sum(balance) FILTER (WHERE st = 'not_effective'), 0) AS not_effective,
        count(*) AS n
      FROM (
        SELECT kind, provider_ids, balance, ${status} AS st
        FROM vouchers
        WHERE kind <> 'discount' AND voided_at IS NULL AND expires_at > ${at(now)} AND balance > 0
      ) AS live
      WHERE st IN ('available', 'not_effective')
      GROUP BY 1, 2`),
  );
  const names = await providerNames(rows.flatMap((r) => (r.provider_ids ?? []).map(Number)));
  return rows
    .map((r) => ({
      kind: r.kind,
      providers: (r.provider_ids ?? []).map((id) => names.get(Number(id)) ?? String(id)),
      available: Number(r.available),
      notEffective: Number(r.not_effective),
      vouchers: Number(r.n),
    }))
    .sort((a, b) => STORED_VALUE_KINDS.indexOf(a.kind) - STORED_VALUE_KINDS.indexOf(b.kind) || a.providers.join(", ").localeCompare(b.providers.join(", ")));
}

async function providerNames(ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const list = sql.join(
    [...new Set(ids)].map((id) => sql`${id}::bigint`),
    sql`, `,
  );
  const rows = rowsOf<{ id: string | number; name: string }>(await db.execute(sql`SELECT id, name FROM providers WHERE id IN (${list})`));
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** One kind's flows in one month, summed over every account (docs/insights.md, "Admin overview"). */
export interface MonthFlows {
  /** The statement's redeemed line: value that entered the balance (redeemed effective, or taking effect). */
  redeemed: number;
  /** The statement's refunded line: successful refund records. */
  refunded: number;
  /** The statement's used line: successful deduction records. */
  used: number;
  /** The statement's expired line (breakage): left at expiry, plus refunds onto expired vouchers. */
  expired: number;
  /**
   * SPEC 4's voided amount of the month: the statement's voided line plus
   * `voidedNotEffective`, so value voided before it ever took effect is counted too.
   */
  voided: number;
  /** Of `voided`: what was voided before taking effect (on no statement line, since it never was balance). */
  voidedNotEffective: number;
}

export interface MonthlyFlowsRow {
  month: MonthKey;
  /** The month's first instant in the platform zone. */
  start: Date;
  /** The next month's first instant, or `now` for the current month: flows to come are not counted. */
  end: Date;
  byKind: Record<StoredValueKind, MonthFlows>;
}

const emptyFlows = (): MonthFlows => ({ redeemed: 0, refunded: 0, used: 0, expired: 0, voided: 0, voidedNotEffective: 0 });

/** The months of the overview: the last `count` calendar months of the zone, the current one ending at `now`. */
export function insightMonths(now: Date, timeZone: string, count = INSIGHT_MONTHS): Array<{ month: MonthKey; start: Date; end: Date }> {
  return monthsEndingWith(monthOf(now, timeZone), count, timeZone).map((m) => ({ ...m, end: m.end.getTime() > now.getTime() ? now : m.end }));
}

type FlowLine = "redeemed" | "refunded" | "used" | "expired" | "voided" | "voided_not_effective";

/**
 * Admin only: redeemed, refunded, used, expired and voided value per stored-value
 * kind for each of the last 12 months of the platform zone, summed over every
 * account, in one aggregate query. Each line is the pure `monthlyStatement`'s
 * (lib/insights/statement.ts) summed over accounts, a test checks so; `voided`
 * adds value voided before it took effect. The current month runs to `now`.
 */
export async function getMonthlyFlows(viewer: Viewer | null, now: Date, timeZone: string = platformTimeZone()): Promise<MonthlyFlowsRow[]> {
  requireAdmin(viewer);
  const months = insightMonths(now, timeZone);
  const db = await getDb();
  const rows = rowsOf<{ idx: string | number; kind: StoredValueKind; line: FlowLine; amount: string | number }>(await db.execute(monthlyFlowsSql(months)));
  const result: MonthlyFlowsRow[] = months.map((m) => ({ ...m, byKind: { cash: emptyFlows(), compute: emptyFlows() } }));
  for (const r of rows) {
    const flows = result[Number(r.idx)]!.byKind[r.kind];
    const amount = Number(r.amount);
    switch (r.line) {
      case "voided_not_effective":
        flows.voidedNotEffective += amount;
        flows.voided += amount;
        break;
      case "redeemed":
      case "refunded":
      case "used":
      case "expired":
      case "voided":
        flows[r.line] += amount;
        break;
      default: {
        const never: never = r.line;
        throw new TypeError(`unknown line ${String(never)}`);
      }
    }
  }
  return result;
}

/**
 * The statement lines in SQL. Mirrors `monthlyStatement` (see its header and
 * docs/insights.md): an event at (time, phase) belongs to the month when
 * (start, 0) < (time, phase) ≤ (end, 0), where phase 1 is a redemption, a void or
 * a record (start ≤ t < end) and phase 0 taking effect or expiring (start < t ≤ end).
 *
 * Per voucher of a stored-value kind:
 * - it enters the balance at greatest(created_at, effective_at) if that is before
 *   it expires and it was not voided by then: redeemed += its amount then;
 * - it leaves the balance at its void (if before expiry) or its expiry:
 *   voided or expired += its amount then;
 * - voided without ever entering (and before expiring): voided_not_effective;
 * - "its amount at t" is face value + refunds − deductions recorded before t.
 * Per successful record on such a voucher: used or refunded += amount; when the
 * voucher is outside the balance at that instant, the counterpart goes on the
 * line of its state (a refund onto an expired voucher is expired too, SPEC 6).
 *
 * Only vouchers that expire after the first month starts can have an event in
 * range (every event is at or before the expiry), which bounds the scan.
 */
function monthlyFlowsSql(months: ReadonlyArray<{ start: Date; end: Date }>): SQL {
  const first = months[0]!.start;
  const last = months[months.length - 1]!.end;
  const values = sql.join(
    months.map((m, i) => sql`(${i}::int, ${at(m.start)}, ${at(m.end)})`),
    sql`, `,
  );
  const delta = sql`CASE WHEN r.type = 'refund' THEN r.amount ELSE -r.amount END`;
  return sql`
    WITH m(idx, s, e) AS (VALUES ${values}),
    v AS (
      SELECT id, kind, face_value AS face, created_at AS tc, effective_at AS te, expires_at AS tx, voided_at AS tv,
        greatest(created_at, effective_at) AS t_in,
        created_at >= effective_at AS in_by_redemption,
        greatest(created_at, effective_at) < expires_at
          AND (voided_at IS NULL OR (voided_at > created_at AND voided_at >= effective_at)) AS entered,
        voided_at IS NOT NULL AND voided_at < expires_at AS void_first
      FROM vouchers
      WHERE kind <> 'discount' AND created_at < ${at(last)} AND expires_at >= ${at(first)}
    ),
    ev AS (
      SELECT id, kind, face, 'redeemed' AS line, t_in AS t, in_by_redemption AS phase1 FROM v WHERE entered
      UNION ALL
      SELECT id, kind, face, CASE WHEN void_first THEN 'voided' ELSE 'expired' END, CASE WHEN void_first THEN tv ELSE tx END, void_first FROM v WHERE entered
      UNION ALL
      SELECT id, kind, face, 'voided_not_effective', tv, true FROM v WHERE NOT entered AND void_first
    ),
    ev_month AS (
      SELECT m.idx, ev.kind, ev.line,
        ev.face + coalesce((SELECT sum(${delta}) FROM usage_records r
          WHERE r.voucher_id = ev.id AND r.status = 'success' AND r.created_at < ev.t), 0) AS amount
      FROM ev JOIN m ON CASE WHEN ev.phase1 THEN ev.t >= m.s AND ev.t < m.e ELSE ev.t > m.s AND ev.t <= m.e END
    ),
    rec AS (
      SELECT m.idx, w.kind, r.type, r.amount, ${delta} AS delta,
        CASE
          WHEN w.created_at > r.created_at THEN 'redeemed'
          WHEN w.voided_at <= r.created_at THEN 'voided'
          WHEN r.created_at < w.effective_at THEN 'redeemed'
          WHEN r.created_at >= w.expires_at THEN 'expired'
        END AS outside
      FROM usage_records r
      JOIN vouchers w ON w.id = r.voucher_id
      JOIN m ON r.created_at >= m.s AND r.created_at < m.e
      WHERE r.status = 'success' AND r.voucher_id IS NOT NULL AND w.kind <> 'discount'
        AND r.created_at >= ${at(first)} AND r.created_at < ${at(last)}
    )
    SELECT idx, kind, line, sum(amount) AS amount FROM (
      SELECT idx, kind::text AS kind, line, amount FROM ev_month
      UNION ALL
      SELECT idx, kind::text, CASE WHEN type = 'refund' THEN 'refunded' ELSE 'used' END, amount FROM rec
      UNION ALL
      SELECT idx, kind::text, outside, CASE WHEN outside = 'redeemed' THEN -delta ELSE delta END FROM rec WHERE outside IS NOT NULL
    ) AS lines
    GROUP BY idx, kind, line
    HAVING sum(amount) <> 0`;
}

/** One batch's redemption (codes) and the value its vouchers brought and were used for. */
export interface BatchRedemptionRow {
  publicId: string;
  name: string;
  kind: VoucherKind;
  voided: boolean;
  /** Codes the batch issued (grants are no codes). */
  codesIssued: number;
  codesRedeemed: number;
  /** codesRedeemed / codesIssued, 0 to 1; null without codes. */
  redemptionRate: number | null;
  /** Stored value: face value of the batch's vouchers; null for discount batches (no face value). */
  valueRedeemed: number | null;
  /**
   * Stored value: SPEC 4 used (face value − balance, net of refunds); discount:
   * the reductions the batch's vouchers gave.
   */
  valueUsed: number;
}

/** Admin only: the latest batches with codes issued and redeemed, redemption rate, value redeemed and used; two aggregate reads. */
export async function getBatchRedemption(viewer: Viewer | null, limit = INSIGHT_BATCHES): Promise<BatchRedemptionRow[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const rows = rowsOf<{
    public_id: string;
    name: string;
    kind: VoucherKind;
    voided: boolean;
    issued: string | number;
    redeemed: string | number;
    value_redeemed: string | number | null;
    value_used: string | number | null;
  }>(
    await db.execute(sql`
      WITH b AS (
        SELECT id, public_id, name, kind, voided_at IS NOT NULL AS voided, created_at FROM voucher_batches
        ORDER BY created_at DESC, id DESC LIMIT ${limit}
      ),
      c AS (
        SELECT batch_id, count(*) AS issued, count(redeemed_at) AS redeemed FROM redemption_codes
        WHERE batch_id IN (SELECT id FROM b) GROUP BY batch_id
      ),
      vv AS (
        SELECT batch_id, sum(face_value) AS value_redeemed, sum(face_value - balance) AS stored_used FROM vouchers
        WHERE batch_id IN (SELECT id FROM b) GROUP BY batch_id
      ),
      d AS (
        SELECT w.batch_id, sum(r.amount) AS discount_used FROM usage_records r JOIN vouchers w ON w.id = r.voucher_id
        WHERE w.batch_id IN (SELECT id FROM b) AND w.kind = 'discount' AND r.source = 'discount' AND r.status = 'success' AND r.type = 'deduction'
        GROUP BY w.batch_id
      )
      SELECT b.public_id, b.name, b.kind, b.voided,
        coalesce(c.issued, 0) AS issued, coalesce(c.redeemed, 0) AS redeemed,
        vv.value_redeemed, CASE WHEN b.kind = 'discount' THEN d.discount_used ELSE vv.stored_used END AS value_used
      FROM b LEFT JOIN c ON c.batch_id = b.id LEFT JOIN vv ON vv.batch_id = b.id LEFT JOIN d ON d.batch_id = b.id
      ORDER BY b.created_at DESC, b.id DESC`),
  );
  return rows.map((r) => {
    const issued = Number(r.issued);
    const redeemed = Number(r.redeemed);
    return {
      publicId: r.public_id,
      name: r.name,
      kind: r.kind,
      voided: r.voided,
      codesIssued: issued,
      codesRedeemed: redeemed,
      redemptionRate: issued === 0 ? null : redeemed / issued,
      valueRedeemed: r.kind === "discount" ? null : Number(r.value_redeemed ?? 0),
      valueUsed: Number(r.value_used ?? 0),
    };
  });
}

export interface ArrearsRow {
  publicId: string;
  name: string;
  /** What the account owes: −cash balance, > 0. */
  arrears: number;
  /** When the balance last went below zero (the cash ledger's first movement after its last non-negative balance); null without ledger rows. */
  since: Date | null;
}

/** Admin only: the accounts with the deepest arrears (negative cash balance, SPEC 6), deepest first. */
export async function getTopArrears(viewer: Viewer | null, limit = INSIGHT_ARREARS): Promise<ArrearsRow[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const rows = rowsOf<{ public_id: string; name: string; cash_balance: string | number; since: Date | string | null }>(
    await db.execute(sql`
      SELECT a.public_id, a.name, a.cash_balance,
        (SELECT min(m.created_at) FROM cash_movements m
          WHERE m.account_id = a.id AND m.created_at > coalesce(
            (SELECT max(p.created_at) FROM cash_movements p WHERE p.account_id = a.id AND p.balance_after >= 0), '-infinity'::timestamptz)) AS since
      FROM billing_accounts a
      WHERE a.cash_balance < 0
      ORDER BY a.cash_balance ASC, a.id ASC
      LIMIT ${limit}`),
  );
  return rows.map((r) => ({ publicId: r.public_id, name: r.name, arrears: -Number(r.cash_balance), since: r.since === null ? null : new Date(r.since) }));
}

/** Admin only: every figure of the overview's insights at `now`, read in parallel. */
export async function getAdminInsights(viewer: Viewer | null, now: Date) {
  requireAdmin(viewer);
  const [liability, months, batches, arrears] = await Promise.all([
    getVoucherLiability(viewer, now),
    getMonthlyFlows(viewer, now),
    getBatchRedemption(viewer),
    getTopArrears(viewer),
  ]);
  return { liability, months, batches, arrears };
}
export type AdminInsights = Awaited<ReturnType<typeof getAdminInsights>>;
