/**
 * Reading the server's PostgreSQL database from the test process: a snapshot
 * of every table (to prove a request changed nothing), the SPEC 10 invariants,
 * and the extra partial-payment checks of the crash suite.
 */
import { createHash } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "../../../db/index";
import { findInvariantViolations } from "../../../test/invariants";

/**
 * Tables that legitimately change on every request, bad or not: redemption
 * attempt counters (each attempt counts, SPEC 5), sessions and better-auth's
 * own sign-in counters and verification tokens. Everything else (money,
 * vouchers, codes, orders, usage, cash movements, refunds, idempotency keys,
 * the audit log, users, products) must not change on a refused request.
 */
export const VOLATILE_TABLES = ["rate_limit_buckets", "sessions", "auth_rate_limits", "verifications"];

export type Snapshot = Map<string, string[]>;

export interface DbProbe {
  snapshot(): Promise<Snapshot>;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function openProbe(databaseUrl: string): DbProbe {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  let tables: string[] | null = null;
  return {
    sql,
    async snapshot() {
      tables ??= (
        await sql<{ name: string }[]>`
          SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`
      )
        .map((r) => r.name)
        .filter((name) => !VOLATILE_TABLES.includes(name));
      const snap: Snapshot = new Map();
      for (const table of tables) {
        // Each row as canonical JSON (jsonb sorts keys), the rows sorted: equal snapshots mean equal tables.
        const rows = await sql.unsafe<{ row: string }[]>(`SELECT to_jsonb(t)::text AS row FROM "${table}" t ORDER BY 1`);
        snap.set(
          table,
          rows.map((r) => r.row),
        );
      }
      return snap;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

export function checksum(snap: Snapshot): string {
  const hash = createHash("md5");
  for (const [table, rows] of snap) hash.update(`${table}\n${rows.join("\n")}\n`);
  return hash.digest("hex");
}

export interface TableDiff {
  table: string;
  added: string[];
  removed: string[];
}

/** The rows that differ, table by table (empty when nothing changed). */
export function diffSnapshots(before: Snapshot, after: Snapshot): TableDiff[] {
  const diffs: TableDiff[] = [];
  for (const [table, rowsAfter] of after) {
    const rowsBefore = before.get(table) ?? [];
    const was = new Set(rowsBefore);
    const is = new Set(rowsAfter);
    const added = rowsAfter.filter((r) => !was.has(r));
    const removed = rowsBefore.filter((r) => !is.has(r));
    if (added.length || removed.length) diffs.push({ table, added, removed });
  }
  return diffs;
}

export function describeDiff(diffs: TableDiff[]): string {
  return diffs
    .map((d) => `${d.table}: +${d.added.length} -${d.removed.length}\n${[...d.added.slice(0, 3).map((r) => `  + ${r}`), ...d.removed.slice(0, 3).map((r) => `  - ${r}`)].join("\n")}`)
    .join("\n");
}

/**
 * Partial payments that test/invariants.ts does not name on its own: a paid
 * order without its successful payment row (or the reverse), a cash payment
 * movement for an order that is not paid, an order without its items.
 */
const PARTIAL_PAYMENT_CHECKS: Record<string, string> = {
  paidOrderWithoutPayment: `
    SELECT o.id, o.public_id FROM orders o
    WHERE o.status NOT IN ('pending', 'cancelled')
      AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'succeeded')`,
  paymentOfUnpaidOrder: `
    SELECT p.id, p.order_id FROM payments p JOIN orders o ON o.id = p.order_id
    WHERE p.status = 'succeeded' AND o.status IN ('pending', 'cancelled')`,
  cashPaymentOfUnpaidOrder: `
    SELECT m.id, m.order_id FROM cash_movements m JOIN orders o ON o.id = m.order_id
    WHERE m.type = 'payment' AND o.status IN ('pending', 'cancelled')`,
  cashPaymentMismatch: `
    SELECT o.id, o.public_id, o.cash_amount, coalesce(sum(m.amount), 0) AS moved FROM orders o
    LEFT JOIN cash_movements m ON m.order_id = o.id AND m.type = 'payment'
    WHERE o.status NOT IN ('pending', 'cancelled')
    GROUP BY o.id HAVING o.cash_amount <> coalesce(sum(m.amount), 0)`,
  orderWithoutItems: `
    SELECT o.id, o.public_id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)`,
};

/** test/invariants.ts plus the partial-payment checks; only the violated ones, with their rows. */
export async function findViolations(databaseUrl: string): Promise<Record<string, unknown[]>> {
  const database = await openDatabase({ url: databaseUrl });
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const violations: Record<string, unknown[]> = {};
    for (const [name, rows] of Object.entries(await findInvariantViolations(database.db))) if (rows) violations[name] = rows;
    for (const [name, query] of Object.entries(PARTIAL_PAYMENT_CHECKS)) {
      const rows = await sql.unsafe(query);
      if (rows.length > 0) violations[name] = [...rows];
    }
    return violations;
  } finally {
    await sql.end({ timeout: 5 });
    await database.close();
  }
}

export const CHECK_NAMES = Object.keys(PARTIAL_PAYMENT_CHECKS);
