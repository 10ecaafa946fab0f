/**
 * Gives the e2e server a fresh database with the demo data. Refuses anything but
 * a local PostgreSQL database whose name says it is for tests, since it wipes it.
 */
import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database } from "../db/index";
import { seedDemoData, writeDemoCodes } from "../db/seed";
import { API_FLOW_CUSTOMER, API_FLOW_EXTERNAL_REF, ADMIN_FLOW_CUSTOMER, ATTEMPTS, attemptCustomers, I18N_FLOW_CUSTOMER, NOTIFICATIONS_CUSTOMER, ORDERS_CUSTOMER } from "./fixtures";
import { seedNotifications } from "./notifications-seed";
import { seedAdminInsights } from "./admin-insights-seed";

async function open(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = process.env.PGLITE_DIR;
    if (!dir) throw new Error("PGLITE_DIR or DATABASE_URL must be set");
    rmSync(dir, { recursive: true, force: true });
    return openDatabase({ dir });
  }
  const parsed = new URL(url);
  const local = ["localhost", "127.0.0.1", "::1", "[::1]"].includes(parsed.hostname);
  if (!local || !/(test|e2e)/.test(parsed.pathname)) {
    throw new Error(`Refusing to wipe ${parsed.hostname}${parsed.pathname}: e2e needs a local database named *test* or *e2e*.`);
  }
  const database = await openDatabase({ url });
  await database.db.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`);
  await database.db.execute(sql`DROP SCHEMA public CASCADE`);
  await database.db.execute(sql`CREATE SCHEMA public`);
  return database;
}

const database = await open();
try {
  await migrateDatabase(database);
  // Enough codes that every redeem test (and its retry) has fresh ones.
  const now = new Date();
  // The serial groups that spend one customer's money get one per attempt (fixtures.ts ATTEMPTS).
  const { codes } = await seedDemoData(database.db, now, 24, [
    ...attemptCustomers(ORDERS_CUSTOMER),
    ADMIN_FLOW_CUSTOMER,
    ...attemptCustomers(I18N_FLOW_CUSTOMER),
    API_FLOW_CUSTOMER,
    ...attemptCustomers(NOTIFICATIONS_CUSTOMER),
  ]);
  for (const email of attemptCustomers(NOTIFICATIONS_CUSTOMER)) await seedNotifications(database.db, email, now);
  const { seedAlternatives } = await import("./alternatives-seed");
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) await seedAlternatives(database.db, now, attempt);
  await seedAdminInsights(database.db, now);
  // The platform's reference for the API flows' account (alice and bob have theirs from the seed).
  await database.db.execute(
    sql`UPDATE billing_accounts SET external_ref = ${API_FLOW_EXTERNAL_REF} WHERE id = (SELECT billing_account_id FROM users WHERE email = ${API_FLOW_CUSTOMER})`,
  );
  writeDemoCodes(codes, ".data/e2e/demo-codes.txt");
  console.log(`e2e database ready (${database.driver})`);
} finally {
  await database.close();
}
