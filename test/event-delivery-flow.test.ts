/**
 * Issue 16's "done when", end to end on both drivers with a running job runner:
 * a customer whose voucher expires in 7 days gets one inbox notification and
 * one e-mail (a real SMTP server on 127.0.0.1), a registered endpoint receives
 * a signed `voucher.expiring` and verifies it (a real receiver on 127.0.0.1),
 * and a payment, a refund and a void each reach it once. A second scheduler
 * pass, and two more at once, add nothing.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, notifications, products, users } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { grantVoucher, voidVoucher } from "@/lib/dal/admin/vouchers";
import { listMyNotifications } from "@/lib/dal/notifications";
import { placeAndPayOrder } from "@/lib/dal/orders/pay";
import { refundOrder } from "@/lib/dal/refunds";
import { runScheduledEvents } from "@/lib/dal/scheduler";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { startJobRunner, type JobRunner } from "@/lib/jobs/runner";
import { setupTestDatabase, viewerOf } from "./db";
import { decodedBody, decodedSubject, startSmtpSink, type SmtpSink } from "./support/smtp-sink";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { addEndpoint, newSecret } from "./support/webhook-world";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const HOUR = 3_600_000;
// Before the wall clock, so the jobs pg-boss stamps with the database's now() are due at once.
const now = new Date("2026-11-23T08:00:00Z");
const later = (hours: number) => new Date(now.getTime() + hours * HOUR);

const saved = { smtp: process.env.SMTP_URL, allow: process.env.WEBHOOK_ALLOW_PRIVATE_URLS };
let receiver: Receiver;
let sink: SmtpSink;
let runner: JobRunner;
let admin: Viewer;
let customer: Viewer & { accountId: number };
let voucherId: string;
let expiresAt: Date;

beforeAll(async () => {
  await seedDemoData(db(), now);
  admin = await viewerOf(db(), DEMO_USERS.admin);
  const [account] = await db().insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Flow", createdAt: now }).returning();
  const userId = randomUUID();
  const email = "flow-16@example.com";
  await db().insert(users).values({ id: userId, email, name: "Flow", role: "customer", billingAccountId: account!.id, emailVerified: true, locale: "zh-CN", createdAt: now, updatedAt: now });
  customer = { userId, email, name: "Flow", role: "customer", accountId: account!.id };
  // Expires 7 days after `now`: the scheduler an hour later owes it the 7-day reminder, and only that one.
  const granted = await grantVoucher(admin, { accountEmail: email, terms: { kind: "cash", faceValue: 50_000 }, validity: { type: "days", days: 7 }, reason: "Flow test" }, now);
  voucherId = granted.publicId;
  expiresAt = new Date(now.getTime() + 7 * 24 * HOUR);

  process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "1";
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  const secret = newSecret();
  receiver = await startReceiver(secret);
  await addEndpoint(db(), now, {
    createdBy: admin.userId,
    url: receiver.url,
    eventTypes: ["voucher.expiring", "order.paid", "order.refunded", "voucher.voided"],
    accountId: customer.accountId,
    secret,
  });
  runner = await startJobRunner({ database: getDatabase(), schedule: false, pollIntervalMs: 500, dispatchIntervalMs: 200, maintenanceIntervalSeconds: 1 });
});

afterAll(async () => {
  await runner?.stop();
  await receiver?.close();
  await sink?.close();
  for (const [key, value] of [["SMTP_URL", saved.smtp], ["WEBHOOK_ALLOW_PRIVATE_URLS", saved.allow]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const typesReceived = () => receiver.received.map((r) => (r.body as { type: string }).type);
/** The mail to the flow's customer (the demo accounts' own reminders go to them). */
const mailToCustomer = () => sink.received.filter((m) => m.to.includes(customer.email));

describe("events reach the inbox, the mail and a signed webhook, once each", () => {
  it("a voucher 7 days from expiry: one notification, one e-mail, one signed voucher.expiring", async () => {
    const run = await runScheduledEvents(later(1));
    expect(run.expiry.written).toBeGreaterThanOrEqual(1);
    await receiver.waitFor(1, 20_000);
    const [delivered] = receiver.received;
    expect(delivered).toMatchObject({ verified: true, body: { type: "voucher.expiring", payload: { voucherId, daysBefore: 7, balance: 50_000, expiresAt: expiresAt.toISOString() } } });
    expect(delivered!.id).toMatch(/^evt_/);

    await expect.poll(async () => (await listMyNotifications(customer)).items.length, { timeout: 10_000 }).toBe(1);
    const [item] = (await listMyNotifications(customer)).items;
    expect(item).toMatchObject({ type: "voucher.expiring", payload: { voucherId, daysBefore: 7 } });

    await expect.poll(() => mailToCustomer().length, { timeout: 15_000 }).toBe(1);
    const [mail] = mailToCustomer();
    expect(mail!.to).toEqual([customer.email]);
    // In the customer's own language (zh-CN), naming the voucher.
    expect(decodedBody(mail!.raw)).toContain(voucherId);
    expect(decodedSubject(mail!.raw)).toMatch(/[\u4e00-\u9fff]/);
    const [emailed] = await db().select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.accountId, customer.accountId));
    expect(emailed!.emailedAt).not.toBeNull();
  });

  it("the scheduler again, and twice at once, sends nothing more", async () => {
    await runScheduledEvents(later(2));
    await Promise.all([runScheduledEvents(later(3)), runScheduledEvents(later(3))]);
    // Three dispatch ticks and a poll: anything new would have gone out by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(typesReceived()).toEqual(["voucher.expiring"]);
    expect(mailToCustomer()).toHaveLength(1);
    expect((await listMyNotifications(customer)).items).toHaveLength(1);
  });

  it("a payment, a refund and a void each reach the endpoint once, signed", async () => {
    const [product] = await db().select().from(products).where(sql`${products.name} LIKE 'Serverless%'`);
    const paid = await placeAndPayOrder(customer, { productPublicId: product!.publicId, quantity: 1, plan: { automatic: {} }, requestKey: randomUUID() }, later(4));
    expect(paid).toMatchObject({ ok: true });
    const refund = await refundOrder(admin, { orderPublicId: paid.orderPublicId, amount: product!.unitPrice, reason: "Flow test", refundKey: randomUUID() }, later(5));
    expect(refund.refundPublicId).toMatch(/^rfd_/);
    await voidVoucher(admin, { voucherPublicId: voucherId, reason: "Flow test" }, later(6));

    await receiver.waitFor(4, 20_000);
    expect(typesReceived().sort()).toEqual(["order.paid", "order.refunded", "voucher.expiring", "voucher.voided"]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(4);
    expect(receiver.received.find((r) => (r.body as { type: string }).type === "order.paid")).toMatchObject({ body: { payload: { orderId: paid.orderPublicId } } });
    // The refund is news for the customer too; the payment and the void are not (lib/notifications/rules.ts).
    await expect.poll(async () => (await listMyNotifications(customer)).items.map((i) => i.type), { timeout: 10_000 }).toEqual(["order.refunded", "voucher.expiring"]);
  });
});
