/**
 * Where the benchmarks run: a local PostgreSQL server (BENCH_PG_URL, by default
 * the one of .ci/run) on which they create and drop their own databases, and
 * the secrets and limits every benchmark process and app server shares.
 */
import postgres from "postgres";

export const PG_SERVER_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const BENCH_DB = process.env.BENCH_DB ?? "billing_bench";
/** pgbench's own database: another name (BENCH_PGBENCH_DB) lets two runs share the server without clashing. */
export const PGBENCH_DB = process.env.BENCH_PGBENCH_DB ?? "pgbench_ref";
/**
 * The first of the eight ports the app servers of bench/http.ts listen on
 * (BENCH_PORT_BASE … BENCH_PORT_BASE + 7), so that two runs can share the machine.
 */
export const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3310);
for (const [name, db] of [["BENCH_DB", BENCH_DB], ["BENCH_PGBENCH_DB", PGBENCH_DB]] as const) {
  // Both are spliced into CREATE / DROP DATABASE.
  if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`${name} must be a plain lower-case identifier, got ${JSON.stringify(db)}`);
}
if (!Number.isInteger(PORT_BASE) || PORT_BASE < 1024 || PORT_BASE > 65_528) throw new Error(`BENCH_PORT_BASE must be a port of 1024-65528, got ${process.env.BENCH_PORT_BASE}`);

/** The same server, another database. */
export function dbUrl(name: string): string {
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const BENCH_DB_URL = dbUrl(BENCH_DB);

/** Refuses anything but a local server: the benchmarks drop and create databases on it. */
export function assertLocalServer(): void {
  const host = new URL(PG_SERVER_URL).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`BENCH_PG_URL must point to a local PostgreSQL (got ${host}): the benchmarks drop and create databases.`);
  }
}

/** A connection to the maintenance database, for CREATE and DROP DATABASE. */
export function adminSql() {
  return postgres(dbUrl("postgres"), { max: 1, onnotice: () => {} });
}

/** Environment shared by the DAL benchmark process and the app servers. */
export const BENCH_ENV: Record<string, string> = {
  VOUCHER_CODE_SECRET: "bench-voucher-code-secret-0123456789abcdef",
  BETTER_AUTH_SECRET: "bench-better-auth-secret-0123456789abcdef",
  // Benchmarks sign in and redeem far more often than the production limits allow.
  AUTH_RATE_LIMIT: "off",
  REDEEM_LIMIT_PER_ACCOUNT: "100000000",
  REDEEM_LIMIT_PER_IP: "100000000",
  // The API key of P2's pay over /api/v1 makes far more requests than the production limit per key.
  API_RATE_LIMIT_PER_MINUTE: "100000000",
  // Serves the reference page and action (/billing/bench-ping, pingAction), off on every other server.
  BENCH_REFERENCE: "on",
  NEXT_TELEMETRY_DISABLED: "1",
  // No expiry scan of the large data set while load phases run.
  EVENTS_SCHEDULE_INTERVAL_MINUTES: "0",
  // Nor the job runner: the figures are the request paths' (the outbox rows they write
  // included); dispatch and delivery are background work measured on their own (issue 18).
  JOBS_IN_PROCESS: "0",
};

/** Applies BENCH_ENV to this process (before any module reads its config). */
export function applyBenchEnv(): void {
  for (const [k, v] of Object.entries(BENCH_ENV)) process.env[k] ??= v;
}
