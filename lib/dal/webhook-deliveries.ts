import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { webhookDeliveries } from "@/db/schema";

/**
 * Puts a delivery back in the queue, due at `now`, in the caller's transaction
 * (the admin's Resend, lib/dal/admin/webhooks.ts, which authorizes and audits).
 * The runner branch enqueues the job.
 */
export async function requeueDelivery(tx: Db, deliveryId: number, now: Date): Promise<void> {
  await tx.update(webhookDeliveries).set({ status: "pending", nextAttemptAt: now, deliveredAt: null }).where(eq(webhookDeliveries.id, deliveryId));
}
