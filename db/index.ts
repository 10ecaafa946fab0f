/**
 * The one place that picks the database driver (SPEC 10): PostgreSQL through
 * postgres.js when DATABASE_URL is set, embedded PGlite in a local folder
 * otherwise. Both give the same Drizzle type, so every query runs on either.
 *
 * The connection opens lazily on first use, so `next build` and CLIs that only
 * import this module never open the embedded database.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  driver: "postgres" | "pglite";
  /**
   * Raw SQL on the driver's own client, outside Drizzle (the job runner's
   * pg-boss adapter, lib/jobs): with `values`, one parameterised statement;
   * without, any number of statements. Absent on a handle built by hand.
   */
  executeSql?(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** The embedded database folder; `.data/pglite` unless PGLITE_DIR says otherwise. */
export function pgliteDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PGLITE_DIR ?? path.join(".data", "pglite"));
}

/** Opens a database from the environment (or the given URL / folder). */
export async function openDatabase(options: { url?: string; dir?: string; loadDataDir?: Blob } = {}): Promise<Database> {
  const url = options.url ?? (options.dir ? undefined : process.env.DATABASE_URL);
  if (url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(url, {
      max: Number(process.env.DATABASE_POOL_MAX ?? 10),
      // Behind PgBouncer in transaction pooling mode (DATABASE_PGBOUNCER=1), no named
      // prepared statements: PgBouncer 1.18 hands the next transaction to another server
      // connection, where they do not exist (docs/performance.md, P5 through PgBouncer).
      prepare: process.env.DATABASE_PGBOUNCER !== "1",
      onnotice: () => {},
    });
    const executeSql = async (text: string, values?: unknown[]) => {
      if (values && values.length > 0) return { rows: [...(await client.unsafe(text, values as never[]))] as Record<string, unknown>[] };
      // Statements without parameters may hold their own BEGIN/COMMIT: one connection for all of them.
      const reserved = await client.reserve();
      try {
        return { rows: [...(await reserved.unsafe(text))] as Record<string, unknown>[] };
      } finally {
        reserved.release();
      }
    };
    return { db: drizzle(client, { schema }) as unknown as Db, driver: "postgres", executeSql, close: () => client.end() };
  }
  const dir = options.dir ?? pgliteDir();
  // PGlite does not create parent folders; "memory://" needs none.
  if (!dir.startsWith("memory://")) mkdirSync(path.dirname(dir), { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create(dir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  const executeSql = async (text: string, values?: unknown[]) => {
    if (values && values.length > 0) return { rows: (await client.query<Record<string, unknown>>(text, values)).rows };
    const results = await client.exec(text);
    return { rows: results.at(-1)?.rows ?? [] };
  };
  return { db: drizzle(client, { schema }) as unknown as Db, driver: "pglite", executeSql, close: () => client.close() };
}

/** Applies the committed drizzle-kit migrations. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

// One instance per process, kept on globalThis so dev hot reload does not open a
// second PGlite on the same folder (two writers corrupt it).
const holder = globalThis as unknown as { __billingDb?: Promise<Database> };

/** The process-wide database, opened on first call. */
export function getDatabase(): Promise<Database> {
  holder.__billingDb ??= openDatabase();
  return holder.__billingDb;
}

/** Makes `database` the process-wide one (tests and scripts that open their own). */
export function setDatabase(database: Database): void {
  holder.__billingDb = Promise.resolve(database);
}

/** The process-wide Drizzle handle. */
export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
