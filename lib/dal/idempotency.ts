import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { idempotencyKeys } from "@/db/schema";
import { DalError } from "./viewer";

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
    throw new DalError("conflict", "This request key was already used for a different request. Reload the page and try again.");
  }
  return false;
}
