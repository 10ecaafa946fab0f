import "server-only";
/**
 * The email of one notification (docs/notifications.md), for the job runner
 * after the dispatcher made it. Sent once: the notification is claimed by a
 * conditional UPDATE of `emailed_at` before sending (at most once; a send that
 * fails releases the claim, so the job's retry tries again).
 */
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { events, notifications, users } from "@/db/schema";
import { platformCurrency, platformLocale, platformTimeZone } from "@/lib/config";
import { isLocale } from "@/lib/i18n/locale";
import { sendMail, smtpUrl } from "@/lib/notifications/email";
import { isNotifiedType } from "@/lib/notifications/rules";
import { notificationEmail } from "@/lib/notifications/text";
import { preferencesOf } from "./notification-settings";

/** The console's public URL, for the links of an email. */
const baseUrl = () => process.env.BETTER_AUTH_URL?.trim() || "http://localhost:3000";

/**
 * Emails notification `notificationId` to its account's customer users, each in
 * their own language (their saved one, else PLATFORM_LOCALE), at `now`.
 * "skipped" when SMTP_URL is unset, the account turned email off, it was
 * emailed already (or is being emailed by another run), or no user has an
 * address. Throws when sending fails (after releasing the claim).
 */
export async function emailNotification(notificationId: number, now: Date): Promise<"sent" | "skipped"> {
  if (!smtpUrl()) return "skipped";
  const db = await getDb();
  const [row] = await db
    .select({ accountId: notifications.accountId, emailedAt: notifications.emailedAt, type: events.type, payload: events.payload })
    .from(notifications)
    .innerJoin(events, eq(events.id, notifications.eventId))
    .where(eq(notifications.id, notificationId));
  if (!row || row.emailedAt !== null || !isNotifiedType(row.type)) return "skipped";
  if (!(await preferencesOf(db, row.accountId)).email) return "skipped";
  const recipients = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.billingAccountId, row.accountId), eq(users.role, "customer")));
  if (recipients.length === 0) return "skipped";

  // The claim: of two runs, one sets emailed_at; the other sends nothing.
  const claimed = await db
    .update(notifications)
    .set({ emailedAt: now })
    .where(and(eq(notifications.id, notificationId), isNull(notifications.emailedAt)))
    .returning({ id: notifications.id });
  if (claimed.length === 0) return "skipped";

  const ctx = { currency: platformCurrency(), timeZone: platformTimeZone(), baseUrl: baseUrl() };
  const event = { type: row.type, payload: row.payload };
  try {
    for (const user of recipients) {
      const locale = isLocale(user.locale) ? user.locale : platformLocale();
      await sendMail({ to: user.email, ...notificationEmail(event, { ...ctx, locale }) });
    }
  } catch (err) {
    await db.update(notifications).set({ emailedAt: null }).where(eq(notifications.id, notificationId));
    throw err;
  }
  return "sent";
}
