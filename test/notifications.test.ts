/**
 * The customer's inbox (lib/dal/notifications.ts) on a real database: the
 * dispatcher's createNotifications keeps what each account's settings keep
 * (defaults without a row), once per event; a customer lists, counts and marks
 * their own; nobody else can read or mark them (another customer, a signed-out
 * caller, an admin without an account), through the DAL or the actions.
 */
import { eq, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { billingAccounts, events, notifications, notificationSettings, users } from "@/db/schema";
import type { Db } from "@/db";
import { recordEvents } from "@/lib/dal/events";
import { DalError } from "@/lib/dal/errors";
import type { Viewer } from "@/lib/dal/viewer";
import type { EventInput } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";
import { setupTestDatabase } from "./db";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => session.viewer }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { countMyUnread, createNotifications, listMyNotifications, markAllMyNotificationsRead, markMyNotificationRead, NOTIFICATION_PAGE_SIZE } = await import(
  "@/lib/dal/notifications"
);
const { markAllNotificationsReadAction, markNotificationReadAction } = await import("@/app/(billing)/billing/notifications/actions");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

let alice: Viewer;
let bob: Viewer;
let carol: Viewer;
let admin: Viewer;

async function customer(name: string): Promise<Viewer> {
  const [account] = await db().insert(billingAccounts).values({ publicId: newPublicId("acc"), name, createdAt: now }).returning();
  const email = `${name.toLowerCase()}@notify.example`;
  await db().insert(users).values({ id: `u-${name}`, name, email, role: "customer", billingAccountId: account!.id, createdAt: now, updatedAt: now });
  return { userId: `u-${name}`, email, name, role: "customer", accountId: account!.id };
}

const expiring = (accountId: number, daysBefore: 30 | 7 | 1): EventInput => ({
  type: "voucher.expiring",
  accountId,
  payload: { voucherId: newPublicId("vch"), kind: "cash", balance: 1_000, expiresAt: "2026-12-01T16:00:00.000Z", daysBefore },
});
const refunded = (accountId: number): EventInput => ({
  type: "order.refunded",
  accountId,
  payload: { orderId: newPublicId("ord"), refundId: newPublicId("rfd"), amount: 100, refundedAmount: 100, orderStatus: "partially_refunded" },
});

/** Records `inputs` and hands their rows to createNotifications in one transaction, as the dispatcher does. */
async function dispatch(inputs: EventInput[], when = now) {
  await recordEvents(db(), inputs, when);
  const rows = await db().select().from(events).orderBy(events.id);
  const fresh = rows.slice(rows.length - inputs.length);
  return { rows: fresh, created: await db().transaction((tx) => createNotifications(tx as unknown as Db, fresh, when)) };
}

async function notificationsOf(viewer: Viewer) {
  return db().select().from(notifications).where(eq(notifications.accountId, viewer.accountId!)).orderBy(notifications.id);
}

beforeAll(async () => {
  alice = await customer("Alice");
  bob = await customer("Bob");
  carol = await customer("Carol");
  await db().insert(users).values({ id: "u-admin", name: "Admin", email: "admin@notify.example", role: "admin", createdAt: now, updatedAt: now });
  admin = { userId: "u-admin", email: "admin@notify.example", name: "Admin", role: "admin", accountId: null };
});

beforeEach(() => {
  session.viewer = null;
});

describe("createNotifications", () => {
  it("without a settings row keeps every notified type and every reminder, with email on; skips other types and account-less events", async () => {
    const { created } = await dispatch([
      expiring(alice.accountId!, 30),
      expiring(alice.accountId!, 1),
      refunded(alice.accountId!),
      { type: "order.paid", accountId: alice.accountId!, payload: { orderId: newPublicId("ord"), amount: 1, discountAmount: 0, voucherAmount: 0, cashAmount: 1 } },
      { type: "code.revoked", accountId: null, payload: { batchId: newPublicId("bat"), last4: "ABCD", reason: "Test" } },
    ]);
    expect(created).toHaveLength(3);
    expect(created.every((c) => c.email)).toBe(true);
    const mine = await notificationsOf(alice);
    expect(mine.map((n) => n.createdAt.toISOString())).toEqual([now, now, now].map((d) => d.toISOString()));
    expect(mine.every((n) => /^ntf_[0-9a-z]{16}$/.test(n.publicId) && n.readAt === null && n.emailedAt === null)).toBe(true);
  });

  it("follows the account's settings: reminders not chosen are dropped, email off is reported", async () => {
    await db().insert(notificationSettings).values({ accountId: bob.accountId!, expiryReminderDays: [7], email: false, updatedAt: now });
    const { created } = await dispatch([expiring(bob.accountId!, 30), expiring(bob.accountId!, 7), refunded(bob.accountId!), expiring(carol.accountId!, 30)]);
    expect(created).toHaveLength(3);
    const bobs = await notificationsOf(bob);
    expect(bobs).toHaveLength(2);
    const emailById = new Map(created.map((c) => [c.notificationId, c.email]));
    expect(bobs.map((n) => emailById.get(n.id))).toEqual([false, false]);
    const carols = await notificationsOf(carol);
    expect(emailById.get(carols[0]!.id)).toBe(true);
  });

  it("a replayed batch adds nothing: one notification per event", async () => {
    const { rows } = await dispatch([refunded(carol.accountId!)]);
    const before = (await notificationsOf(carol)).length;
    const again = await db().transaction((tx) => createNotifications(tx as unknown as Db, rows, at(5)));
    expect(again).toEqual([]);
    expect(await notificationsOf(carol)).toHaveLength(before);
  });

  it("an empty batch or a batch of nothing notified writes nothing", async () => {
    expect(await db().transaction((tx) => createNotifications(tx as unknown as Db, [], now))).toEqual([]);
  });
});

describe("the inbox", () => {
  it("lists newest first with its event, pages by `before`, counts unread", async () => {
    const viewer = await customer("Dave");
    for (let i = 0; i < NOTIFICATION_PAGE_SIZE + 3; i++) await dispatch([refunded(viewer.accountId!)], at(i));
    const first = await listMyNotifications(viewer);
    expect(first.items).toHaveLength(NOTIFICATION_PAGE_SIZE);
    expect(first.items[0]!.createdAt.toISOString()).toBe(at(NOTIFICATION_PAGE_SIZE + 2).toISOString());
    expect(first.items[0]!.type).toBe("order.refunded");
    expect(first.nextBefore).toBe(first.items[NOTIFICATION_PAGE_SIZE - 1]!.publicId);
    const second = await listMyNotifications(viewer, first.nextBefore);
    expect(second.items.map((i) => i.createdAt.toISOString())).toEqual([at(2), at(1), at(0)].map((d) => d.toISOString()));
    expect(second.nextBefore).toBeNull();
    // A `before` that is not the caller's starts at the newest.
    const alicesFirst = (await listMyNotifications(alice)).items[0]!.publicId;
    expect((await listMyNotifications(viewer, alicesFirst)).items[0]!.publicId).toBe(first.items[0]!.publicId);
    expect(await countMyUnread(viewer)).toBe(NOTIFICATION_PAGE_SIZE + 3);
  });

  it("marks one read (once; again changes nothing), then all, and the count drops", async () => {
    const viewer = await customer("Erin");
    await dispatch([refunded(viewer.accountId!), refunded(viewer.accountId!), refunded(viewer.accountId!)]);
    const [newest] = (await listMyNotifications(viewer)).items;
    expect(await countMyUnread(viewer)).toBe(3);
    expect(await markMyNotificationRead(viewer, newest!.publicId, at(1))).toEqual({ changed: true });
    expect(await markMyNotificationRead(viewer, newest!.publicId, at(2))).toEqual({ changed: false });
    const read = (await listMyNotifications(viewer)).items[0]!;
    expect(read.readAt?.toISOString()).toBe(at(1).toISOString());
    expect(await countMyUnread(viewer)).toBe(2);
    expect(await markAllMyNotificationsRead(viewer, at(3))).toEqual({ count: 2 });
    expect(await countMyUnread(viewer)).toBe(0);
    expect((await listMyNotifications(viewer)).items.map((i) => i.readAt?.toISOString())).toEqual([at(1), at(3), at(3)].map((d) => d.toISOString()));
  });
});

describe("negative authorization", () => {
  it("another customer can neither read nor mark an account's notifications", async () => {
    const alices = await notificationsOf(alice);
    const target = alices[0]!;
    expect((await listMyNotifications(bob)).items.map((i) => i.publicId)).not.toContain(target.publicId);
    await expect(markMyNotificationRead(bob, target.publicId, now)).rejects.toMatchObject({ code: "not_found" });
    const bobUnread = await countMyUnread(bob);
    await markAllMyNotificationsRead(bob, now);
    expect(await countMyUnread(bob)).toBe(0);
    expect(bobUnread).toBeGreaterThan(0);
    // Alice's are untouched.
    const after = await db().select().from(notifications).where(inArray(notifications.id, alices.map((n) => n.id)));
    expect(after.every((n) => n.readAt === null)).toBe(true);
  });

  it("signed out is unauthenticated; an admin without an account gets a clear forbidden", async () => {
    for (const call of [() => listMyNotifications(null), () => countMyUnread(null), () => markAllMyNotificationsRead(null, now)]) {
      await expect(call()).rejects.toMatchObject({ code: "unauthenticated" });
    }
    const refusal = await listMyNotifications(admin).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DalError);
    expect((refusal as DalError).failure).toEqual({ code: "forbidden", reason: "no_account" });
    await expect(markMyNotificationRead(admin, "ntf_0000000000000000", now)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("the actions: refused for signed out, an admin, another customer and a bad id, with nothing changed; done for the owner", async () => {
    const target = (await notificationsOf(alice))[1]!;
    session.viewer = null;
    expect(await markNotificationReadAction({ notificationId: target.publicId })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await markAllNotificationsReadAction({})).toMatchObject({ ok: false, code: "unauthenticated" });
    session.viewer = admin;
    const adminRefusal = await markNotificationReadAction({ notificationId: target.publicId });
    expect(adminRefusal).toMatchObject({ ok: false, code: "forbidden" });
    expect(!adminRefusal.ok && adminRefusal.message).toMatch(/account/i);
    expect(await markAllNotificationsReadAction({})).toMatchObject({ ok: false, code: "forbidden" });
    session.viewer = bob;
    expect(await markNotificationReadAction({ notificationId: target.publicId })).toMatchObject({ ok: false, code: "not_found", message: "Notification not found." });
    expect(await markNotificationReadAction({ notificationId: "not-an-id" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await markAllNotificationsReadAction({})).toMatchObject({ ok: true });
    const [unchanged] = await db().select().from(notifications).where(eq(notifications.id, target.id));
    expect(unchanged!.readAt).toBeNull();

    session.viewer = alice;
    expect(await markNotificationReadAction({ notificationId: target.publicId })).toEqual({ ok: true, data: { changed: true } });
    const [read] = await db().select().from(notifications).where(eq(notifications.id, target.id));
    expect(read!.readAt).not.toBeNull();
    const unread = await countMyUnread(alice);
    expect(await markAllNotificationsReadAction({})).toEqual({ ok: true, data: { count: unread } });
    expect(await countMyUnread(alice)).toBe(0);
  });
});
