/**
 * The dispatcher (lib/dal/dispatch.ts) on both drivers: each settled event
 * reaches each endpoint that wants it exactly once (type and account filters,
 * disabled endpoints get none), with one delivery job each in the same
 * commit, and two dispatchers at once still fan out once.
 */
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxCursors, webhookDeliveries } from "@/db/schema";
import { dispatchOutbox } from "@/lib/dal/dispatch";
import { rowsOf } from "@/lib/dal/tx";
import { startBoss } from "@/lib/jobs/boss";
import { setupTestDatabase } from "./db";
import { addEndpoint, addEvent, seedWorld } from "./support/webhook-world";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
let boss: PgBoss;
let world: Awaited<ReturnType<typeof seedWorld>>;

beforeAll(async () => {
  world = await seedWorld(db(), now);
  boss = await startBoss({ database: getDatabase(), supervise: false, schedule: false, deliverExpireSeconds: 30 });
  // The seed's own history goes out first, to no endpoint.
  await dispatchOutbox(now, { boss });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: false, wait: true });
});

async function deliveries() {
  return db().select({ endpointId: webhookDeliveries.endpointId, eventId: webhookDeliveries.eventId, status: webhookDeliveries.status }).from(webhookDeliveries);
}
async function deliverJobs(): Promise<Array<{ deliveryId: number }>> {
  return rowsOf<{ data: { deliveryId: number } }>(await db().execute(sql`SELECT data FROM pgboss.job WHERE name = 'webhooks.deliver'`)).map((r) => r.data);
}
const pairKey = (p: { endpointId: number; eventId: number }) => `${p.endpointId}:${p.eventId}`;

describe("dispatch", () => {
  it("fans each event out to each endpoint that wants it, once", async () => {
    const admin = world.adminId;
    const all = await addEndpoint(db(), now, { createdBy: admin, url: "https://hooks.example.com/all", eventTypes: ["account.topped_up", "order.paid"] });
    const aliceOnly = await addEndpoint(db(), now, { createdBy: admin, url: "https://hooks.example.com/alice", eventTypes: ["account.topped_up"], accountId: world.alice.id });
    const paidOnly = await addEndpoint(db(), now, { createdBy: admin, url: "https://hooks.example.com/paid", eventTypes: ["order.paid"] });
    const disabled = await addEndpoint(db(), now, { createdBy: admin, url: "https://hooks.example.com/off", eventTypes: ["account.topped_up", "order.paid"], disabled: true });

    const aliceTop = await addEvent(db(), now, "account.topped_up", world.alice.id);
    const bobTop = await addEvent(db(), now, "account.topped_up", world.bob.id);
    const bobPaid = await addEvent(db(), now, "order.paid", world.bob.id, { orderId: "x" });
    const charged = await addEvent(db(), now, "account.charged", world.alice.id);

    const run = await dispatchOutbox(now, { boss });
    expect(run.events).toBe(4);
    const made = (await deliveries()).map(pairKey).sort();
    const expected = [
      { endpointId: all.id, eventId: aliceTop.id },
      { endpointId: all.id, eventId: bobTop.id },
      { endpointId: all.id, eventId: bobPaid.id },
      { endpointId: aliceOnly.id, eventId: aliceTop.id },
      { endpointId: paidOnly.id, eventId: bobPaid.id },
    ]
      .map(pairKey)
      .sort();
    expect(made).toEqual(expected);
    expect(run.deliveries).toBe(5);
    expect(made.some((k) => k.startsWith(`${disabled.id}:`))).toBe(false);
    expect(made.some((k) => k.endsWith(`:${charged.id}`))).toBe(false);
    // One job per delivery, committed with it.
    const ids = (await db().select({ id: webhookDeliveries.id }).from(webhookDeliveries)).map((r) => r.id).sort();
    expect((await deliverJobs()).map((j) => j.deliveryId).sort()).toEqual(ids);
    // The cursor moved past them: a second run makes nothing.
    expect(await dispatchOutbox(now, { boss })).toEqual({ events: 0, deliveries: 0, emails: 0 });
    const [cursor] = await db().select().from(outboxCursors).where(eq(outboxCursors.name, "dispatch"));
    expect(cursor?.eventId).toBe(charged.id);
  });

  it("two dispatchers at once fan out once, across batches", async () => {
    const ep = await addEndpoint(db(), now, { createdBy: world.adminId, url: "https://hooks.example.com/race", eventTypes: ["account.charged"] });
    const written = [];
    for (let i = 0; i < 25; i++) written.push(await addEvent(db(), now, "account.charged", i % 2 ? world.alice.id : world.bob.id));
    const runs = await Promise.all([dispatchOutbox(now, { boss, batchSize: 4 }), dispatchOutbox(now, { boss, batchSize: 4 }), dispatchOutbox(now, { boss, batchSize: 7 })]);
    expect(runs.reduce((n, r) => n + r.events, 0)).toBe(25);
    expect(runs.reduce((n, r) => n + r.deliveries, 0)).toBe(25);
    const mine = (await deliveries()).filter((d) => d.endpointId === ep.id);
    expect(mine.map((d) => d.eventId).sort((a, b) => a - b)).toEqual(written.map((e) => e.id));
    const jobs = await deliverJobs();
    expect(jobs.length).toBe(new Set(jobs.map((j) => j.deliveryId)).size);
  });

  it("leaves an unsettled event for later: a transaction still open holds back every later one", async () => {
    if (getDatabase().driver !== "postgres") return; // one connection on PGlite: no concurrent writer
    const ep = await addEndpoint(db(), now, { createdBy: world.adminId, url: "https://hooks.example.com/late", eventTypes: ["account.arrears"] });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const slow = db().transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_current_xact_id()`);
      opened();
      await held;
      await addEvent(tx as never, now, "account.arrears", world.alice.id, { arrears: 1 });
    });
    await open;
    await addEvent(db(), now, "account.arrears", world.bob.id, { arrears: 2 });
    expect((await dispatchOutbox(now, { boss })).events).toBe(0);
    release();
    await slow;
    const run = await dispatchOutbox(now, { boss });
    expect(run.events).toBe(2);
    expect((await deliveries()).filter((d) => d.endpointId === ep.id)).toHaveLength(2);
  });
});
