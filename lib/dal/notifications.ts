import "server-only";
/**
 * Placeholder for the inbox branch's notifications writer (issue 16): the
 * dispatcher (lib/dal/dispatch.ts) calls it in its transaction with the events
 * it fans out. Replaced at merge by the real one, same signature. Until then it
 * writes nothing (throwing would stop the dispatcher, and webhooks with it).
 */
import type { Db } from "@/db";
import type { events } from "@/db/schema";

export async function createNotifications(tx: Db, rows: Array<typeof events.$inferSelect>, now: Date): Promise<Array<{ notificationId: number; email: boolean }>> {
  void tx;
  void rows;
  void now;
  return [];
}
