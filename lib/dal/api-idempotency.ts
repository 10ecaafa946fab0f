import "server-only";
/**
 * Idempotency-Key on /api/v1 POSTs, as Stripe defines it (docs/api.md):
 * - the key is 1 to 255 printable ASCII characters, scoped to the API key
 *   (`idempotency_keys.scope = api:<key_…>`);
 * - the request is identified by a SHA-256 of its method, path and canonical
 *   JSON body; the first response (status and body) of a key is stored and
 *   replayed to the same request for IDEMPOTENCY_REPLAY_MS (24 hours), and the
 *   same key with another request is refused;
 * - the effect itself is idempotent apart from the stored response: the verb
 *   gets a request key derived from the API key and the Idempotency-Key
 *   (`dalRequestKey`), so concurrent requests with one key make one effect, and
 *   whichever stores its response first is what every one of them answers;
 *   the key is claimed before the effect, so a concurrent request with the
 *   same key and another body is refused before it changes anything.
 * Rows are pruned after db/prune.ts IDEMPOTENCY_KEY_TTL_MS (7 days), which
 * covers the 24 hours of replay; an older row is ignored and replaced.
 */
import { createHash, createHmac } from "node:crypto";
import { and, eq, isNull, lte } from "drizzle-orm";
import { getDb } from "@/db";
import { idempotencyKeys } from "@/db/schema";
import { IDEMPOTENCY_KEY_TTL_MS } from "@/db/prune";
import { authSecret } from "@/lib/config";

/** How long a stored response is replayed (Stripe: 24 hours). */
export const IDEMPOTENCY_REPLAY_MS = 24 * 60 * 60 * 1000;
if (IDEMPOTENCY_KEY_TTL_MS < IDEMPOTENCY_REPLAY_MS) throw new Error("db/prune.ts must keep request keys at least as long as the API replays them");

/** What a POST answered, as stored and replayed. */
export interface StoredResponse {
  status: number;
  body: unknown;
  /** application/json or application/problem+json. */
  contentType: string;
}

export type Recall = { kind: "none" } | { kind: "mismatch" } | { kind: "replay"; response: StoredResponse };

/** 1 to 255 printable ASCII characters (space to tilde), as Stripe allows. */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x20-\x7e]{1,255}$/.test(key);
}

export const apiIdempotencyScope = (apiKeyPublicId: string) => `api:${apiKeyPublicId}`;

/** JSON with object keys sorted at every depth: two bodies that mean the same hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** SHA-256 (hex) of the method, the path (with its query) and the canonical body. */
export function requestHashOf(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n${canonicalJson(body)}`, "utf8").digest("hex");
}

/**
 * The request key the DAL verb gets for (API key, Idempotency-Key): a UUID
 * (v5-style: version and variant bits set) from an HMAC-SHA256 of both, keyed by
 * the server's secret, so the same pair always names the same order, different
 * API keys never share one, and nobody outside the server can compute it (a
 * customer choosing their own request keys cannot pre-empt a service's order).
 */
export function dalRequestKey(apiKeyId: number, idempotencyKey: string, claimedAt: Date): string {
  // The claim's time makes each use of a key its own: reused after its 24 hours, a key names a new order.
  const hash = createHmac("sha256", authSecret()).update(`api-request-key\n${apiKeyId}\n${idempotencyKey}\n${claimedAt.getTime()}`, "utf8").digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function stored(response: unknown): StoredResponse | null {
  if (typeof response !== "object" || response === null) return null;
  const r = response as Partial<StoredResponse>;
  return typeof r.status === "number" && typeof r.contentType === "string" ? { status: r.status, body: r.body, contentType: r.contentType } : null;
}

/**
 * What a key already answered: a replay for the same request within 24 hours,
 * a mismatch for another request, or nothing (never used, or used more than 24
 * hours ago: that row is dropped so the key starts over).
 */
export async function recallApiResponse(scope: string, key: string, requestHash: string, now: Date): Promise<Recall> {
  const db = await getDb();
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response, createdAt: idempotencyKeys.createdAt })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row) return { kind: "none" };
  if (row.createdAt.getTime() + IDEMPOTENCY_REPLAY_MS <= now.getTime()) {
    const cutoff = new Date(now.getTime() - IDEMPOTENCY_REPLAY_MS);
    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), lte(idempotencyKeys.createdAt, cutoff)));
    return { kind: "none" };
  }
  if (row.requestHash !== requestHash) return { kind: "mismatch" };
  const response = stored(row.response);
  return response ? { kind: "replay", response } : { kind: "none" };
}

/** How long a claim without an answer holds off other requests with its key; older, it is taken over (its request died). */
export const IDEMPOTENCY_CLAIM_TIMEOUT_MS = 60_000;

export type Claim = { kind: "claimed"; claimedAt: Date } | { kind: "in_progress" } | { kind: "mismatch" };

/**
 * Claims `key` for this request before the effect (insert, on conflict
 * nothing). Only the request whose insert made the row goes ahead; another one
 * with the same key and body while it runs is told the key is in use (it retries
 * and then gets the replay), and one with another body is refused, before either
 * changes anything: one key, one effect. A claim left without an answer for a
 * minute (its request died) is taken over; the DAL's request key, derived from
 * the claim's time, still names the same order, so that effect stays one.
 */
export async function claimApiKey(scope: string, key: string, requestHash: string, now: Date): Promise<Claim> {
  const db = await getDb();
  const [mine] = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash, response: null, createdAt: now })
    .onConflictDoNothing()
    .returning({ createdAt: idempotencyKeys.createdAt });
  if (mine) return { kind: "claimed", claimedAt: mine.createdAt };
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, createdAt: idempotencyKeys.createdAt })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row || row.requestHash !== requestHash) return { kind: "mismatch" };
  return row.createdAt.getTime() + IDEMPOTENCY_CLAIM_TIMEOUT_MS <= now.getTime() ? { kind: "claimed", claimedAt: row.createdAt } : { kind: "in_progress" };
}

/**
 * Stores the response of the first request of `key` that finishes (only while
 * none is stored), then reads back what is stored: every concurrent request
 * with one key answers the one stored response, as stored (jsonb orders keys
 * its own way, so a replay is byte for byte the first answer).
 */
export async function storeApiResponse(
  scope: string,
  key: string,
  requestHash: string,
  response: StoredResponse,
  now: Date,
): Promise<{ kind: "mismatch" } | { kind: "stored"; response: StoredResponse; replayed: boolean }> {
  const db = await getDb();
  const mine = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), eq(idempotencyKeys.requestHash, requestHash));
  let [written] = await db.update(idempotencyKeys).set({ response }).where(and(mine, isNull(idempotencyKeys.response))).returning({ response: idempotencyKeys.response });
  if (!written) {
    // The claim is gone (pruned meanwhile): store it afresh.
    [written] = await db
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash, response, createdAt: now })
      .onConflictDoNothing()
      .returning({ response: idempotencyKeys.response });
  }
  if (written) return { kind: "stored", response: stored(written.response) ?? response, replayed: false };
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row || row.requestHash !== requestHash) return { kind: "mismatch" };
  const first = stored(row.response);
  return first ? { kind: "stored", response: first, replayed: true } : { kind: "stored", response, replayed: false };
}
