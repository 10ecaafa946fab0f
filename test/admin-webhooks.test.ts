/**
 * The admin webhook pages' actions and DAL (issue 16) below HTTP: register an
 * endpoint (the SSRF URL policy, event types, an account filter by id or email,
 * a whsec_ secret that is in no audit row), list, edit, disable, enable, rotate
 * and reveal the secret, the delivery log's keyset pages and Resend; every
 * change audited; bad input refused with field errors in the reader's language
 * and nothing changed; every action and read refused to a customer and to a
 * signed-out caller with nothing changed. PGlite and PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, billingAccounts, events, idempotencyKeys, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { WEBHOOK_PROBLEM_TEXT } from "@/lib/admin/webhooks";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resendWebhookDelivery,
  revealWebhookSecret,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "@/lib/dal/admin/webhooks";
import type { Locale } from "@/lib/i18n/locale";
import { newPublicId } from "@/lib/ids";
import type { Viewer } from "@/lib/dal/viewer";
import zh from "@/messages/zh-CN.json";
import { fingerprint } from "./admin-db";
import { rowsOf } from "@/lib/dal/tx";
import { startBoss } from "@/lib/jobs/boss";
import type PgBoss from "pg-boss";
import { setupTestDatabase, viewerOf } from "./db";

const request = vi.hoisted(() => ({ viewer: null as Viewer | null, locale: "en" as Locale }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => request.viewer }));
vi.mock("@/lib/dal/request-locale", () => ({ requestLocale: async () => request.locale }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const {
  createWebhookAction,
  disableWebhookAction,
  enableWebhookAction,
  resendWebhookDeliveryAction,
  revealWebhookSecretAction,
  rotateWebhookSecretAction,
  updateWebhookAction,
} = await import("@/app/(admin)/admin/webhooks/actions");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const T0 = new Date("2026-11-23T08:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let alice: Viewer;
let admin: Viewer;
let aliceAccount: string;
let boss: PgBoss;

beforeAll(async () => {
  await seedDemoData(db(), T0);
  alice = await viewerOf(db(), DEMO_USERS.alice);
  admin = await viewerOf(db(), DEMO_USERS.admin);
  const [account] = await db().select({ publicId: billingAccounts.publicId }).from(billingAccounts).where(eq(billingAccounts.id, alice.accountId!));
  aliceAccount = account!.publicId;
  // pg-boss's tables and queues, as the app server's job runner installs them at start (Resend and Enable queue jobs).
  boss = await startBoss({ database: getDatabase(), supervise: false, schedule: false, deliverExpireSeconds: 10 });
});

afterAll(async () => {
  await boss?.stop({ graceful: false, close: false, wait: true });
});

beforeEach(() => {
  request.viewer = null;
  request.locale = "en";
  delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
});

afterEach(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
});

const form = (overrides: Record<string, unknown> = {}) => ({
  url: "https://hooks.example.com/billing",
  description: "Finance ERP",
  eventTypes: ["order.paid", "order.refunded"],
  accountFilter: "",
  requestKey: randomUUID(),
  ...overrides,
});

async function create(overrides: Record<string, unknown> = {}) {
  request.viewer = admin;
  const result = await createWebhookAction(form(overrides));
  if (!result.ok) throw new Error(`create refused: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data;
}

async function rowOf(publicId: string) {
  const [row] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.publicId, publicId));
  return row!;
}

async function auditOf(targetId: string) {
  return db().select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(desc(auditLog.id));
}

/** An event of alice's account and a delivery of it to the endpoint, in the given state. */
async function deliveryOf(endpointPublicId: string, state: "pending" | "succeeded" | "failed", createdAt = T0) {
  const endpoint = await rowOf(endpointPublicId);
  const [event] = await db()
    .insert(events)
    .values({ publicId: newPublicId("evt"), type: "order.paid", accountId: alice.accountId, version: 1, payload: { orderId: "ord_x", amount: 100, discountAmount: 0, voucherAmount: 0, cashAmount: 100 }, createdAt })
    .returning({ id: events.id, publicId: events.publicId });
  const [delivery] = await db()
    .insert(webhookDeliveries)
    .values({
      publicId: newPublicId("whd"),
      endpointId: endpoint.id,
      eventId: event!.id,
      status: state,
      attempts: state === "pending" ? 0 : 3,
      lastStatusCode: state === "failed" ? 500 : state === "succeeded" ? 204 : null,
      lastError: state === "failed" ? "HTTP 500" : null,
      lastAttemptAt: state === "pending" ? null : createdAt,
      nextAttemptAt: state === "pending" ? createdAt : null,
      deliveredAt: state === "succeeded" ? createdAt : null,
      createdAt,
    })
    .returning();
  return { ...delivery!, eventPublicId: event!.publicId };
}

async function deliveryRow(publicId: string) {
  const [row] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.publicId, publicId));
  return row!;
}

describe("registering an endpoint", () => {
  it("stores it with a whsec_ secret, returned once here, and lists it without the secret", async () => {
    const created = await create({ url: " https://Hooks.Example.com/billing ", eventTypes: ["order.refunded", "order.paid", "order.paid"] });
    expect(created.publicId).toMatch(/^whk_[0-9a-z]{16}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await rowOf(created.publicId);
    expect(row).toMatchObject({ url: "https://hooks.example.com/billing", description: "Finance ERP", eventTypes: ["order.paid", "order.refunded"], accountId: null, secret: created.secret, createdBy: admin.userId, disabledAt: null });
    const listed = (await listWebhookEndpoints(admin)).find((e) => e.publicId === created.publicId);
    expect(listed).toEqual({
      publicId: created.publicId,
      url: "https://hooks.example.com/billing",
      description: "Finance ERP",
      eventTypes: ["order.paid", "order.refunded"],
      account: null,
      createdAt: expect.any(Date),
      createdByEmail: DEMO_USERS.admin,
      disabledAt: null,
    });
    expect(JSON.stringify(await listWebhookEndpoints(admin))).not.toContain("whsec_");
    expect(await getWebhookEndpoint(admin, created.publicId)).toEqual(listed);
  });

  it("audits the creation without the secret, and keeps the secret out of the idempotency keys", async () => {
    const created = await create();
    const [entry] = await auditOf(created.publicId);
    expect(entry).toMatchObject({
      action: "webhook.create",
      targetType: "webhook_endpoint",
      actorUserId: admin.userId,
      before: null,
      after: { url: "https://hooks.example.com/billing", description: "Finance ERP", eventTypes: ["order.paid", "order.refunded"], account: null },
    });
    const everyAudit = await db().select().from(auditLog);
    expect(JSON.stringify(everyAudit)).not.toContain(created.secret!.slice(6));
    expect(JSON.stringify(await db().select().from(idempotencyKeys))).not.toContain(created.secret!.slice(6));
  });

  it("resolves the account filter from an account id or a customer's email (any case), on the server", async () => {
    const byId = await create({ accountFilter: aliceAccount });
    expect((await rowOf(byId.publicId)).accountId).toBe(alice.accountId);
    const byEmail = await create({ accountFilter: "  ALICE@example.com " });
    expect((await rowOf(byEmail.publicId)).accountId).toBe(alice.accountId);
    expect((await getWebhookEndpoint(admin, byEmail.publicId)).account).toEqual({ publicId: aliceAccount, name: expect.any(String) });
    const [entry] = await auditOf(byEmail.publicId);
    expect(entry!.after).toMatchObject({ account: aliceAccount });
  });

  it("a replay of the request key creates nothing and gives no secret; the key with other fields is refused", async () => {
    request.viewer = admin;
    const requestKey = randomUUID();
    const first = await createWebhookAction(form({ requestKey }));
    expect(first).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
    const before = await fingerprint(db());
    expect(await createWebhookAction(form({ requestKey }))).toEqual({ ok: true, data: { publicId: first.ok && first.data.publicId, secret: null } });
    expect(await fingerprint(db())).toEqual(before);
    expect(await createWebhookAction(form({ requestKey, description: "Other" }))).toMatchObject({ ok: false, code: "conflict" });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("allows an http URL on 127.0.0.1 only under the development flag", async () => {
    request.viewer = admin;
    expect(await createWebhookAction(form({ url: "http://127.0.0.1:4000/hook" }))).toMatchObject({ ok: false, fieldErrors: { url: [WEBHOOK_PROBLEM_TEXT.url_scheme] } });
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "1";
    const created = await create({ url: "http://127.0.0.1:4000/hook" });
    expect((await rowOf(created.publicId)).url).toBe("http://127.0.0.1:4000/hook");
  });
});

describe("refused input changes nothing", () => {
  it("refuses every URL refusal reason with its own message under URL", async () => {
    request.viewer = admin;
    const before = await fingerprint(db());
    const cases: Array<[string, string]> = [
      ["not a url", WEBHOOK_PROBLEM_TEXT.url_invalid],
      ["", WEBHOOK_PROBLEM_TEXT.url_invalid],
      ["http://hooks.example.com/billing", WEBHOOK_PROBLEM_TEXT.url_scheme],
      ["https://user:secret@hooks.example.com/", WEBHOOK_PROBLEM_TEXT.url_credentials],
      ["https://127.0.0.1/hook", WEBHOOK_PROBLEM_TEXT.url_private],
      ["https://10.0.0.5/hook", WEBHOOK_PROBLEM_TEXT.url_private],
      ["https://169.254.169.254/latest/meta-data", WEBHOOK_PROBLEM_TEXT.url_private],
      ["https://[::1]/hook", WEBHOOK_PROBLEM_TEXT.url_private],
      ["https://localhost/hook", WEBHOOK_PROBLEM_TEXT.url_private],
      [`https://hooks.example.com/${"a".repeat(2100)}`, WEBHOOK_PROBLEM_TEXT.url_long],
    ];
    for (const [url, message] of cases) {
      expect(await createWebhookAction(form({ url })), url).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { url: [message] } });
    }
    expect(await fingerprint(db())).toEqual(before);
  });

  it("words the refusals in Chinese for a zh-CN reader", async () => {
    request.viewer = admin;
    request.locale = "zh-CN";
    const before = await fingerprint(db());
    expect(await createWebhookAction(form({ url: "https://192.168.1.1/" }))).toMatchObject({ ok: false, message: "请检查标出的字段。", fieldErrors: { url: [zh.adminWebhooks.errors.url_private] } });
    expect(await createWebhookAction(form({ url: "http://hooks.example.com/" }))).toMatchObject({ fieldErrors: { url: [zh.adminWebhooks.errors.url_scheme] } });
    expect(await createWebhookAction(form({ url: "https://a:b@hooks.example.com/" }))).toMatchObject({ fieldErrors: { url: [zh.adminWebhooks.errors.url_credentials] } });
    expect(await createWebhookAction(form({ accountFilter: "nobody@example.com" }))).toMatchObject({ ok: false, code: "not_found", fieldErrors: { accountFilter: [expect.stringMatching(/[\u4e00-\u9fff]/)] } });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("refuses bad descriptions, event types, account filters and unknown accounts; the DAL refuses them too", async () => {
    request.viewer = admin;
    const before = await fingerprint(db());
    expect(await createWebhookAction(form({ description: "x".repeat(201) }))).toMatchObject({ ok: false, fieldErrors: { description: [WEBHOOK_PROBLEM_TEXT.description_long] } });
    expect(await createWebhookAction(form({ eventTypes: [] }))).toMatchObject({ ok: false, fieldErrors: { eventTypes: [WEBHOOK_PROBLEM_TEXT.events_empty] } });
    expect(await createWebhookAction(form({ eventTypes: ["order.paid", "order.shipped"] }))).toMatchObject({ ok: false, fieldErrors: { eventTypes: [WEBHOOK_PROBLEM_TEXT.event_unknown] } });
    expect(await createWebhookAction(form({ eventTypes: "order.paid" }))).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await createWebhookAction(form({ accountFilter: "not an account" }))).toMatchObject({ ok: false, fieldErrors: { accountFilter: [WEBHOOK_PROBLEM_TEXT.account_filter] } });
    expect(await createWebhookAction(form({ accountFilter: "acc_doesnotexist0000" }))).toMatchObject({ ok: false, code: "not_found", fieldErrors: { accountFilter: ["Account not found."] } });
    expect(await createWebhookAction(form({ accountFilter: "nobody@example.com" }))).toMatchObject({ ok: false, code: "not_found", fieldErrors: { accountFilter: ["No customer account has this email."] } });
    // An admin has no billing account: no customer has this email.
    expect(await createWebhookAction(form({ accountFilter: DEMO_USERS.admin }))).toMatchObject({ ok: false, code: "not_found" });
    expect(await createWebhookAction(form({ requestKey: "nope" }))).toMatchObject({ ok: false, fieldErrors: { requestKey: [expect.any(String)] } });
    await expect(createWebhookEndpoint(admin, { url: "https://10.0.0.1/", eventTypes: ["order.paid"] }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createWebhookEndpoint(admin, { url: "https://hooks.example.com/", eventTypes: [] }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createWebhookEndpoint(admin, { url: "https://hooks.example.com/", eventTypes: ["order.paid"], accountFilter: "x" }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await fingerprint(db())).toEqual(before);
  });
});

describe("editing, disabling, enabling", () => {
  it("edits description, event types and account filter, audited before and after; the same values change nothing", async () => {
    const created = await create();
    request.viewer = admin;
    const edit = { endpointPublicId: created.publicId, description: "  Data warehouse ", eventTypes: ["voucher.expiring", "balance.low"], accountFilter: DEMO_USERS.alice };
    expect(await updateWebhookAction(edit)).toEqual({ ok: true, data: { changed: true } });
    const row = await rowOf(created.publicId);
    expect(row).toMatchObject({ description: "Data warehouse", eventTypes: ["voucher.expiring", "balance.low"], accountId: alice.accountId, url: "https://hooks.example.com/billing", secret: created.secret });
    const [entry] = await auditOf(created.publicId);
    expect(entry).toMatchObject({
      action: "webhook.update",
      actorUserId: admin.userId,
      before: { description: "Finance ERP", eventTypes: ["order.paid", "order.refunded"], account: null },
      after: { description: "Data warehouse", eventTypes: ["voucher.expiring", "balance.low"], account: aliceAccount },
    });
    const before = await fingerprint(db());
    expect(await updateWebhookAction({ ...edit, accountFilter: aliceAccount })).toEqual({ ok: true, data: { changed: false } });
    expect(await fingerprint(db())).toEqual(before);
    // Back to every account.
    expect(await updateWebhookEndpoint(admin, { ...edit, accountFilter: "" }, at(5))).toEqual({ changed: true });
    expect((await rowOf(created.publicId)).accountId).toBeNull();
  });

  it("refuses a bad edit, an unknown endpoint or account, with nothing changed", async () => {
    const created = await create();
    request.viewer = admin;
    const before = await fingerprint(db());
    const edit = { endpointPublicId: created.publicId, description: "", eventTypes: ["order.paid"], accountFilter: "" };
    expect(await updateWebhookAction({ ...edit, eventTypes: [] })).toMatchObject({ ok: false, fieldErrors: { eventTypes: [WEBHOOK_PROBLEM_TEXT.events_empty] } });
    expect(await updateWebhookAction({ ...edit, accountFilter: "acc_nothere" })).toMatchObject({ ok: false, code: "not_found", fieldErrors: { accountFilter: ["Account not found."] } });
    expect(await updateWebhookAction({ ...edit, endpointPublicId: "whk_nothere" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await updateWebhookAction({ ...edit, endpointPublicId: "key_x" })).toMatchObject({ ok: false, fieldErrors: { endpointPublicId: [expect.any(String)] } });
    // The URL is not editable: an extra field is ignored, not applied.
    expect(await updateWebhookAction({ ...edit, url: "https://evil.example.com/" })).toMatchObject({ ok: true });
    expect((await rowOf(created.publicId)).url).toBe("https://hooks.example.com/billing");
    await expect(updateWebhookEndpoint(admin, { ...edit, description: "x".repeat(201) }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect((await fingerprint(db())).webhook_deliveries).toEqual(before.webhook_deliveries);
  });

  it("disables and enables, each audited once; asking again changes nothing and says so", async () => {
    const created = await create();
    request.viewer = admin;
    const input = { endpointPublicId: created.publicId };
    expect(await disableWebhookAction(input)).toEqual({ ok: true, data: { changed: true } });
    expect((await rowOf(created.publicId)).disabledAt).toBeInstanceOf(Date);
    expect((await listWebhookEndpoints(admin)).find((e) => e.publicId === created.publicId)!.disabledAt).toBeInstanceOf(Date);
    let before = await fingerprint(db());
    expect(await disableWebhookAction(input)).toEqual({ ok: true, data: { changed: false } });
    expect(await fingerprint(db())).toEqual(before);
    expect(await enableWebhookAction(input)).toEqual({ ok: true, data: { changed: true } });
    expect((await rowOf(created.publicId)).disabledAt).toBeNull();
    before = await fingerprint(db());
    expect(await enableWebhookAction(input)).toEqual({ ok: true, data: { changed: false } });
    expect(await fingerprint(db())).toEqual(before);
    const actions = (await auditOf(created.publicId)).map((e) => e.action);
    expect(actions).toEqual(["webhook.enable", "webhook.disable", "webhook.create"]);
    // The DAL stamps the writer's now.
    expect(await disableWebhookEndpoint(admin, input, at(60))).toEqual({ changed: true });
    expect((await rowOf(created.publicId)).disabledAt).toEqual(at(60));
    const [entry] = await auditOf(created.publicId);
    expect(entry).toMatchObject({ action: "webhook.disable", before: { disabledAt: null }, after: { disabledAt: at(60).toISOString() }, createdAt: at(60) });
    expect(await enableWebhookEndpoint(admin, input, at(61))).toEqual({ changed: true });
    expect(await disableWebhookAction({ endpointPublicId: "whk_nothere" })).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("enabling an endpoint", () => {
  it("queues what waited while it was disabled, at now; nothing else", async () => {
    const created = await create();
    const waiting = await deliveryOf(created.publicId, "pending");
    const done = await deliveryOf(created.publicId, "succeeded");
    await disableWebhookEndpoint(admin, { endpointPublicId: created.publicId }, at(10));
    // Only this test's jobs.
    await db().execute(sql`DELETE FROM pgboss.job WHERE name = 'webhooks.deliver'`);
    await enableWebhookEndpoint(admin, { endpointPublicId: created.publicId }, at(20));
    const jobs = rowsOf(await db().execute(sql`SELECT data, start_after FROM pgboss.job WHERE name = 'webhooks.deliver'`)) as Array<{ data: { deliveryId: number }; start_after: Date | string }>;
    expect(jobs.map((j) => j.data.deliveryId)).toEqual([waiting.id]);
    expect(new Date(jobs[0]!.start_after)).toEqual(at(20));
    expect(await deliveryRow(waiting.publicId)).toMatchObject({ status: "pending", nextAttemptAt: at(20) });
    expect(await deliveryRow(done.publicId)).toMatchObject({ status: "succeeded" });
  });
});

describe("the signing secret", () => {
  it("is revealed to an admin, each reveal audited without the secret", async () => {
    const created = await create();
    request.viewer = admin;
    expect(await revealWebhookSecretAction({ endpointPublicId: created.publicId })).toEqual({ ok: true, data: { secret: created.secret } });
    const [entry] = await auditOf(created.publicId);
    expect(entry).toMatchObject({ action: "webhook.reveal_secret", actorUserId: admin.userId, before: null, after: null });
    expect(await revealWebhookSecret(admin, { endpointPublicId: created.publicId }, at(1))).toEqual({ secret: created.secret });
    expect(await revealWebhookSecretAction({ endpointPublicId: "whk_nothere" })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("rotates to a new secret, audited without either secret", async () => {
    const created = await create();
    request.viewer = admin;
    const rotated = await rotateWebhookSecretAction({ endpointPublicId: created.publicId });
    expect(rotated).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) } });
    const secret = rotated.ok ? rotated.data.secret : "";
    expect(secret).not.toBe(created.secret);
    expect((await rowOf(created.publicId)).secret).toBe(secret);
    const [entry] = await auditOf(created.publicId);
    expect(entry).toMatchObject({ action: "webhook.rotate_secret", actorUserId: admin.userId });
    const everyAudit = JSON.stringify(await db().select().from(auditLog));
    expect(everyAudit).not.toContain(secret.slice(6));
    expect(everyAudit).not.toContain(created.secret!.slice(6));
    const again = await rotateWebhookSecret(admin, { endpointPublicId: created.publicId }, at(9));
    expect(again.secret).not.toBe(secret);
    expect(await rotateWebhookSecretAction({ endpointPublicId: "whk_nothere" })).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("the delivery log and Resend", () => {
  it("lists deliveries newest first in bounded keyset pages; a bad cursor is refused", async () => {
    const created = await create();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await deliveryOf(created.publicId, i % 2 ? "failed" : "succeeded", at(i)));
    const newest = made.map((d) => d.publicId).reverse();
    const first = await listWebhookDeliveries(admin, created.publicId, undefined, 2);
    expect(first.items.map((d) => d.publicId)).toEqual(newest.slice(0, 2));
    expect(first.items[0]).toEqual({
      publicId: made[4]!.publicId,
      eventPublicId: made[4]!.eventPublicId,
      eventType: "order.paid",
      status: "succeeded",
      attempts: 3,
      lastStatusCode: 204,
      lastError: null,
      lastAttemptAt: at(4),
      nextAttemptAt: null,
      deliveredAt: at(4),
      createdAt: at(4),
    });
    const second = await listWebhookDeliveries(admin, created.publicId, first.nextCursor!, 2);
    expect(second.items.map((d) => d.publicId)).toEqual(newest.slice(2, 4));
    const third = await listWebhookDeliveries(admin, created.publicId, second.nextCursor!, 2);
    expect(third).toEqual({ items: [expect.objectContaining({ publicId: newest[4] })], nextCursor: null });
    // A page is never larger than 50, whatever is asked.
    expect((await listWebhookDeliveries(admin, created.publicId, undefined, 10_000)).items).toHaveLength(5);
    // Another endpoint's log is its own.
    const other = await create();
    expect((await listWebhookDeliveries(admin, other.publicId)).items).toEqual([]);
    await expect(listWebhookDeliveries(admin, created.publicId, "garbage")).rejects.toMatchObject({ code: "invalid_input" });
    await expect(listWebhookDeliveries(admin, "whk_nothere")).rejects.toMatchObject({ code: "not_found" });
  });

  it("requeues a failed or succeeded delivery at now, audited; a pending one is left as it is", async () => {
    const created = await create();
    const failed = await deliveryOf(created.publicId, "failed");
    const succeeded = await deliveryOf(created.publicId, "succeeded");
    const pending = await deliveryOf(created.publicId, "pending");
    expect(await resendWebhookDelivery(admin, { endpointPublicId: created.publicId, deliveryPublicId: failed.publicId }, at(100))).toEqual({ changed: true });
    expect(await deliveryRow(failed.publicId)).toMatchObject({ status: "pending", nextAttemptAt: at(100), deliveredAt: null, attempts: 3 });
    const [entry] = await auditOf(failed.publicId);
    expect(entry).toMatchObject({
      action: "webhook.resend",
      targetType: "webhook_delivery",
      actorUserId: admin.userId,
      before: { status: "failed", attempts: 3, deliveredAt: null },
      after: { status: "pending", nextAttemptAt: at(100).toISOString() },
      createdAt: at(100),
    });
    request.viewer = admin;
    expect(await resendWebhookDeliveryAction({ endpointPublicId: created.publicId, deliveryPublicId: succeeded.publicId })).toEqual({ ok: true, data: { changed: true } });
    expect(await deliveryRow(succeeded.publicId)).toMatchObject({ status: "pending", deliveredAt: null });
    const before = await fingerprint(db());
    expect(await resendWebhookDeliveryAction({ endpointPublicId: created.publicId, deliveryPublicId: pending.publicId })).toEqual({ ok: true, data: { changed: false } });
    expect(await fingerprint(db())).toEqual(before);
    // Another endpoint's delivery, an unknown one, a malformed id: refused, nothing changes.
    const other = await create();
    const otherFailed = await deliveryOf(other.publicId, "failed");
    const before2 = await fingerprint(db());
    expect(await resendWebhookDeliveryAction({ endpointPublicId: created.publicId, deliveryPublicId: otherFailed.publicId })).toMatchObject({ ok: false, code: "not_found" });
    expect(await resendWebhookDeliveryAction({ endpointPublicId: created.publicId, deliveryPublicId: "whd_nothere" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await resendWebhookDeliveryAction({ endpointPublicId: created.publicId, deliveryPublicId: "evt_x" })).toMatchObject({ ok: false, fieldErrors: { deliveryPublicId: [expect.any(String)] } });
    expect(await fingerprint(db())).toEqual(before2);
  });
});

describe("as a customer or signed out", () => {
  it("every webhook action and read is refused, valid input or not, and nothing changes", async () => {
    const target = await create();
    const delivery = await deliveryOf(target.publicId, "failed");
    const endpointPublicId = target.publicId;
    const calls: Array<[string, () => Promise<{ ok: boolean; code?: string }>]> = [
      ["createWebhookAction", () => createWebhookAction(form())],
      ["createWebhookAction (bad input)", () => createWebhookAction({ url: "https://127.0.0.1/", eventTypes: "x" })],
      ["updateWebhookAction", () => updateWebhookAction({ endpointPublicId, description: "Mine now", eventTypes: ["order.paid"], accountFilter: DEMO_USERS.alice })],
      ["updateWebhookAction (bad input)", () => updateWebhookAction({})],
      ["disableWebhookAction", () => disableWebhookAction({ endpointPublicId })],
      ["enableWebhookAction", () => enableWebhookAction({ endpointPublicId })],
      ["rotateWebhookSecretAction", () => rotateWebhookSecretAction({ endpointPublicId })],
      ["revealWebhookSecretAction", () => revealWebhookSecretAction({ endpointPublicId })],
      ["resendWebhookDeliveryAction", () => resendWebhookDeliveryAction({ endpointPublicId, deliveryPublicId: delivery.publicId })],
      ["resendWebhookDeliveryAction (bad input)", () => resendWebhookDeliveryAction({ deliveryPublicId: 5 })],
    ];
    const before = await fingerprint(db());
    for (const [who, expected] of [
      [alice, "forbidden"],
      [null, "unauthenticated"],
    ] as const) {
      request.viewer = who;
      for (const [name, call] of calls) {
        const result = await call();
        expect(result, `${name} as ${who?.email ?? "signed out"}`).toMatchObject({ ok: false, code: expected });
        expect(result).not.toHaveProperty("fieldErrors");
        expect(result).not.toHaveProperty("data");
        expect(JSON.stringify(result)).not.toContain("whsec_");
      }
      const input = { endpointPublicId };
      await expect(listWebhookEndpoints(who)).rejects.toMatchObject({ code: expected });
      await expect(getWebhookEndpoint(who, endpointPublicId)).rejects.toMatchObject({ code: expected });
      await expect(listWebhookDeliveries(who, endpointPublicId)).rejects.toMatchObject({ code: expected });
      await expect(createWebhookEndpoint(who, { url: "https://hooks.example.com/", eventTypes: ["order.paid"] }, T0)).rejects.toMatchObject({ code: expected });
      await expect(updateWebhookEndpoint(who, { ...input, description: "x", eventTypes: ["order.paid"], accountFilter: "" }, T0)).rejects.toMatchObject({ code: expected });
      await expect(disableWebhookEndpoint(who, input, T0)).rejects.toMatchObject({ code: expected });
      await expect(enableWebhookEndpoint(who, input, T0)).rejects.toMatchObject({ code: expected });
      await expect(rotateWebhookSecret(who, input, T0)).rejects.toMatchObject({ code: expected });
      await expect(revealWebhookSecret(who, input, T0)).rejects.toMatchObject({ code: expected });
      await expect(resendWebhookDelivery(who, { ...input, deliveryPublicId: delivery.publicId }, T0)).rejects.toMatchObject({ code: expected });
    }
    expect(await fingerprint(db())).toEqual(before);
    expect((await rowOf(endpointPublicId)).secret).toBe(target.secret);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.targetId, endpointPublicId)));
    expect(audits.map((a) => a.action)).toEqual(["webhook.create"]);
  });
});
