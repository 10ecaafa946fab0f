import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { idempotencyKeys } from "@/db/schema";
import { DalError } from "./errors";

/**
 * Claims `key` in `scope` inside the caller's transaction. Returns true the first
 * time; false when the same request (same `requestHash`) was already done, in which
 * case the caller must change nothing. The key row is inserted first, so a
 * concurrent duplicate waits on it and then sees it. The same key with another
 * request is refused: a client reused a key by mistake.
 */
export async function claimIdempotencyKey(tx: Db, scope: string, key: string, requestHash: string, now: Date): Promise<boolean> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return true;
  const [seen] = await tx
    .select({ requestHash: idempotencyKeys.requestHash })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (seen?.requestHash !== requestHash) {
    throw new DalError({ code: "conflict", reason: "request_key_used" });
  }
  return false;
}

/**
 * Stores what the first request of `key` answered, in the caller's transaction
 * (so it commits with the effect): a repeat can then answer the same.
 */
export async function saveIdempotentResponse(tx: Db, scope: string, key: string, response: Record<string, unknown>): Promise<void> {
  await tx.update(idempotencyKeys).set({ response }).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

/** What the first request of `key` answered, or null when it stored nothing. */
export async function idempotentResponse(tx: Db, scope: string, key: string): Promise<unknown> {
  const [row] = await tx
    .select({ response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return row?.response ?? null;
}
