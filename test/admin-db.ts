/**
 * Helpers of the admin tests: a fingerprint of every table (to prove a refused
 * action changed nothing) and the whole database as text (to prove no plain
 * code was written anywhere).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rowsOf } from "@/lib/dal/tx";

async function tableNames(db: Db): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`),
  );
  return rows.map((r) => r.name);
}

/** Row count and a hash of the sorted rows of every table: equal fingerprints mean nothing changed. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await tableNames(db)) {
    const [row] = rowsOf<{ n: number; h: string }>(
      await db.execute(sql`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${sql.identifier(name)} t`),
    );
    out[name] = `${row?.n}:${row?.h}`;
  }
  return out;
}

/** Every row of every table as text, one string: what a leaked code would be found in. */
export async function databaseText(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const name of await tableNames(db)) {
    const rows = rowsOf<{ r: string }>(await db.execute(sql`SELECT t::text AS r FROM ${sql.identifier(name)} t`));
    for (const row of rows) parts.push(row.r);
  }
  return parts.join("\n");
}
