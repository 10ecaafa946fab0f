import "server-only";
/**
 * The scheduler of time-based events (docs/events.md): finds the vouchers whose
 * expiry is news at `now` (lib/events/expiry.ts) and writes their
 * `voucher.expiring` and `voucher.expired` events, each under its dedupe key,
 * so running it twice, late, or on several servers at once writes each event
 * once (the `events_dedupe_key_unique` constraint says so). No transaction:
 * each event stands alone, and one written twice is skipped by the constraint.
 */
import { and, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { balanceThresholds, billingAccounts, events, vouchers } from "@/db/schema";
import { platformTimeZone } from "@/lib/config";
import { EXPIRED_CATCH_UP_DAYS, EXPIRY_REMINDER_DAYS, dueExpiryEvents } from "@/lib/events/expiry";
import { lowBalanceDedupeKey, lowBalanceStep, type BalanceKind } from "@/lib/events/low-balance";
import type { EventInput } from "@/lib/events/types";
import { recordEventsOnce } from "./events";
import { forecastFor } from "./insights/forecast";
import { deductibleVoucherSql } from "./status-sql";
import { transactionWithRetry } from "./tx";

const DAY_MS = 86_400_000;
/** Events written per statement. */
const CHUNK = 500;

export interface ScheduleRun {
  /** Vouchers looked at: not voided, with value, expiring in the reminders' reach or expired lately. */
  candidates: number;
  /** Events due now, written before or not. */
  due: number;
  /** Events this run wrote (the rest were written before). */
  written: number;
}

/**
 * Every time-based event due at `now`: what the job runner's schedule calls
 * (lib/jobs), and `npm run events:schedule`.
 */
export async function runScheduledEvents(now: Date): Promise<{ expiry: ScheduleRun; lowBalance: LowBalanceRun }> {
  return { expiry: await scheduleExpiryEvents(now), lowBalance: await scheduleLowBalanceEvents(now) };
}

export interface LowBalanceRun {
  /** Thresholds looked at. */
  thresholds: number;
  /** balance.low events this run wrote. */
  alerted: number;
  /** Thresholds re-armed (the balance is back at or above them). */
  rearmed: number;
}

/**
 * One pass of the low-balance rule (lib/events/low-balance.ts) at `now` over
 * every customer threshold: a balance below its threshold and not alerted yet
 * is alerted once (the claim is a conditional UPDATE ... WHERE alerted_at IS
 * NULL, in the transaction that records the event, so two runs at once record
 * one event, and a crash records neither); one back at or above it is re-armed.
 * Voucher kinds count what can pay at `now` (effective, unexpired, unvoided,
 * with a balance); cash_balance is the account's signed cash balance.
 */
export async function scheduleLowBalanceEvents(now: Date): Promise<LowBalanceRun> {
  const db = await getDb();
  const thresholds = await db
    .select({
      accountId: balanceThresholds.accountId,
      kind: balanceThresholds.kind,
      threshold: balanceThresholds.threshold,
      alertedAt: balanceThresholds.alertedAt,
      accountPublicId: billingAccounts.publicId,
      cashBalance: billingAccounts.cashBalance,
    })
    .from(balanceThresholds)
    .innerJoin(billingAccounts, eq(billingAccounts.id, balanceThresholds.accountId));
  const run: LowBalanceRun = { thresholds: thresholds.length, alerted: 0, rearmed: 0 };
  if (thresholds.length === 0) return run;

  const voucherAccounts = [...new Set(thresholds.filter((t) => t.kind !== "cash_balance").map((t) => t.accountId))];
  const sums =
    voucherAccounts.length === 0
      ? []
      : await db
          .select({ accountId: vouchers.accountId, kind: vouchers.kind, balance: sql<string>`coalesce(sum(${vouchers.balance}), 0)::text` })
          .from(vouchers)
          .where(and(inArray(vouchers.accountId, voucherAccounts), inArray(vouchers.kind, ["cash", "compute"]), deductibleVoucherSql(now)))
          .groupBy(vouchers.accountId, vouchers.kind);
  const voucherBalance = new Map(sums.map((s) => [`${s.accountId}:${s.kind}`, Number(s.balance)]));

  for (const t of thresholds) {
    const balance = t.kind === "cash_balance" ? t.cashBalance : (voucherBalance.get(`${t.accountId}:${t.kind}`) ?? 0);
    const step = lowBalanceStep(t, balance);
    const key = and(eq(balanceThresholds.accountId, t.accountId), eq(balanceThresholds.kind, t.kind));
    if (step === "alert") {
      run.alerted += await transactionWithRetry(db, async (tx) => {
        // The claim: of any number of runs that read alerted_at null, one updates the row.
        const [claimed] = await tx
          .update(balanceThresholds)
          .set({ alertedAt: now, alerts: sql`${balanceThresholds.alerts} + 1` })
          .where(and(key, isNull(balanceThresholds.alertedAt), eq(balanceThresholds.threshold, t.threshold)))
          .returning({ alerts: balanceThresholds.alerts });
        if (!claimed) return 0;
        const kind: BalanceKind = t.kind;
        return recordEventsOnce(
          tx,
          [{ type: "balance.low", accountId: t.accountId, payload: { kind, balance, threshold: t.threshold }, dedupeKey: lowBalanceDedupeKey(t.accountPublicId, kind, claimed.alerts) }],
          now,
        );
      });
    } else if (step === "rearm") {
      const rearmed = await db
        .update(balanceThresholds)
        .set({ alertedAt: null })
        .where(and(key, isNotNull(balanceThresholds.alertedAt), eq(balanceThresholds.threshold, t.threshold)))
        .returning({ kind: balanceThresholds.kind });
      run.rearmed += rearmed.length;
    }
  }
  return run;
}

/** One pass of the expiry scheduler at `now`. */
export async function scheduleExpiryEvents(now: Date): Promise<ScheduleRun> {
  const db = await getDb();
  const from = new Date(now.getTime() - EXPIRED_CATCH_UP_DAYS * DAY_MS);
  const to = new Date(now.getTime() + EXPIRY_REMINDER_DAYS[0] * DAY_MS);
  const candidates = await db
    .select({
      publicId: vouchers.publicId,
      accountId: vouchers.accountId,
      kind: vouchers.kind,
      balance: vouchers.balance,
      expiresAt: vouchers.expiresAt,
      consumedAt: vouchers.consumedAt,
      voidedAt: vouchers.voidedAt,
    })
    .from(vouchers)
    .where(
      and(
        isNull(vouchers.voidedAt),
        gt(vouchers.expiresAt, from),
        lte(vouchers.expiresAt, to),
        or(gt(vouchers.balance, 0), and(sql`${vouchers.kind} = 'discount'`, isNull(vouchers.consumedAt))),
      ),
    );
  // What is due now, once per candidate; only what isn't written yet goes further.
  const pending = candidates.flatMap((v) => dueExpiryEvents(v, now).map((e) => ({ voucher: v, key: e.dedupeKey, reminder: e.type === "voucher.expiring" })));
  const known = new Set<string | null>();
  for (let i = 0; i < pending.length; i += CHUNK) {
    const keys = pending.slice(i, i + CHUNK).map((p) => p.key);
    for (const r of await db.select({ key: events.dedupeKey }).from(events).where(inArray(events.dedupeKey, keys))) known.add(r.key);
  }
  const unwritten = pending.filter((p) => !known.has(p.key));
  // Reminders not written yet say what will be left at expiry at the account's pace: one forecast per account concerned.
  const forecastAccounts = [...new Set(unwritten.filter((p) => p.reminder && p.voucher.kind !== "discount").map((p) => p.voucher.accountId))];
  const leftAtExpiry = new Map<string, number>();
  for (const accountId of forecastAccounts) {
    const forecast = await forecastFor(db, accountId, now, platformTimeZone());
    for (const line of forecast.lines) leftAtExpiry.set(line.publicId, line.leftAtExpiry);
  }
  // dueExpiryEvents gives at most one event per voucher: the same one, now with its forecast.
  const due: Array<EventInput & { dedupeKey: string }> = unwritten.flatMap(({ voucher: v }) =>
    dueExpiryEvents(v, now, leftAtExpiry.get(v.publicId)).map((e) => ({ ...e, accountId: v.accountId }) as EventInput & { dedupeKey: string }),
  );
  let written = 0;
  for (let i = 0; i < due.length; i += CHUNK) written += await recordEventsOnce(db, due.slice(i, i + CHUNK), now);
  return { candidates: candidates.length, due: pending.length, written };
}
