/**
 * The providers_catalogue migration on data written before it: provider names
 * typed in several cases and spacings become one provider each (the spelling the
 * products use wins), and every product, order item, batch and voucher points at
 * its provider by id. A fresh database is migrated to just before the migration,
 * filled with legacy rows, then migrated to the end. PGlite, and PostgreSQL with
 * TEST_DATABASE_URL.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, migrateDatabase, openDatabase, type Database } from "@/db";
import { rowsOf } from "@/lib/dal/tx";
import { usingPostgres } from "./db";
import { adminUrl, databaseUrl } from "./pg-url";

const MIGRATION = "providers_catalogue";

interface Journal {
  entries: Array<{ tag: string }>;
}

/** A copy of the migrations folder that stops just before the providers migration. */
function foldersBefore(dir: string): string {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;
  const index = journal.entries.findIndex((e) => e.tag.endsWith(MIGRATION));
  if (index < 1) throw new Error(`no ${MIGRATION} migration in the journal`);
  const entries = journal.entries.slice(0, index);
  mkdirSync(path.join(dir, "meta"), { recursive: true });
  writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

async function migrateTo(database: Database, folder: string) {
  if (database.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder: folder });
  }
}

/** An empty database of the project's driver, and how to get rid of it. */
async function emptyDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!usingPostgres() || !serverUrl) {
    const database = await openDatabase({ dir: "memory://" });
    return { database, drop: () => database.close() };
  }
  const name = `billing_mig_${randomBytes(6).toString("hex")}`;
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const database = await openDatabase({ url: databaseUrl(serverUrl, name) });
  return {
    database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function rows<T>(database: Database, statement: string): Promise<T[]> {
  return rowsOf<T>(await database.db.execute(sql.raw(statement)));
}

/** Rows as the application wrote them before providers were a table (after 0004: stamped by their writer). */
const LEGACY = `
  INSERT INTO billing_accounts (public_id, name, created_at) VALUES ('acc_legacy', 'Legacy', now());
  INSERT INTO products (public_id, name, unit_price, provider, created_at) VALUES
    ('prd_legacymuxi', 'Muxi - Model Resource Package', 5000, 'Muxi', now()),
    ('prd_legacymaxx', 'MaxXIntel - GPU hours', 800, 'MaxXIntel', now()),
    ('prd_legacyany', 'Serverless API - token package', 1000, NULL, now());
  INSERT INTO voucher_batches (public_id, name, kind, face_value, providers, valid_days, quantity, created_at) VALUES
    ('bat_legacylower', 'Typed lower case', 'compute', 1000, ARRAY['muxi'], 30, 1, now()),
    ('bat_legacymixed', 'Mixed and repeated', 'compute', 1000, ARRAY['MAXXINTEL', 'Muxi', 'muxi'], 30, 1, now()),
    ('bat_legacyspaced', 'Spaced', 'compute', 1000, ARRAY['  Big   Compute '], 30, 1, now());
  INSERT INTO voucher_batches (public_id, name, kind, amount_off, valid_days, quantity, created_at) VALUES
    ('bat_legacydiscount', 'Discount', 'discount', 100, 30, 1, now());
  INSERT INTO vouchers (public_id, account_id, kind, face_value, balance, providers, effective_at, expires_at, created_at)
    SELECT 'vch_legacylower', id, 'compute'::voucher_kind, 1000, 1000, ARRAY['muxi'], now(), now() + interval '30 days', now() FROM billing_accounts
    UNION ALL SELECT 'vch_legacybig', id, 'compute', 500, 500, ARRAY['big compute'], now(), now() + interval '30 days', now() FROM billing_accounts
    UNION ALL SELECT 'vch_legacycash', id, 'cash', 500, 500, NULL, now(), now() + interval '30 days', now() FROM billing_accounts;
  INSERT INTO orders (public_id, account_id, amount, created_at, expires_at) SELECT 'ord_legacy', id, 5000, now(), now() + interval '30 minutes' FROM billing_accounts;
  INSERT INTO order_items (order_id, product_id, product_name, provider, unit_price, quantity, amount)
    SELECT o.id, p.id, p.name, 'MUXI', 5000, 1, 5000 FROM orders o, products p WHERE p.public_id = 'prd_legacymuxi';
`;

describe(`the ${MIGRATION} migration`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), "billing-mig-"));
    ({ database, drop } = await emptyDatabase());
    await migrateTo(database, foldersBefore(folder));
    for (const statement of LEGACY.split(";").map((s) => s.trim()).filter(Boolean)) await database.db.execute(sql.raw(statement));
    await migrateDatabase(database);
  });

  afterAll(async () => {
    await drop?.();
    rmSync(folder, { recursive: true, force: true });
  });

  const idsOf = async () => {
    const list = await rows<{ id: string | number; name: string; public_id: string }>(database, `SELECT id, name, public_id FROM providers ORDER BY name`);
    return new Map(list.map((p) => [p.name, Number(p.id)]));
  };
  const providerIds = async (table: string, publicId: string) => {
    const [row] = await rows<{ ids: Array<string | number> | null }>(database, `SELECT provider_ids AS ids FROM ${table} WHERE public_id = '${publicId}'`);
    return row?.ids === null || row?.ids === undefined ? null : row.ids.map(Number);
  };

  it("makes one provider per name ignoring case and spacing, in the spelling the products use", async () => {
    const list = await rows<{ name: string; public_id: string }>(database, `SELECT name, public_id FROM providers ORDER BY name COLLATE "C"`);
    // "muxi" is typed more often than "Muxi", but the product says "Muxi"; "Big Compute" is no product's: the first spelling in byte order.
    expect(list.map((p) => p.name)).toEqual(["Big Compute", "MaxXIntel", "Muxi"]);
    for (const p of list) expect(p.public_id).toMatch(/^prv_[0-9a-f]{20}$/);
    expect(new Set(list.map((p) => p.public_id)).size).toBe(3);
  });

  it("points every product and order item at its provider by id", async () => {
    const ids = await idsOf();
    const products = await rows<{ public_id: string; provider_id: string | number | null }>(database, `SELECT public_id, provider_id FROM products ORDER BY public_id`);
    expect(Object.fromEntries(products.map((p) => [p.public_id, p.provider_id === null ? null : Number(p.provider_id)]))).toEqual({
      prd_legacyany: null,
      prd_legacymaxx: ids.get("MaxXIntel"),
      prd_legacymuxi: ids.get("Muxi"),
    });
    const [item] = await rows<{ provider_id: string | number }>(database, `SELECT provider_id FROM order_items`);
    expect(Number(item?.provider_id)).toBe(ids.get("Muxi"));
  });

  it("maps every batch's and voucher's providers to ids, each provider once, ascending", async () => {
    const ids = await idsOf();
    const muxi = ids.get("Muxi")!;
    const maxx = ids.get("MaxXIntel")!;
    const big = ids.get("Big Compute")!;
    expect(await providerIds("voucher_batches", "bat_legacylower")).toEqual([muxi]);
    expect(await providerIds("voucher_batches", "bat_legacymixed")).toEqual([maxx, muxi].sort((a, b) => a - b));
    expect(await providerIds("voucher_batches", "bat_legacyspaced")).toEqual([big]);
    expect(await providerIds("voucher_batches", "bat_legacydiscount")).toBeNull();
    // The voucher typed "muxi" now holds the id of the Muxi product's provider: it can pay it.
    expect(await providerIds("vouchers", "vch_legacylower")).toEqual([muxi]);
    expect(await providerIds("vouchers", "vch_legacybig")).toEqual([big]);
    expect(await providerIds("vouchers", "vch_legacycash")).toBeNull();
  });

  it("drops the text columns and leaves the guards in place", async () => {
    const columns = await rows<{ table_name: string; column_name: string }>(
      database,
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('provider', 'providers') AND table_name IN ('products', 'order_items', 'voucher_batches', 'vouchers')`,
    );
    expect(columns).toEqual([]);
    const temp = await rows<{ n: number }>(database, `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'provider_spellings'`);
    expect(Number(temp[0]?.n)).toBe(0);
    await expect(database.db.execute(sql.raw(`INSERT INTO providers (public_id, name) VALUES ('prv_again', 'MUXI')`))).rejects.toThrow();
    await expect(database.db.execute(sql.raw(`UPDATE vouchers SET provider_ids = ARRAY[987654321]::bigint[] WHERE public_id = 'vch_legacylower'`))).rejects.toThrow();
  });
});
