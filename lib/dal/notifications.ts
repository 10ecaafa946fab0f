import "server-only";
/**
 * The customer's inbox (docs/notifications.md). The dispatcher (lib/jobs) turns
 * outbox events into notifications with `createNotifications`, in its own
 * transaction; a customer lists theirs, counts the unread ones (the header's
 * bell) and marks them read. Every customer verb authorizes first and is scoped
 * to the caller's own account: another account's notification is "not found".
 */
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { events, notifications, notificationSettings } from "@/db/schema";
import type { EventInput } from "@/lib/events/types";
import { isMadePublicId, newPublicId } from "@/lib/ids";
import { DEFAULT_PREFERENCES, wantsNotification, type NotificationPreferences, type NotifiedType } from "@/lib/notifications/rules";
import { DalError } from "./errors";
import { rowsOf } from "./tx";
import { requireAccount, type Viewer } from "./viewer";

/** Notifications per page of the inbox. */
export const NOTIFICATION_PAGE_SIZE = 20;
/** The bell counts up to this many unread; more shows as "99+". */
export const UNREAD_COUNT_CAP = 99;

/**
 * For the dispatcher, inside its transaction `tx`: the notifications of the
 * event rows `rows` (one per event that concerns an account and that the
 * account's settings keep, lib/notifications/rules.ts), stamped `now`. An event
 * already notified is skipped (unique account and event), so a replayed batch
 * adds nothing. Two statements for any batch: the settings of its accounts, and
 * one insert. Returns the new ones, each with whether its account wants email.
 */
export async function createNotifications(tx: Db, rows: Array<typeof events.$inferSelect>, now: Date): Promise<Array<{ notificationId: number; email: boolean }>> {
  const accountIds = [...new Set(rows.flatMap((r) => (r.accountId === null ? [] : [r.accountId])))];
  if (accountIds.length === 0) return [];
  const settings = await tx.select().from(notificationSettings).where(inArray(notificationSettings.accountId, accountIds));
  const prefs = new Map<number, NotificationPreferences>(settings.map((s) => [s.accountId, { expiryReminderDays: s.expiryReminderDays, email: s.email }]));
  const prefsOf = (accountId: number) => prefs.get(accountId) ?? DEFAULT_PREFERENCES;
  const wanted = rows.filter(
    (r): r is typeof r & { accountId: number } =>
      r.accountId !== null && wantsNotification({ type: r.type, accountId: r.accountId, payload: r.payload } as Pick<EventInput, "type" | "payload" | "accountId">, prefsOf(r.accountId)),
  );
  if (wanted.length === 0) return [];
  const created = await tx
    .insert(notifications)
    .values(wanted.map((r) => ({ publicId: newPublicId("ntf"), accountId: r.accountId, eventId: r.id, createdAt: now })))
    .onConflictDoNothing({ target: [notifications.accountId, notifications.eventId] })
    .returning({ id: notifications.id, accountId: notifications.accountId });
  return created.map((n) => ({ notificationId: n.id, email: prefsOf(n.accountId).email }));
}

/** One inbox entry: the notification and the facts of its event, for lib/notifications/text.ts. */
export interface InboxItem {
  publicId: string;
  type: NotifiedType;
  payload: unknown;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxPage {
  items: InboxItem[];
  /** The public id to pass as `before` for the next, older page; null on the last page. */
  nextBefore: string | null;
}

/**
 * The caller's notifications, newest first, `NOTIFICATION_PAGE_SIZE` a page;
 * `before` (a notification's public id from the previous page) continues after
 * it. A `before` that is not one of the caller's notifications starts at the newest.
 */
export async function listMyNotifications(viewer: Viewer | null, before?: string | null): Promise<InboxPage> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  let beforeId: number | null = null;
  if (before && isMadePublicId("ntf", before)) {
    const [row] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.publicId, before), eq(notifications.accountId, accountId)));
    beforeId = row?.id ?? null;
  }
  const rows = await db
    .select({
      id: notifications.id,
      publicId: notifications.publicId,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      type: events.type,
      payload: events.payload,
    })
    .from(notifications)
    .innerJoin(events, eq(events.id, notifications.eventId))
    .where(and(eq(notifications.accountId, accountId), beforeId === null ? undefined : lt(notifications.id, beforeId)))
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATION_PAGE_SIZE + 1);
  const page = rows.slice(0, NOTIFICATION_PAGE_SIZE);
  return {
    items: page.map((r) => ({ publicId: r.publicId, type: r.type as NotifiedType, payload: r.payload, createdAt: r.createdAt, readAt: r.readAt })),
    nextBefore: rows.length > NOTIFICATION_PAGE_SIZE ? page[page.length - 1]!.publicId : null,
  };
}

/** How many of the caller's notifications are unread, counted up to UNREAD_COUNT_CAP + 1 (the bell shows "99+" beyond). */
export async function countMyUnread(viewer: Viewer | null): Promise<number> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const [row] = await db.execute(
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${notifications} WHERE ${notifications.accountId} = ${accountId} AND ${notifications.readAt} IS NULL LIMIT ${UNREAD_COUNT_CAP + 1}) AS unread`,
  ).then((r) => rowsOf<{ n: number }>(r));
  return row?.n ?? 0;
}

/**
 * Marks one of the caller's notifications read at `now` (already read: kept as
 * it was). Another account's, or an unknown id, is "not found", so the answer
 * never tells whether it exists.
 */
export async function markMyNotificationRead(viewer: Viewer | null, publicId: string, now: Date): Promise<{ changed: boolean }> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const mine = and(eq(notifications.publicId, publicId), eq(notifications.accountId, accountId));
  const updated = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(mine, isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (updated.length > 0) return { changed: true };
  const [exists] = await db.select({ id: notifications.id }).from(notifications).where(mine);
  if (!exists) throw new DalError({ code: "not_found", reason: "notification" });
  return { changed: false };
}

/** Marks every unread notification of the caller read at `now`; returns how many changed. */
export async function markAllMyNotificationsRead(viewer: Viewer | null, now: Date): Promise<{ count: number }> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const updated = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { count: updated.length };
}
