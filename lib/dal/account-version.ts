import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { accountVersions } from "@/db/schema";
import { VersionedCache } from "@/lib/cache/versioned";

/**
 * The account's version: it changes when a transaction that wrote the account's
 * vouchers or usage records commits (migration 0017); "0" before the first.
 * Read it before the data a cached value is computed from (lib/cache/versioned.ts).
 */
export async function accountVersion(db: Db, accountId: number): Promise<string> {
  const [row] = await db.select({ version: accountVersions.version }).from(accountVersions).where(eq(accountVersions.accountId, accountId));
  return String(row?.version ?? 0);
}

/**
 * How long a value computed from an account's data is served without a write to
 * the account: what changes by time alone (a voucher passing its expiry, a pace, a
 * renamed provider) shows at most this late. A write shows at once (accountVersion).
 */
export const ACCOUNT_CACHE_TTL_MS = 60_000;

/**
 * A VersionedCache per database handle, so two databases in one process (the
 * tests) never share entries: `const cacheOf = cachePerDatabase(...)`, then
 * `cacheOf(db).get(...)`. `ACCOUNT_CACHE=off` in the environment makes every
 * read a miss (the benchmark's cold pages, docs/performance.md).
 */
export function cachePerDatabase<K, V>(maxKeys: number, ttlMs: number): (db: Db) => VersionedCache<K, V> {
  const caches = new WeakMap<Db, VersionedCache<K, V>>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new VersionedCache<K, V>(maxKeys, process.env.ACCOUNT_CACHE === "off" ? 0 : ttlMs)));
    return cache;
  };
}
