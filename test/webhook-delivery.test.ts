/**
 * Webhook delivery (lib/dal/webhook-deliveries.ts) against real receivers on
 * 127.0.0.1, on both drivers: a signed POST of the feed's event object; 5xx,
 * a receiver that hangs and one that refuses are retried on the backoff
 * schedule (time driven through `now` and the next job's startAfter); a day
 * after the first attempt it gives up; a private address is refused without
 * WEBHOOK_ALLOW_PRIVATE_URLS; one delivery is never attempted twice at once;
 * Resend re-queues; and a running job runner delivers within seconds.
 */
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries } from "@/db/schema";
import type { Db } from "@/db";
import { dispatchOutbox } from "@/lib/dal/dispatch";
import { rowsOf } from "@/lib/dal/tx";
import { deliverWebhook, requeueDelivery } from "@/lib/dal/webhook-deliveries";
import { startBoss } from "@/lib/jobs/boss";
import { startJobRunner } from "@/lib/jobs/runner";
import type { DeliverJob } from "@/lib/jobs/queues";
import { setupTestDatabase } from "./db";
import { refusedUrl, startReceiver, type Receiver } from "./support/webhook-receiver";
import { addEndpoint, addEvent, newSecret, seedWorld } from "./support/webhook-world";

process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "1";
process.env.WEBHOOK_TIMEOUT_MS = "1000";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
// Before the wall clock, so jobs due at pinned times are due for pg-boss too.
const now = new Date("2026-11-23T08:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const DAY = 86_400_000;
let boss: PgBoss;
let world: Awaited<ReturnType<typeof seedWorld>>;
const receivers: Receiver[] = [];

beforeAll(async () => {
  world = await seedWorld(db(), now);
  boss = await startBoss({ database: getDatabase(), supervise: false, schedule: false, deliverExpireSeconds: 10 });
  await dispatchOutbox(now, { boss });
});
afterEach(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "1";
  while (receivers.length) await receivers.pop()!.close();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: false, wait: true });
});

async function receiver(secret: string) {
  const r = await startReceiver(secret);
  receivers.push(r);
  return r;
}

async function row(id: number) {
  const [r] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return r!;
}

/** Takes the delivery's waiting job as a runner would (state active): its data and when it was due. */
async function takeJob(deliveryId: number): Promise<{ data: DeliverJob; startAfter: Date } | null> {
  const rows = rowsOf<{ data: DeliverJob; start_after: string | Date }>(
    await db().execute(
      sql`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE name = 'webhooks.deliver' AND state = 'created' AND (data->>'deliveryId')::bigint = ${deliveryId} RETURNING data, start_after`,
    ),
  );
  const [job] = rows;
  if (rows.length > 1) throw new Error("more than one waiting job for one delivery");
  return job ? { data: job.data, startAfter: new Date(job.start_after) } : null;
}

/** Runs the taken job's attempt at `when`, as the runner's handler does. */
function runJob(job: { data: DeliverJob }, when: Date) {
  return deliverWebhook(job.data.deliveryId, when, { boss, since: job.data.since ? new Date(job.data.since) : undefined, base: job.data.base });
}

describe("webhook delivery", () => {
  it("POSTs the feed's event object, signed, once", async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    const { id, event } = await deliveryWith(r.url, secret);
    const job = await takeJob(id);
    expect(job?.data).toEqual({ deliveryId: id });
    expect(await runJob(job!, now)).toBe("succeeded");
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expect(got.verified).toBe(true);
    expect(got.id).toBe(event.publicId);
    expect(got.timestamp).toBe(now.getTime() / 1000);
    expect(got.body).toEqual({ id: event.publicId, type: "account.charged", accountId: world.alice.publicId, version: 1, createdAt: now.toISOString(), payload: event.payload });
    const done = await row(id);
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200, lastError: null, deliveredAt: now, nextAttemptAt: null, lastAttemptAt: now });
    // Done is done: a stray job sends nothing.
    expect(await deliverWebhook(id, at(1000), { boss })).toBe("skipped");
    expect(r.received).toHaveLength(1);
  });

  it("retries a 500 on the backoff schedule through the next job, then succeeds", async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    const { id } = await deliveryWith(r.url, secret);
    r.answer = { status: 500 };
    expect(await runJob((await takeJob(id))!, now)).toBe("retry");
    expect(await row(id)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500", nextAttemptAt: at(30_000) });
    const second = (await takeJob(id))!;
    expect(second.startAfter).toEqual(at(30_000));
    expect(await runJob(second, at(30_000))).toBe("retry");
    expect((await row(id)).nextAttemptAt).toEqual(at(90_000));
    const third = (await takeJob(id))!;
    expect(third.startAfter).toEqual(at(90_000));
    r.answer = { status: 204 };
    expect(await runJob(third, at(90_000))).toBe("succeeded");
    expect(await row(id)).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 204, deliveredAt: at(90_000) });
    expect(await takeJob(id)).toBeNull();
    expect(r.received.map((x) => x.verified)).toEqual([true, true, true]);
    expect(new Set(r.received.map((x) => x.id)).size).toBe(1);
  });

  it("retries a receiver that hangs past the timeout, and one that refuses", async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    r.answer = "hold";
    const hung = await deliveryWith(r.url, secret);
    const started = Date.now();
    expect(await runJob((await takeJob(hung.id))!, now)).toBe("retry");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await row(hung.id)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "timed out", nextAttemptAt: at(30_000) });

    const refused = await deliveryWith(await refusedUrl(), newSecret());
    expect(await runJob((await takeJob(refused.id))!, now)).toBe("retry");
    expect(await row(refused.id)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "connection refused" });
    expect((await takeJob(refused.id))!.startAfter).toEqual(at(30_000));
  });

  it("gives up a day after the first attempt", async () => {
    const { id } = await deliveryWith(await refusedUrl(), newSecret());
    expect(await runJob((await takeJob(id))!, now)).toBe("retry");
    const next = (await takeJob(id))!;
    expect(await runJob(next, at(DAY - 30_000))).toBe("retry");
    const last = (await takeJob(id))!;
    expect(last.startAfter).toEqual(at(DAY));
    expect(await runJob(last, at(DAY))).toBe("failed");
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 3, nextAttemptAt: null, lastError: "connection refused" });
    expect(await takeJob(id)).toBeNull();
  });

  it("Resend starts a new round now", async () => {
    const { id } = await deliveryWith(await refusedUrl(), newSecret());
    await takeJob(id);
    await db().update(webhookDeliveries).set({ status: "failed", attempts: 14, lastError: "connection refused", lastAttemptAt: now, nextAttemptAt: null }).where(eq(webhookDeliveries.id, id));
    const later = at(2 * DAY);
    expect(await db().transaction((tx) => requeueDelivery(tx as unknown as Db, id, later))).toBe(true);
    expect(await row(id)).toMatchObject({ status: "pending", nextAttemptAt: later });
    const job = (await takeJob(id))!;
    expect(job.data).toEqual({ deliveryId: id, since: later.toISOString(), base: 14 });
    // The new round's first failure waits 30 s again instead of giving up.
    expect(await runJob(job, later)).toBe("retry");
    expect((await row(id)).nextAttemptAt).toEqual(new Date(later.getTime() + 30_000));
    expect(await db().transaction((tx) => requeueDelivery(tx as unknown as Db, 987654321, later))).toBe(false);
  });

  it("refuses a private address without WEBHOOK_ALLOW_PRIVATE_URLS", async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    const { id } = await deliveryWith(r.url, secret);
    delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
    expect(await runJob((await takeJob(id))!, now)).toBe("retry");
    expect(await row(id)).toMatchObject({ status: "pending", lastStatusCode: null });
    expect((await row(id)).lastError).toMatch(/^refused/);
    expect(r.received).toHaveLength(0);
  });

  it("never attempts one delivery twice at once", async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    r.answer = "hold";
    const { id } = await deliveryWith(r.url, secret);
    const results = await Promise.all([deliverWebhook(id, now, { boss }), deliverWebhook(id, now, { boss })]);
    expect(results.sort()).toEqual(["busy", "retry"]);
    expect(r.received).toHaveLength(1);
    // Within the lease of an attempt that left no outcome (its runner died): still busy; past it, taken over.
    await db().update(webhookDeliveries).set({ lastError: null, lastStatusCode: null, lastAttemptAt: at(60_000) }).where(eq(webhookDeliveries.id, id));
    expect(await deliverWebhook(id, at(61_000), { boss })).toBe("busy");
    r.answer = { status: 200 };
    expect(await deliverWebhook(id, at(60_000 + 6_001), { boss })).toBe("succeeded");
  });

  it("a running job runner delivers a new event within seconds", async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    // The earlier tests' leftover jobs would only queue ahead of this one.
    await db().execute(sql`DELETE FROM pgboss.job WHERE name = 'webhooks.deliver'`);
    const runner = await startJobRunner({ database: getDatabase(), schedule: false, pollIntervalMs: 500, dispatchIntervalMs: 200, maintenanceIntervalSeconds: 1 });
    try {
      const wall = new Date();
      const endpoint = await addEndpoint(db(), wall, { createdBy: world.adminId, url: r.url, eventTypes: ["order.refunded"], secret });
      const event = await addEvent(db(), wall, "order.refunded", world.bob.id);
      const written = Date.now();
      await r.waitFor(1, 15_000);
      // Dispatch tick (0.2 s) + workers' polling (0.5 s), with room for a loaded machine.
      expect(Date.now() - written).toBeLessThan(5_000);
      expect(r.received[0]).toMatchObject({ id: event.publicId, verified: true });
      await expect.poll(async () => (await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)))[0]?.status, { timeout: 5_000 }).toBe("succeeded");
    } finally {
      await runner.stop();
    }
  });
});

/** A delivery to `url` signed with `secret`. */
async function deliveryWith(url: string, secret: string) {
  const endpoint = await addEndpoint(db(), now, { createdBy: world.adminId, url, eventTypes: ["account.charged"], secret });
  const event = await addEvent(db(), now, "account.charged", world.alice.id);
  await dispatchOutbox(now, { boss });
  const [d] = await db()
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, event.id), eq(webhookDeliveries.endpointId, endpoint.id)));
  if (!d) throw new Error("no delivery made");
  return { id: d.id, event };
}
