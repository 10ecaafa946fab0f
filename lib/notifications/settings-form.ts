/**
 * The notification settings form (docs/notifications.md): a low-balance
 * threshold per kind (an amount, or empty for none), which expiry reminders
 * (30, 7, 1 days), and email on or off. Checkboxes send "on" when checked and
 * nothing otherwise. The sentences come from the caller (`text`, the
 * `settings.errors` messages in the reader's language), so a refusal reads in
 * both languages. Pure.
 */
import { z } from "zod";
import { EXPIRY_REMINDER_DAYS } from "@/lib/events/expiry";
import { BALANCE_KINDS, MAX_THRESHOLD, type BalanceKind } from "@/lib/events/low-balance";
import { parseMoney } from "@/lib/money";

export interface NotificationSettingsInput {
  thresholds: Record<BalanceKind, number | null>;
  expiryReminderDays: number[];
  email: boolean;
}

export type SettingsErrorKey = "threshold" | "reminder" | "email";
/** The sentence of an error; `threshold` gets the allowed range as `min` and `max` amounts. */
export type SettingsErrorText = (key: SettingsErrorKey, values: { min: number; max: number }) => string;

const checkbox = (message: string) => z.union([z.literal("on"), z.literal("")], { error: message }).optional();

/** The form's schema, worded by `text`. Field names: the kinds, `remind30`/`remind7`/`remind1`, `email`. */
export function notificationSettingsSchema(currency: string, text: SettingsErrorText) {
  const range = { min: 1, max: MAX_THRESHOLD };
  const threshold = z
    .string({ error: text("threshold", range) })
    .max(40, text("threshold", range))
    .transform((s, ctx) => {
      if (s.trim() === "") return null;
      const minor = parseMoney(s, currency);
      if (minor === null || minor < 1 || minor > MAX_THRESHOLD) {
        ctx.addIssue({ code: "custom", message: text("threshold", range) });
        return z.NEVER;
      }
      return minor;
    });
  const reminder = checkbox(text("reminder", range));
  return z
    .object({
      // Every threshold field is sent (empty for none), so a post without them is not this form.
      ...(Object.fromEntries(BALANCE_KINDS.map((k) => [k, threshold])) as Record<BalanceKind, typeof threshold>),
      remind30: reminder,
      remind7: reminder,
      remind1: reminder,
      email: checkbox(text("email", range)),
    })
    .transform(
      (v): NotificationSettingsInput => ({
        thresholds: { cash: v.cash ?? null, compute: v.compute ?? null, cash_balance: v.cash_balance ?? null },
        expiryReminderDays: EXPIRY_REMINDER_DAYS.filter((d) => v[`remind${d}`] === "on"),
        email: v.email === "on",
      }),
    );
}
