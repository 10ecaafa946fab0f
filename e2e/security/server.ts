/**
 * The web server of the security suites (playwright.config.ts, project
 * "security"): a fresh database of its own (a throwaway PostgreSQL database
 * when one is reachable, else PGlite), the demo data, then `next start`, with
 * its stdout and stderr also written to a log file that the secrets suite
 * searches for plain codes. On SIGTERM it stops the server and drops the database.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database, type Db } from "../../db/index";
import { apiKeys, users } from "../../db/schema";
import { DEMO_USERS, seedDemoData, writeDemoCodes } from "../../db/seed";
import { API_SCOPES } from "../../lib/api/spec";
import { apiSecretHash, last4, newApiKeyPublicId } from "../../lib/api/keys";
import { authSecret } from "../../lib/config";
import { databaseName, dropDatabase, findPostgresServer, recreateDatabase } from "./support/pg";
import { API_SECRET, EXTRA_CUSTOMERS, SECURITY_DIR, TARGET_FILE, type Target } from "./support/target";

const port = Number(process.env.PORT);
if (!Number.isInteger(port)) throw new Error("PORT must be set");

rmSync(SECURITY_DIR, { recursive: true, force: true });
mkdirSync(SECURITY_DIR, { recursive: true });

const pgServer = await findPostgresServer();
let databaseUrl: string | null = null;
let database: Database;
if (pgServer) {
  const base = process.env.E2E_DATABASE_URL ? databaseName(process.env.E2E_DATABASE_URL) : `billing_sec_e2e`;
  databaseUrl = await recreateDatabase(pgServer, `${base}_${port}_sec`);
  database = await openDatabase({ url: databaseUrl });
} else {
  console.log("security suites: no PostgreSQL reachable; the server runs on PGlite and the database checks will skip");
  database = await openDatabase({ dir: path.join(SECURITY_DIR, "pglite") });
}
/**
 * Stores API_SECRET's key as the admin page would: its keyed hash under this
 * process's BETTER_AUTH_SECRET, which is the one `next start` gets (the same
 * environment), and its last 4 characters; made by the demo admin at `now`.
 */
async function storeApiKey(db: Db, now: Date): Promise<void> {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_USERS.admin));
  await db.insert(apiKeys).values({
    publicId: newApiKeyPublicId(),
    name: "Security suites",
    scopes: [...API_SCOPES],
    secretHash: await apiSecretHash(API_SECRET, authSecret()),
    last4: last4(API_SECRET),
    createdBy: admin!.id,
    createdAt: now,
  });
}

const codesFile = path.join(SECURITY_DIR, "demo-codes.txt");
try {
  await migrateDatabase(database);
  const now = new Date();
  const { codes } = await seedDemoData(database.db, now, 8, EXTRA_CUSTOMERS);
  await storeApiKey(database.db, now);
  writeDemoCodes(codes, codesFile);
} finally {
  await database.close();
}

const logFile = path.join(SECURITY_DIR, "server.log");
const target: Target = { baseURL: `http://localhost:${port}`, databaseUrl, logFile, codesFile };
writeFileSync(TARGET_FILE, JSON.stringify(target, null, 2));

const log = createWriteStream(logFile);
const env = { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: path.join(SECURITY_DIR, "pglite") }) };
const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
  env,
  stdio: ["ignore", "pipe", "pipe"],
});
server.stdout.on("data", (chunk: Buffer) => {
  log.write(chunk);
  process.stdout.write(chunk);
});
server.stderr.on("data", (chunk: Buffer) => {
  log.write(chunk);
  process.stderr.write(chunk);
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
  log.end();
  if (pgServer && databaseUrl) await dropDatabase(pgServer, databaseName(databaseUrl)).catch((err) => console.error("could not drop the security database:", err));
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
server.on("exit", (code) => void stop(code ?? 1));
