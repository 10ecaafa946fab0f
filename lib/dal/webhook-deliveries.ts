import "server-only";
/**
 * One webhook delivery attempt (docs/events.md, Delivery), run by the job
 * runner's "webhooks.deliver" queue. The delivery is leased first (attempts+1,
 * lastAttemptAt = now, no outcome yet): another runner holding a job for it
 * leaves it alone while the lease lasts, so one event never goes to one
 * endpoint twice at once; a runner that dies mid-attempt leaves the lease to
 * run out, and its job, expired, comes back to another runner (at-least-once).
 * The outcome and the next try's job are written in one transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { getDb, type Db } from "@/db";
import { billingAccounts, events, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { webhookUrlPolicy } from "@/lib/config";
import { getJobSender, txAdapter } from "@/lib/jobs/boss";
import { deliveryLeaseMs, webhookTimeoutMs } from "@/lib/jobs/config";
import { QUEUES, deliverKey, type DeliverJob } from "@/lib/jobs/queues";
import { nextRetryAt } from "@/lib/webhooks/backoff";
import { postWebhook } from "@/lib/webhooks/post";
import { signWebhook } from "@/lib/webhooks/sign";
import { apiEventColumns, toApiEvent } from "./api/event-object";
import { rowsOf } from "./tx";

export type DeliveryResult =
  /** 2xx: done. */
  | "succeeded"
  /** Failed; the next try is queued. */
  | "retry"
  /** Failed, and a day has passed since the round's first attempt: given up. */
  | "failed"
  /** Nothing to do: no such delivery, not pending, or its endpoint is disabled. */
  | "skipped"
  /** Another runner is on it (its lease has not run out). */
  | "busy";

export interface DeliverOptions {
  /** Sends the next try's job; the process's sender when absent. */
  boss?: PgBoss;
  /** The round's first attempt (a Resend starts a round); the delivery's creation when absent. */
  since?: Date;
  /** The delivery's attempts before this round. */
  base?: number;
}

const MAX_ERROR_CHARS = 200;

export async function deliverWebhook(deliveryId: number, now: Date, options: DeliverOptions = {}): Promise<DeliveryResult> {
  const db = await getDb();
  const [row] = await db
    .select({
      status: webhookDeliveries.status,
      createdAt: webhookDeliveries.createdAt,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      disabledAt: webhookEndpoints.disabledAt,
      event: apiEventColumns,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .leftJoin(billingAccounts, eq(billingAccounts.id, events.accountId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row || row.status !== "pending" || row.disabledAt !== null) return "skipped";

  const timeoutMs = webhookTimeoutMs();
  const leaseMs = deliveryLeaseMs(timeoutMs);
  const leaseStart = new Date(now.getTime() - leaseMs);
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastAttemptAt: now,
      lastStatusCode: null,
      lastError: null,
      // Should this attempt be lost, the try after it.
      nextAttemptAt: new Date(now.getTime() + leaseMs),
    })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        // In flight: attempted lately, no outcome recorded yet.
        sql`NOT (${webhookDeliveries.lastAttemptAt} IS NOT NULL AND ${webhookDeliveries.lastStatusCode} IS NULL AND ${webhookDeliveries.lastError} IS NULL AND ${webhookDeliveries.lastAttemptAt} > ${leaseStart.toISOString()}::timestamptz)`,
      ),
    )
    .returning({ attempts: webhookDeliveries.attempts });
  if (!claimed) return "busy";

  const event = toApiEvent(row.event);
  const signed = signWebhook(row.secret, event.id, now, JSON.stringify(event));
  const outcome = await postWebhook({ url: row.url, headers: signed.headers, body: signed.body, timeoutMs, policy: webhookUrlPolicy() });

  const mine = and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.attempts, claimed.attempts));
  if (outcome.ok) {
    const done = await db
      .update(webhookDeliveries)
      .set({ status: "succeeded", lastStatusCode: outcome.status, lastError: null, deliveredAt: now, nextAttemptAt: null })
      .where(mine)
      .returning({ id: webhookDeliveries.id });
    return done.length > 0 ? "succeeded" : "busy";
  }

  const since = options.since ?? row.createdAt;
  const base = options.base ?? 0;
  const next = nextRetryAt(since, Math.max(1, claimed.attempts - base), now);
  const failure = { lastStatusCode: outcome.status, lastError: outcome.error.slice(0, MAX_ERROR_CHARS) };
  const boss = next ? (options.boss ?? getJobSender()) : null;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const recorded = await tx
      .update(webhookDeliveries)
      .set(next ? { ...failure, nextAttemptAt: next } : { ...failure, status: "failed", nextAttemptAt: null })
      .where(mine)
      .returning({ id: webhookDeliveries.id });
    if (recorded.length === 0) return "busy" as const;
    if (!next || !boss) return "failed" as const;
    const data: DeliverJob = { deliveryId, since: since.toISOString(), base };
    await boss.send(QUEUES.deliver, data, { db: txAdapter(tx), startAfter: next, singletonKey: deliverKey(deliveryId) });
    return "retry" as const;
  });
}

/**
 * Sends a delivery again (the admin's Resend; the caller authorizes): pending,
 * due now, with a fresh round of tries. A job already waiting for it is moved
 * to now instead of adding a second. False when there is no such delivery.
 */
export async function requeueDelivery(tx: Db, deliveryId: number, now: Date): Promise<boolean> {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({ status: "pending", deliveredAt: null, nextAttemptAt: now })
    .where(eq(webhookDeliveries.id, deliveryId))
    .returning({ attempts: webhookDeliveries.attempts });
  if (!row) return false;
  const data: DeliverJob = { deliveryId, since: now.toISOString(), base: row.attempts };
  const sent = await getJobSender().send(QUEUES.deliver, data, { db: txAdapter(tx), startAfter: now, singletonKey: deliverKey(deliveryId) });
  if (sent) return true;
  const moved = await tx.execute(
    sql`UPDATE pgboss.job SET start_after = ${now.toISOString()}::timestamptz, data = ${JSON.stringify(data)}::jsonb WHERE name = ${QUEUES.deliver} AND singleton_key = ${deliverKey(deliveryId)} AND state = 'created' RETURNING id`,
  );
  // Neither sent nor waiting: the queue is missing (no job runner has ever started on this database).
  if (rowsOf(moved).length === 0) throw new Error("the webhooks.deliver queue does not exist; start the job runner once");
  return true;
}
