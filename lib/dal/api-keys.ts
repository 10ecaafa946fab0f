import "server-only";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, users } from "@/db/schema";
import { apiSecretHash, isApiSecretShape, last4 as lastFourOf, newApiKeyPublicId, newApiSecret, parseApiKeyName, parseApiScopes } from "@/lib/api/keys";
import type { ApiPrincipal, ApiScope } from "@/lib/api/spec";
import { authSecret } from "@/lib/config";
import { checkReason, writeAudit } from "./audit";
import { DalError } from "./errors";
import { claimIdempotencyKey, idempotentResponse, saveIdempotentResponse } from "./idempotency";
import { transactionWithRetry } from "./tx";
import { requireAdmin, type Viewer } from "./viewer";

/** How often `last_used_at` is written at most, per key: a busy key costs one write a minute, not one per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Anyone (the /api/v1 route handlers, before anything else): the key whose
 * secret is `secret`, or null. A malformed, unknown or revoked secret gets the
 * same null, and nothing is logged with it. One lookup by the secret's keyed
 * hash (a unique index); then, only when the key's `last_used_at` read there is
 * unset or more than a minute old (so a busy key's requests make one round trip,
 * not two), it is moved to `now` by an UPDATE with the same condition, so
 * concurrent requests never race a read against a write.
 */
export async function authenticateApiKey(secret: string, now: Date): Promise<ApiPrincipal | null> {
  if (!isApiSecretShape(secret)) return null;
  const hash = await apiSecretHash(secret, authSecret());
  const db = await getDb();
  const [key] = await db
    .select({ id: apiKeys.id, publicId: apiKeys.publicId, name: apiKeys.name, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, hash), isNull(apiKeys.revokedAt)));
  if (!key) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (key.lastUsedAt === null || key.lastUsedAt < staleBefore) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  }
  return { apiKeyId: key.id, publicId: key.publicId, name: key.name, scopes: key.scopes };
}

/** An API key as the admin console lists it: never its secret, nor its hash. */
export interface ApiKeyView {
  publicId: string;
  name: string;
  scopes: ApiScope[];
  last4: string;
  createdAt: Date;
  createdByEmail: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Admin only: every API key, newest first, revoked ones included (they stay for the record). */
export async function listApiKeys(viewer: Viewer | null): Promise<ApiKeyView[]> {
  requireAdmin(viewer);
  const db = await getDb();
  return db
    .select({
      publicId: apiKeys.publicId,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      last4: apiKeys.last4,
      createdAt: apiKeys.createdAt,
      createdByEmail: users.email,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export interface CreateApiKeyInput {
  name: string;
  scopes: readonly string[];
  /** The form's key: the same key creates once. */
  requestKey?: string;
}

export interface CreatedApiKey {
  publicId: string;
  last4: string;
  /** The secret, to the request that created the key only; null to a replay of it (it is kept nowhere). */
  secret: string | null;
}

function checked<T>(parsed: { ok: true; value: T } | { ok: false }): T {
  if (!parsed.ok) throw new DalError({ code: "invalid_input", reason: "fields" });
  return parsed.value;
}

/**
 * Admin only: creates an API key with a name and scopes, audited
 * (`api_key.create`). Its secret is returned once, here, and never stored: the
 * row holds its keyed hash and last 4 characters. Idempotent by the form's
 * request key: a replay creates nothing and gets the key's id and last 4, but
 * not the secret again (null), since nothing could give it back.
 */
export async function createApiKey(viewer: Viewer | null, input: CreateApiKeyInput, now: Date): Promise<CreatedApiKey> {
  const actor = requireAdmin(viewer);
  const name = checked(parseApiKeyName(input.name));
  const scopes = checked(parseApiScopes(input.scopes));
  const secret = newApiSecret();
  const secretHash = await apiSecretHash(secret, authSecret());
  const db = await getDb();
  const scope = `api_key.create:${actor.userId}`;
  return transactionWithRetry(db, async (tx) => {
    if (input.requestKey && !(await claimIdempotencyKey(tx, scope, input.requestKey, JSON.stringify({ name, scopes }), now))) {
      const done = (await idempotentResponse(tx, scope, input.requestKey)) as { publicId?: string; last4?: string } | null;
      if (!done?.publicId || !done.last4) throw new DalError({ code: "conflict", reason: "request_used" });
      return { publicId: done.publicId, last4: done.last4, secret: null };
    }
    const publicId = newApiKeyPublicId();
    const last4 = lastFourOf(secret);
    await tx.insert(apiKeys).values({ publicId, name, scopes, secretHash, last4, createdBy: actor.userId, createdAt: now });
    await writeAudit(tx, actor, { action: "api_key.create", targetType: "api_key", targetId: publicId, before: null, after: { name, scopes, last4 } }, now);
    // What a replay answers: never the secret.
    if (input.requestKey) await saveIdempotentResponse(tx, scope, input.requestKey, { publicId, last4 });
    return { publicId, last4, secret };
  });
}

export interface RevokeApiKeyInput {
  publicId: string;
  reason: string;
}

/**
 * Admin only: revokes an API key, with a reason, audited (`api_key.revoke`):
 * from `now` on its secret authenticates nothing. Revoking a revoked key
 * changes nothing and says so (`changed: false`, with when it was revoked).
 */
export async function revokeApiKey(viewer: Viewer | null, input: RevokeApiKeyInput, now: Date): Promise<{ changed: boolean; revokedAt: Date }> {
  const actor = requireAdmin(viewer);
  const reason = checkReason(input.reason);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const [key] = await tx
      .select({ id: apiKeys.id, publicId: apiKeys.publicId, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.publicId, input.publicId))
      .for("update");
    // No not_found reason of its own yet (lib/failures.ts): "route" reads "Not found.".
    if (!key) throw new DalError({ code: "not_found", reason: "route" });
    if (key.revokedAt) return { changed: false, revokedAt: key.revokedAt };
    await tx.update(apiKeys).set({ revokedAt: now, revokedBy: actor.userId }).where(eq(apiKeys.id, key.id));
    await writeAudit(
      tx,
      actor,
      { action: "api_key.revoke", targetType: "api_key", targetId: key.publicId, before: { revokedAt: null }, after: { revokedAt: now.toISOString() }, reason },
      now,
    );
    return { changed: true, revokedAt: now };
  });
}
