import "server-only";
/**
 * The scheduler of time-based events (docs/events.md): finds the vouchers whose
 * expiry is news at `now` (lib/events/expiry.ts) and writes their
 * `voucher.expiring` and `voucher.expired` events, each under its dedupe key,
 * so running it twice, late, or on several servers at once writes each event
 * once (the `events_dedupe_key_unique` constraint says so). No transaction:
 * each event stands alone, and one written twice is skipped by the constraint.
 */
import { and, gt, isNull, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { vouchers } from "@/db/schema";
import { EXPIRED_CATCH_UP_DAYS, EXPIRY_REMINDER_DAYS, dueExpiryEvents } from "@/lib/events/expiry";
import type { EventInput } from "@/lib/events/types";
import { recordEventsOnce } from "./events";

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
 * Runs `scheduleExpiryEvents` every `intervalMs` in this process, at the wall
 * clock's now (the first run soon after start), never two at once; returns the
 * stop. What it writes is idempotent, so any number of servers may run it.
 */
export function startExpirySchedule(options: { intervalMs: number; onResult?: (run: ScheduleRun) => void; onError?: (err: unknown) => void }): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      options.onResult?.(await scheduleExpiryEvents(new Date()));
    } catch (err) {
      options.onError?.(err);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), Math.min(options.intervalMs, 5_000));
  const every = setInterval(() => void run(), options.intervalMs);
  first.unref?.();
  every.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}

/**
 * Every time-based event due at `now`: what the job runner's schedule calls
 * (lib/jobs), and `npm run events:schedule`.
 */
export async function runScheduledEvents(now: Date): Promise<{ expiry: ScheduleRun }> {
  return { expiry: await scheduleExpiryEvents(now) };
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
  const due: Array<EventInput & { dedupeKey: string }> = candidates.flatMap((v) =>
    dueExpiryEvents(v, now).map((e) => ({ ...e, accountId: v.accountId }) as EventInput & { dedupeKey: string }),
  );
  let written = 0;
  for (let i = 0; i < due.length; i += CHUNK) written += await recordEventsOnce(db, due.slice(i, i + CHUNK), now);
  return { candidates: candidates.length, due: due.length, written };
}
