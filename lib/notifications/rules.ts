/**
 * Which events reach a customer's inbox (docs/events.md): the ones that ask
 * something of them or tell them of value lost or returned. Webhooks get every
 * event an endpoint subscribes to; the inbox only these, and only those the
 * customer's settings keep. Pure: no database here.
 */
import { EXPIRY_REMINDER_DAYS } from "@/lib/events/expiry";
import type { EventInput, EventType } from "@/lib/events/types";

export const NOTIFIED_TYPES = [
  "voucher.expiring",
  "voucher.expired",
  "balance.low",
  "order.payment_failed",
  "order.refunded",
] as const satisfies readonly EventType[];
export type NotifiedType = (typeof NOTIFIED_TYPES)[number];

export interface NotificationPreferences {
  /** Which expiry reminders to receive: a subset of 30, 7 and 1 days before. */
  expiryReminderDays: readonly number[];
  /** Whether notifications are also sent by email (where SMTP is set). */
  email: boolean;
}

/** An account without a settings row: every reminder, email on. */
export const DEFAULT_PREFERENCES: NotificationPreferences = { expiryReminderDays: EXPIRY_REMINDER_DAYS, email: true };

export function isNotifiedType(type: EventType): type is NotifiedType {
  return (NOTIFIED_TYPES as readonly EventType[]).includes(type);
}

/** Whether `event` becomes an inbox notification for its account under `prefs`. */
export function wantsNotification(event: Pick<EventInput, "type" | "payload" | "accountId">, prefs: NotificationPreferences): boolean {
  if (event.accountId === null || !isNotifiedType(event.type)) return false;
  if (event.type === "voucher.expiring") {
    const { daysBefore } = event.payload as { daysBefore: number };
    return prefs.expiryReminderDays.includes(daysBefore);
  }
  return true;
}
