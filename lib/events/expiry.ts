/**
 * When a voucher's expiry is news (docs/events.md): `voucher.expiring` at 30, 7
 * and 1 days before it expires, and `voucher.expired` when it has, each once,
 * and only while the voucher still has value to lose (a stored-value balance
 * above zero, or a discount not yet used) and is not voided. Pure: the
 * scheduler (lib/dal/scheduler.ts) reads the vouchers and writes what this says,
 * under each event's `dedupeKey`, so a second run, or a run on another server,
 * writes nothing more.
 */
import type { EventPayload } from "./types";

/** Days before expiry at which a reminder is due, largest first. */
export const EXPIRY_REMINDER_DAYS = [30, 7, 1] as const;
export type ExpiryReminderDays = (typeof EXPIRY_REMINDER_DAYS)[number];

/** How long after its expiry a voucher's `voucher.expired` is still written (a scheduler that was down catches up; older history is not replayed). */
export const EXPIRED_CATCH_UP_DAYS = 30;

const DAY_MS = 86_400_000;

export interface ExpiryCandidate {
  publicId: string;
  kind: "cash" | "discount" | "compute";
  /** Stored-value kinds; null for a discount. */
  balance: number | null;
  expiresAt: Date;
  consumedAt: Date | null;
  voidedAt: Date | null;
}

export type DueExpiryEvent =
  | { type: "voucher.expiring"; dedupeKey: string; payload: EventPayload<"voucher.expiring"> }
  | { type: "voucher.expired"; dedupeKey: string; payload: EventPayload<"voucher.expired"> };

/** Whether the voucher still holds something its expiry would take. */
export function hasValueToLose(v: ExpiryCandidate): boolean {
  if (v.voidedAt) return false;
  return v.kind === "discount" ? v.consumedAt === null : (v.balance ?? 0) > 0;
}

/**
 * The reminder due at `now`, if any: the one whose window holds `now`. The
 * window of d days runs from d days before expiry to the next, smaller
 * reminder's start (the 1-day one to expiry), so a scheduler that first sees
 * the voucher 5 days out sends the 7-day reminder, never a stale 30-day one.
 */
export function reminderDue(expiresAt: Date, now: Date): ExpiryReminderDays | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  for (let i = EXPIRY_REMINDER_DAYS.length - 1; i >= 0; i--) {
    const days = EXPIRY_REMINDER_DAYS[i]!;
    if (left <= days * DAY_MS) return days;
  }
  return null;
}

/**
 * The expiry events due for `v` at `now`: at most one. `leftAtExpiry`, when
 * given, is the forecast of what will be left of it at expiry (a reminder says it).
 */
export function dueExpiryEvents(v: ExpiryCandidate, now: Date, leftAtExpiry?: number): DueExpiryEvent[] {
  if (!hasValueToLose(v)) return [];
  const expiresAt = v.expiresAt.toISOString();
  if (v.expiresAt.getTime() <= now.getTime()) {
    if (now.getTime() - v.expiresAt.getTime() > EXPIRED_CATCH_UP_DAYS * DAY_MS) return [];
    return [{ type: "voucher.expired", dedupeKey: `voucher.expired:${v.publicId}`, payload: { voucherId: v.publicId, kind: v.kind, amountLost: v.balance, expiredAt: expiresAt } }];
  }
  const days = reminderDue(v.expiresAt, now);
  if (days === null) return [];
  return [
    {
      type: "voucher.expiring",
      dedupeKey: `voucher.expiring:${v.publicId}:${days}`,
      payload: { voucherId: v.publicId, kind: v.kind, balance: v.balance, expiresAt, daysBefore: days, ...(leftAtExpiry === undefined || v.kind === "discount" ? {} : { leftAtExpiry }) },
    },
  ];
}
