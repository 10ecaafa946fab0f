/**
 * The email of notifications (lib/dal/notification-email.ts) against a real
 * SMTP server on 127.0.0.1 (test/support/smtp-sink.ts): sent once to the
 * account's customer users, each in their language (their own, else
 * PLATFORM_LOCALE); skipped without SMTP_URL, with email turned off, or when
 * sent already; never a voucher code.
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, events, notifications, notificationSettings, users } from "@/db/schema";
import type { Db } from "@/db";
import { emailNotification } from "@/lib/dal/notification-email";
import { createNotifications } from "@/lib/dal/notifications";
import { recordEvents } from "@/lib/dal/events";
import type { EventInput } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";
import { setupTestDatabase } from "./db";
import { decodedBody, decodedSubject, startSmtpSink, type SmtpSink } from "./support/smtp-sink";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
let sink: SmtpSink;
const saved = { url: process.env.SMTP_URL, from: process.env.SMTP_FROM, locale: process.env.PLATFORM_LOCALE, base: process.env.BETTER_AUTH_URL };

async function account(name: string, people: Array<{ email: string; locale: string | null }>) {
  const [acc] = await db().insert(billingAccounts).values({ publicId: newPublicId("acc"), name, createdAt: now }).returning();
  for (const p of people) {
    await db().insert(users).values({ id: `u-${p.email}`, name, email: p.email, role: "customer", billingAccountId: acc!.id, locale: p.locale, createdAt: now, updatedAt: now });
  }
  return acc!;
}

/** Records the event and makes its notification, as the dispatcher does; returns the notification's id. */
async function notify(input: EventInput): Promise<number> {
  await recordEvents(db(), [input], now);
  const [row] = await db().select().from(events).orderBy(events.id).limit(1).offset((await db().$count(events)) - 1);
  const [created] = await db().transaction((tx) => createNotifications(tx as unknown as Db, [row!], now));
  return created!.notificationId;
}

const expiring = (accountId: number): EventInput => ({
  type: "voucher.expiring",
  accountId,
  payload: { voucherId: "vch_mail0000000000000", kind: "cash", balance: 12_345, expiresAt: "2026-12-01T16:00:00.000Z", daysBefore: 7 },
});

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.SMTP_FROM = "Billing Tests <billing@tests.example>";
  process.env.PLATFORM_LOCALE = "zh-CN";
  process.env.BETTER_AUTH_URL = "https://billing.tests.example";
});

afterEach(() => {
  sink.received.length = 0;
  process.env.SMTP_URL = sink.url;
});

afterAll(async () => {
  await sink.close();
  for (const [key, value] of [["SMTP_URL", saved.url], ["SMTP_FROM", saved.from], ["PLATFORM_LOCALE", saved.locale], ["BETTER_AUTH_URL", saved.base]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("emailNotification", () => {
  it("sends once to each customer user of the account, in their own language or the platform's, with the notification's words and links", async () => {
    const acc = await account("Mail", [
      { email: "en-reader@tests.example", locale: "en" },
      { email: "default-reader@tests.example", locale: null },
    ]);
    const id = await notify(expiring(acc.id));
    expect(await emailNotification(id, now)).toBe("sent");
    expect(sink.received).toHaveLength(2);
    const byTo = new Map(sink.received.map((m) => [m.to[0], m]));
    const en = byTo.get("en-reader@tests.example")!;
    const zh = byTo.get("default-reader@tests.example")!;
    expect(en.from).toBe("billing@tests.example");
    expect(decodedSubject(en.raw)).toBe("Cash voucher vch_mail0000000000000 expires in 7 days");
    expect(decodedBody(en.raw)).toContain("vch_mail0000000000000 still holds ¥123.45 and expires at 2026-12-02 00:00.");
    expect(decodedBody(en.raw)).toContain("https://billing.tests.example/billing?tab=cash&status=available&expiresTo=2026-12-02");
    expect(en.raw).toMatch(/Content-Type: text\/html/i);
    expect(decodedSubject(zh.raw)).toBe("现金券 vch_mail0000000000000 将在 7 天后过期");
    expect(decodedBody(zh.raw)).toContain("vch_mail0000000000000 余额 ¥123.45，将于 2026-12-02 00:00 过期。");
    expect(decodedBody(zh.raw)).toContain("https://billing.tests.example/billing/settings");

    const [row] = await db().select().from(notifications).where(eq(notifications.id, id));
    expect(row!.emailedAt?.toISOString()).toBe(now.toISOString());
    // Once: a second run (a retried job) sends nothing.
    expect(await emailNotification(id, now)).toBe("skipped");
    expect(sink.received).toHaveLength(2);
  });

  it("two runs at once send it once", async () => {
    const acc = await account("Race", [{ email: "race@tests.example", locale: "en" }]);
    const id = await notify({ type: "balance.low", accountId: acc.id, payload: { kind: "cash_balance", balance: 100, threshold: 1_000 } });
    const results = await Promise.all([emailNotification(id, now), emailNotification(id, now)]);
    expect(results.filter((r) => r === "sent")).toHaveLength(1);
    expect(sink.received).toHaveLength(1);
    expect(decodedSubject(sink.received[0]!.raw)).toBe("Low balance: cash balance");
  });

  it("skips without SMTP_URL and when the account turned email off, sending nothing and leaving it unclaimed", async () => {
    const acc = await account("Quiet", [{ email: "quiet@tests.example", locale: "zh-CN" }]);
    const id = await notify({ type: "order.payment_failed", accountId: acc.id, payload: { orderId: "ord_mail", amount: 100, reason: "insufficient_funds" } });
    delete process.env.SMTP_URL;
    expect(await emailNotification(id, now)).toBe("skipped");
    process.env.SMTP_URL = sink.url;
    await db().insert(notificationSettings).values({ accountId: acc.id, expiryReminderDays: [30, 7, 1], email: false, updatedAt: now });
    expect(await emailNotification(id, now)).toBe("skipped");
    expect(sink.received).toEqual([]);
    const [row] = await db().select().from(notifications).where(eq(notifications.id, id));
    expect(row!.emailedAt).toBeNull();
    // Turned back on: it goes out, in Chinese.
    await db().update(notificationSettings).set({ email: true }).where(eq(notificationSettings.accountId, acc.id));
    expect(await emailNotification(id, now)).toBe("sent");
    expect(decodedSubject(sink.received[0]!.raw)).toBe("订单 ord_mail 支付失败");
    expect(decodedBody(sink.received[0]!.raw)).toContain("余额不足");
  });

  it("a mail server that refuses leaves the notification unclaimed for a retry", async () => {
    const acc = await account("Down", [{ email: "down@tests.example", locale: "en" }]);
    const id = await notify({ type: "order.refunded", accountId: acc.id, payload: { orderId: "ord_down", refundId: "rfd_down", amount: 100, refundedAmount: 100, orderStatus: "refunded" } });
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    await expect(emailNotification(id, now)).rejects.toThrow();
    const [row] = await db().select().from(notifications).where(eq(notifications.id, id));
    expect(row!.emailedAt).toBeNull();
  });
});
