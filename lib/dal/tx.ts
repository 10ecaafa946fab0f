import "server-only";
import type { Db } from "@/db";

/** The SQLSTATE inside whatever a driver threw (Drizzle wraps it in `cause`). */
export function pgCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The lock every writer takes on the rows it changes (accounts, vouchers, orders):
 * FOR NO KEY UPDATE, never FOR UPDATE. No writer changes a key, and FOR UPDATE also
 * blocks the foreign-key checks (FOR KEY SHARE) of every insert that names the row:
 * a payment holding its account FOR UPDATE while a void, holding the voucher, waited
 * to write its event (which names the account) was a deadlock (docs/reliability.md).
 */
export const ROW_LOCK = "no key update" as const;

/** Serialization failure and deadlock: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(["40001", "40P01"]);

/**
 * Runs `body` in a transaction, again (up to 5 times, with jittered backoff) when
 * PostgreSQL aborted it for a serialization failure or a deadlock.
 */
export async function transactionWithRetry<T>(db: Db, body: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => body(tx as unknown as Db));
    } catch (err) {
      const code = pgCode(err);
      if (!code || !RETRYABLE.has(code) || attempt >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}

/** Rows of a raw `execute` result, whichever driver (postgres.js: an array; PGlite: `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}
