import "server-only";
/**
 * A customer's notification settings (docs/notifications.md): low-balance
 * thresholds per kind, which expiry reminders, email on or off. Each verb
 * authorizes first: only the caller's own account, never one named by the client.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { balanceThresholds, events, notificationSettings } from "@/db/schema";
import { BALANCE_KINDS, type BalanceKind } from "@/lib/events/low-balance";
import type { NotificationSettingsInput } from "@/lib/notifications/settings-form";
import { DEFAULT_PREFERENCES, type NotificationPreferences } from "@/lib/notifications/rules";
import { transactionWithRetry } from "./tx";
import { requireAccount, type Viewer } from "./viewer";

export type NotificationSettings = NotificationSettingsInput;

/** The preferences of `accountId`: its row, or the defaults (every reminder, email on) when it has none. */
export async function preferencesOf(db: Db, accountId: number): Promise<NotificationPreferences> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.accountId, accountId));
  return row ? { expiryReminderDays: row.expiryReminderDays, email: row.email } : DEFAULT_PREFERENCES;
}

/** The caller's own settings (a customer with an account; others are refused). */
export async function getMyNotificationSettings(viewer: Viewer | null): Promise<NotificationSettings> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const [prefs, thresholds] = await Promise.all([
    preferencesOf(db, accountId),
    db.select({ kind: balanceThresholds.kind, threshold: balanceThresholds.threshold }).from(balanceThresholds).where(eq(balanceThresholds.accountId, accountId)),
  ]);
  const byKind = Object.fromEntries(BALANCE_KINDS.map((k) => [k, thresholds.find((t) => t.kind === k)?.threshold ?? null])) as Record<BalanceKind, number | null>;
  return { thresholds: byKind, expiryReminderDays: [...prefs.expiryReminderDays], email: prefs.email };
}

/**
 * Saves the caller's settings at `now`, in one transaction. A threshold that
 * changes is re-armed (its next crossing alerts again); an unchanged one keeps
 * its state, so saving the form twice does not alert twice. A cleared threshold
 * is deleted; one set again later continues the numbering of that kind's
 * alerts from its events, so its next balance.low has a new dedupe key.
 */
export async function saveMyNotificationSettings(viewer: Viewer | null, input: NotificationSettingsInput, now: Date): Promise<NotificationSettings> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  await transactionWithRetry(db, async (tx) => {
    const days = [...input.expiryReminderDays];
    await tx
      .insert(notificationSettings)
      .values({ accountId, expiryReminderDays: days, email: input.email, updatedAt: now })
      .onConflictDoUpdate({ target: notificationSettings.accountId, set: { expiryReminderDays: days, email: input.email, updatedAt: now } });
    const set = BALANCE_KINDS.filter((k) => input.thresholds[k] !== null);
    await tx
      .delete(balanceThresholds)
      .where(and(eq(balanceThresholds.accountId, accountId), set.length > 0 ? notInArray(balanceThresholds.kind, set) : undefined));
    for (const kind of set) {
      const threshold = input.thresholds[kind]!;
      const pastAlerts = sql`(SELECT count(*)::int FROM ${events} WHERE ${events.accountId} = ${accountId} AND ${events.type} = 'balance.low' AND ${events.payload} ->> 'kind' = ${kind})`;
      await tx
        .insert(balanceThresholds)
        .values({ accountId, kind, threshold, alerts: pastAlerts, alertedAt: null, updatedAt: now })
        .onConflictDoUpdate({
          target: [balanceThresholds.accountId, balanceThresholds.kind],
          set: {
            threshold,
            // A new threshold is a new question: ask it again. The same one keeps its answer.
            alertedAt: sql`CASE WHEN ${balanceThresholds.threshold} = ${threshold} THEN ${balanceThresholds.alertedAt} ELSE NULL END`,
            updatedAt: sql`CASE WHEN ${balanceThresholds.threshold} = ${threshold} THEN ${balanceThresholds.updatedAt} ELSE ${now.toISOString()}::timestamptz END`,
          },
        });
    }
  });
  return getMyNotificationSettings(viewer);
}

