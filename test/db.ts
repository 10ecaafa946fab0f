/**
 * Each test file works on its own fresh, migrated database: a copy of the
 * template on PostgreSQL (TEST_DATABASE_URL) or a PGlite loaded from the dump.
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, setDatabase, type Database, type Db } from "@/db";
import { providers, users } from "@/db/schema";
import type { Viewer } from "@/lib/dal/viewer";
import { adminUrl, databaseUrl } from "./pg-url";

export const usingPostgres = () => inject("dbDriver") === "postgres";

export async function openTestDatabase(): Promise<Database> {
  const template = inject("pgTemplate");
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (template && serverUrl) {
    const name = `billing_t_${randomBytes(6).toString("hex")}`;
    const { default: postgres } = await import("postgres");
    const admin = postgres(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const database = await openDatabase({ url: databaseUrl(serverUrl, name) });
    return {
      ...database,
      async close() {
        await database.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dump = inject("pgliteDump");
  if (!dump) throw new Error("test/global-setup.ts did not run");
  return openDatabase({ dir: "memory://", loadDataDir: new Blob([readFileSync(dump)]) });
}

/**
 * Registers a fresh database for the current file as the process-wide one, and
 * returns a getter for it (available once beforeAll ran).
 */
export function setupTestDatabase(): () => Database {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await openTestDatabase();
    setDatabase(database);
  });
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error("the test database is opened in beforeAll");
    return database;
  };
}

/** The Viewer of a user, as the session code would build it. */
export async function viewerOf(db: Db, email: string): Promise<Viewer> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  return { userId: u.id, email: u.email, name: u.name, role: u.role, accountId: u.billingAccountId };
}

/** The ids (providers.id) of the named catalogue providers, in the order named; a missing name throws. */
export async function providerIdsOf(db: Db, ...names: string[]): Promise<number[]> {
  const rows = await db.select({ id: providers.id, name: providers.name }).from(providers).where(inArray(providers.name, names));
  return names.map((name) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`no provider ${name}`);
    return row.id;
  });
}
