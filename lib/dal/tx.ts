import "server-only";
import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
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

/**
 * `INSERT INTO table (columns) SELECT values FROM source`, for a row that must be
 * written only when an earlier step of the same statement matched (a CTE). Each
 * value is encoded by its column, as `.values()` would, and cast to the column's
 * type: in a SELECT list PostgreSQL can't take a parameter's type from the target
 * column as it does in VALUES.
 */
export function insertSelect<T extends PgTable>(table: T, row: Partial<T["$inferInsert"]>, source: SQL): SQL {
  const columns: Record<string, PgColumn> = getTableColumns(table);
  const entries = Object.entries(row).flatMap(([key, value]) => {
    const column = columns[key];
    if (!column) throw new TypeError(`${key} is not a column of ${getTableName(table)}`);
    return value === undefined ? [] : [[column, value] as const];
  });
  const names = sql.join(
    entries.map(([column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const values = sql.join(
    entries.map(([column, value]) => sql`${sql.param(value, column)}::${sql.raw(column.getSQLType())}`),
    sql`, `,
  );
  return sql`INSERT INTO ${table} (${names}) SELECT ${values} FROM ${source}`;
}
