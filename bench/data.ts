/**
 * `npm run bench:data`: (re)creates the benchmark database on the local
 * PostgreSQL server and loads the full data shape of bench/shape.ts with
 * set-based SQL in one transaction, then ANALYZEs it. Prints how long it took.
 */
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { hashPassword } from "better-auth/crypto";
import { migrateDatabase, openDatabase } from "../db/index";
import { apiSecretHash, last4, newApiKeyPublicId } from "../lib/api/keys";
import { BENCH_DB, BENCH_DB_URL, BENCH_ENV, adminSql, assertLocalServer } from "./lib/env";
import { FULL_SIZE, SHAPE, shapeStatements, type ShapeSize } from "./shape";

export interface LoadResult {
  seconds: number;
  rows: Record<string, number>;
}

/**
 * The benchmark's API key, stored as the admin page stores one: the keyed hash
 * of SHAPE.apiSecret under the BETTER_AUTH_SECRET the bench's servers get
 * (BENCH_ENV overrides theirs), and its last 4 characters; made by the bench admin.
 */
async function storeApiKey(tx: postgres.TransactionSql, now: Date): Promise<void> {
  const secretHash = await apiSecretHash(SHAPE.apiSecret, BENCH_ENV.BETTER_AUTH_SECRET!);
  await tx`INSERT INTO api_keys (public_id, name, scopes, secret_hash, last4, created_by, created_at)
    VALUES (${newApiKeyPublicId()}, 'Bench', ARRAY['pay']::api_scope[], ${secretHash}, ${last4(SHAPE.apiSecret)}, 'bench-admin', ${now})`;
}

/** Drops and recreates `BENCH_DB`, migrates it and loads the shape. */
export async function loadBenchDatabase(size: ShapeSize = FULL_SIZE, log = console.log): Promise<LoadResult> {
  assertLocalServer();
  const started = performance.now();
  const admin = adminSql();
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${BENCH_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: BENCH_DB_URL });
  await migrateDatabase(database);
  await database.close();

  const sql = postgres(BENCH_DB_URL, { max: 1, onnotice: () => {} });
  try {
    const hash = await hashPassword(SHAPE.password);
    const now = new Date();
    const statements = shapeStatements(size, now, hash);
    await sql.begin(async (tx) => {
      // Large sorts (the usage history's running balances) in memory, not on disk.
      await tx.unsafe(`SET LOCAL work_mem = '256MB'`);
      for (const statement of statements) await tx.unsafe(statement);
      await storeApiKey(tx, now);
    });
    await sql.unsafe(`VACUUM ANALYZE`);
    const rows: Record<string, number> = {};
    for (const table of ["billing_accounts", "users", "vouchers", "usage_records", "orders", "cash_movements"]) {
      const [row] = await sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
      rows[table] = row?.n ?? 0;
    }
    const seconds = (performance.now() - started) / 1000;
    log(`bench data: ${Object.entries(rows).map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`).join(", ")} in ${seconds.toFixed(1)} s`);
    return { seconds, rows };
  } finally {
    await sql.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  loadBenchDatabase().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
