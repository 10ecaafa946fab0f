import "server-only";
/**
 * The dispatcher (docs/events.md, Delivery): reads the outbox in the feed's
 * (txid, id) order, settled events only (no transaction that could still add
 * an earlier one is running), after its cursor, and in ONE transaction per
 * batch makes a webhook delivery for every enabled endpoint that wants each
 * event, the inbox's notifications, and the jobs that send them, then moves
 * the cursor. The cursor row is locked first, so two dispatchers (two
 * runners) take turns, and each event fans out once.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { getDb, type Db } from "@/db";
import { events, outboxCursors, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { getJobSender, txAdapter } from "@/lib/jobs/boss";
import { QUEUES, deliverKey, type DeliverJob, type EmailJob } from "@/lib/jobs/queues";
import { newPublicId } from "@/lib/ids";
import { createNotifications } from "./notifications";

/** The cursor row of the webhook and inbox dispatcher. */
export const DISPATCH_CURSOR = "dispatch";
/** Events fanned out per transaction. */
const BATCH = 200;

export interface DispatchRun {
  events: number;
  deliveries: number;
  emails: number;
}

type EventRow = typeof events.$inferSelect;
type Endpoint = { id: number; eventTypes: string[]; accountId: number | null };

/** Whether an endpoint wants an event: its type is listed and the account filter (if any) is the event's. */
export function endpointWants(endpoint: Endpoint, event: Pick<EventRow, "type" | "accountId">): boolean {
  return endpoint.eventTypes.includes(event.type) && (endpoint.accountId === null || endpoint.accountId === event.accountId);
}

/** Fans out every settled event after the cursor, batch by batch; returns what it made. */
export async function dispatchOutbox(now: Date, options: { boss?: PgBoss; batchSize?: number } = {}): Promise<DispatchRun> {
  const db = await getDb();
  const boss = options.boss ?? getJobSender();
  const batchSize = options.batchSize ?? BATCH;
  const total: DispatchRun = { events: 0, deliveries: 0, emails: 0 };
  for (;;) {
    if (!(await hasSettledAfterCursor(db))) return total;
    const run = await db.transaction((tx) => dispatchBatch(tx as unknown as Db, boss, now, batchSize));
    total.events += run.events;
    total.deliveries += run.deliveries;
    total.emails += run.emails;
    if (run.events < batchSize) return total;
  }
}

const settled = sql`${events.txid} < pg_snapshot_xmin(pg_current_snapshot())`;

/** A cheap look without locks, so an idle runner's tick writes nothing. */
async function hasSettledAfterCursor(db: Db): Promise<boolean> {
  const [cursor] = await db.select().from(outboxCursors).where(eq(outboxCursors.name, DISPATCH_CURSOR));
  const [next] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(settled, cursor ? sql`(${events.txid}, ${events.id}) > (${cursor.txid}::xid8, ${cursor.eventId}::bigint)` : undefined))
    .limit(1);
  return next !== undefined;
}

async function dispatchBatch(tx: Db, boss: PgBoss, now: Date, batchSize: number): Promise<DispatchRun> {
  await tx.insert(outboxCursors).values({ name: DISPATCH_CURSOR, txid: "0", eventId: 0, updatedAt: now }).onConflictDoNothing();
  // Waits for a dispatcher already in its batch, then reads where it left off.
  const [cursor] = await tx.select().from(outboxCursors).where(eq(outboxCursors.name, DISPATCH_CURSOR)).for("update");
  if (!cursor) throw new Error("the dispatch cursor row is missing");
  const rows = await tx
    .select()
    .from(events)
    .where(and(settled, sql`(${events.txid}, ${events.id}) > (${cursor.txid}::xid8, ${cursor.eventId}::bigint)`))
    .orderBy(asc(events.txid), asc(events.id))
    .limit(batchSize);
  const last = rows.at(-1);
  if (!last) return { events: 0, deliveries: 0, emails: 0 };

  const endpoints = await tx
    .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes, accountId: webhookEndpoints.accountId })
    .from(webhookEndpoints)
    .where(isNull(webhookEndpoints.disabledAt));
  const pairs = rows.flatMap((event) => endpoints.filter((e) => endpointWants(e, event)).map((e) => ({ endpointId: e.id, eventId: event.id })));
  const created: number[] = [];
  for (let i = 0; i < pairs.length; i += 500) {
    const inserted = await tx
      .insert(webhookDeliveries)
      .values(pairs.slice(i, i + 500).map((p) => ({ ...p, publicId: newPublicId("whd"), status: "pending" as const, nextAttemptAt: now, createdAt: now })))
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    created.push(...inserted.map((r) => r.id));
  }

  const notified = await createNotifications(tx, rows, now);
  const emails = notified.filter((n) => n.email);

  const jobs: PgBoss.JobInsert[] = [
    ...created.map((deliveryId) => ({ name: QUEUES.deliver, data: { deliveryId } satisfies DeliverJob, singletonKey: deliverKey(deliveryId) })),
    ...emails.map((n) => ({ name: QUEUES.email, data: { notificationId: n.notificationId } satisfies EmailJob })),
  ];
  for (let i = 0; i < jobs.length; i += 500) await boss.insert(jobs.slice(i, i + 500), { db: txAdapter(tx) });

  await tx.update(outboxCursors).set({ txid: last.txid, eventId: last.id, updatedAt: now }).where(eq(outboxCursors.name, DISPATCH_CURSOR));
  return { events: rows.length, deliveries: created.length, emails: emails.length };
}
