import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const resolve = {
  alias: {
    "@": root,
    // `server-only` throws outside React Server Components; tests call the DAL directly.
    "server-only": path.resolve(root, "test/server-only-stub.ts"),
  },
};

/**
 * The integration files that run on PostgreSQL as well (docs/reliability.md, "CI time").
 * Every integration file runs on PGlite (integration:pglite includes test/**), the dev
 * driver, which CI runs under faketime a year ahead: the calendar proof. PostgreSQL is
 * production's driver and the only one with real concurrency (PGlite has one connection,
 * so every race there is serialized), so it runs what the driver changes: races of
 * concurrent writers (Promise.all bursts, locks, idempotency keys), the job runner
 * (pg-boss, dispatch, deliveries, kill -9), the reliability suites, and the real
 * server's own behaviour (constraints and SQLSTATEs through postgres.js, migrations,
 * query plans, open transactions). A rule that is neither runs once, on PGlite: the
 * same SQL engine. An entry ending in "/" is every test file under that folder.
 * TEST_POSTGRES=all runs every file on PostgreSQL too (as before the split).
 * `checkPostgresFiles` below fails the run when an entry names no file, or when a file
 * that reads the driver, starts the job runner or fires a burst of concurrent calls is
 * missing here.
 */
export const POSTGRES_FILES = [
  "test/reliability/",
  // The job runner: pg-boss on the project's connections, several runners, a SIGKILLed worker.
  "test/jobs.test.ts",
  "test/jobs-kill.test.ts",
  "test/dispatch.test.ts",
  "test/webhook-delivery.test.ts",
  "test/event-delivery-flow.test.ts",
  // Resend and Enable queue pg-boss jobs inside the action's transaction.
  "test/admin-webhooks.test.ts",
  // Races of concurrent writers: exactly one wins, nothing is counted twice.
  "test/api.test.ts",
  "test/api-money.test.ts",
  "test/api-keys.test.ts",
  "test/catalog-request-key.test.ts",
  "test/orders.test.ts",
  "test/pay-one-trip.test.ts",
  "test/usage-hourly.test.ts",
  // Raw SQL over the rollup and the records (balance points, the statement's groups).
  "test/insights.test.ts",
  // The deferred version triggers as the server runs them, beside concurrent writers.
  "test/insights-cache.test.ts",
  "test/statements.test.ts",
  "test/redeem.test.ts",
  "test/refunds.test.ts",
  "test/low-balance.test.ts",
  "test/notification-email.test.ts",
  "test/scheduler.test.ts",
  "test/prune.test.ts",
  "test/sign-in-limit.test.ts",
  // The real server: an open transaction's event, constraints and their SQLSTATEs as
  // postgres.js reports them, a migration over existing rows, query plans.
  "test/api-events.test.ts",
  "test/constraints.test.ts",
  "test/providers-migration.test.ts",
  "test/explain.test.ts",
];

/** Integration test files, relative to the root with "/" separators. */
function integrationFiles(): string[] {
  return readdirSync(path.join(root, "test"), { recursive: true, encoding: "utf8" })
    .map((file) => `test/${file.split(path.sep).join("/")}`)
    .filter((file) => file.endsWith(".test.ts") && !file.startsWith("test/unit/"))
    .sort();
}

const onPostgresList = (file: string) => POSTGRES_FILES.some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry));

/** What makes a file the driver's business: it must be on the list above. */
const DRIVER_SENSITIVE: [RegExp, string][] = [
  [/usingPostgres\(|inject\("dbDriver"\)|inject\("pgTemplate"\)/, "reads the driver"],
  [/startBoss\(|startJobRunner\(/, "starts pg-boss"],
  [/Promise\.all(?:Settled)?\(\s*Array\.from\(/, "fires a burst of concurrent calls"],
];

function checkPostgresFiles(): void {
  const files = integrationFiles();
  const problems: string[] = [];
  for (const entry of POSTGRES_FILES) {
    if (!files.some((file) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry))) problems.push(`${entry} names no integration test file`);
  }
  for (const file of files.filter((f) => !onPostgresList(f))) {
    const text = readFileSync(path.join(root, file), "utf8");
    for (const [pattern, why] of DRIVER_SENSITIVE) if (pattern.test(text)) problems.push(`${file} ${why} but is not in POSTGRES_FILES`);
  }
  if (problems.length > 0) throw new Error(`vitest.config.ts POSTGRES_FILES:\n  ${problems.join("\n  ")}`);
}
checkPostgresFiles();

const postgresInclude = process.env.TEST_POSTGRES === "all" ? ["test/**/*.test.ts"] : POSTGRES_FILES.map((entry) => (entry.endsWith("/") ? `${entry}**/*.test.ts` : entry));

/**
 * unit: the pure domain in lib/. integration: the DAL and the schema against a
 * real database: every file on embedded PGlite, and POSTGRES_FILES on PostgreSQL
 * too when TEST_DATABASE_URL is set (CI sets it).
 */
const integration = (driver: "pglite" | "postgres") => ({
  resolve,
  test: {
    name: `integration:${driver}`,
    include: driver === "postgres" ? postgresInclude : ["test/**/*.test.ts"],
    // Pure checks without a database (the dependency floor) run once, in the unit project.
    exclude: ["test/unit/**", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    provide: { dbDriver: driver },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve,
  test: {
    pool: "forks",
    projects: [
      { resolve, test: { name: "unit", include: ["lib/**/*.test.ts", "test/unit/**/*.test.ts"] } },
      integration("pglite"),
      ...(process.env.TEST_DATABASE_URL ? [integration("postgres")] : []),
    ],
  },
});
