/**
 * P1: payment and redemption through the DAL at the database's speed.
 *
 * Reference: `pgbench -b tpcb-like -c 8 -j 2` on the same server in the same
 * run, measured before and after the DAL phases (their mean is the reference,
 * so drift on a shared machine shows and averages out). Then, through the very
 * DAL functions the server actions call (`placeAndPayOrder`, `redeemCode`),
 * 8 concurrent workers over one postgres.js pool of 8:
 * - pay, spread over the ordinary accounts (each payment a new order paid by vouchers);
 * - pay, all 8 workers on one account (every payment locks that account's row);
 * - redeem fresh codes, spread over the accounts.
 * Ends with test/invariants.ts on the benchmark database.
 *
 * Run with `tsx --conditions=react-server` (the DAL imports `server-only`).
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { BENCH_DB, BENCH_DB_URL, PGBENCH_DB, adminSql, applyBenchEnv, assertLocalServer } from "./lib/env";
import { backendCpuWindow } from "./lib/cpu";
import { dropPgbench, initPgbench, runPgbench } from "./lib/pgbench";
import { goalRow, ratioRow, reportRow, writeRows, type Row } from "./lib/report";
import { fmt, timedLoops, type LoopResult } from "./lib/stats";
import { addBenchCodes } from "./lib/codes";
import { FULL_SIZE, SHAPE } from "./shape";

applyBenchEnv();
assertLocalServer();

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WORKERS = 8;

const { openDatabase, setDatabase } = await import("../db/index");
const { placeAndPayOrder } = await import("../lib/dal/orders/pay");
const { redeemCode } = await import("../lib/dal/redeem");
const { findInvariantViolations } = await import("../test/invariants");
type Viewer = import("../lib/dal/viewer").Viewer;

const accounts = Number(process.env.BENCH_ACCOUNTS ?? FULL_SIZE.accounts);
/** Ordinary account n (1-based) as its signed-in user would be seen by the DAL. */
const viewerOf = (n: number): Viewer => ({
  userId: `bench-user-${n + 1}`,
  email: SHAPE.userEmail(n),
  name: `User ${n + 1}`,
  role: "customer",
  accountId: n + 1,
});

interface Phase extends LoopResult {
  /** CPU milliseconds per operation: the database backends', and this client process's. */
  dbCpuMs: number;
  clientCpuMs: number;
}

const admin = adminSql();

/**
 * Runs a phase and measures, inside its timed window, the CPU that the
 * database's backends and this (client) process spent per operation.
 */
async function measured(name: string, run: (window: { start(): void; end(): void }) => Promise<LoopResult>): Promise<Phase> {
  const db = backendCpuWindow(admin, BENCH_DB);
  let client0 = process.cpuUsage();
  let clientUsed = 0;
  const r = await run({
    start() {
      db.start();
      client0 = process.cpuUsage();
    },
    end() {
      db.end();
      const u = process.cpuUsage(client0);
      clientUsed = (u.user + u.system) / 1000;
    },
  });
  const phase = { ...r, dbCpuMs: (await db.ms()) / r.count, clientCpuMs: clientUsed / r.count };
  console.log(
    `  ${name}: ${fmt(r.rate)} /s (${r.ok} ok, ${r.failed} refused, ${r.errors} errors in ${r.seconds.toFixed(1)} s), p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms; ` +
      `CPU per operation: database ${phase.dbCpuMs.toFixed(2)} ms, client ${phase.clientCpuMs.toFixed(2)} ms` +
      (r.firstError ? `\n    first error: ${r.firstError}` : ""),
  );
  return phase;
}

/** pgbench with the CPU its backends spent per transaction. */
async function pgbench(label: string) {
  const db = backendCpuWindow(admin, PGBENCH_DB);
  const r = await runPgbench(pgArgs, SECONDS, db);
  const dbCpuMs = (await db.ms()) / (r.tps * r.windowSeconds);
  console.log(`  pgbench tpcb-like -c 8 (${label}): ${fmt(r.tps)} tps, latency ${r.latencyMs} ms; database CPU per transaction ${dbCpuMs.toFixed(2)} ms`);
  return { ...r, dbCpuMs };
}

console.log(`P1: DAL payment and redemption against pgbench (${WORKERS} workers, ${SECONDS} s per phase)`);
await initPgbench(8);
const pgArgs = ["-n", "-b", "tpcb-like", "-c", String(WORKERS), "-j", "2"];
const before = await pgbench("before");

const database = await openDatabase({ url: BENCH_DB_URL });
// openDatabase sizes the pool from DATABASE_POOL_MAX; one connection per worker.
setDatabase(database);
const raw = postgres(BENCH_DB_URL, { max: 1, onnotice: () => {} });

const pay = (viewer: Viewer) =>
  placeAndPayOrder(viewer, { productPublicId: SHAPE.products.serverless, quantity: 1, plan: { automatic: {} }, requestKey: randomUUID() }, new Date()).then(
    (outcome) => outcome.ok,
  );

let next = 0;
const spread = await measured("pay, spread over accounts", (window) =>
  timedLoops(WORKERS, () => pay(viewerOf(1 + (next++ % accounts))), { durationMs: SECONDS * 1000, window }),
);
const hot = await measured("pay, one hot account", (window) => timedLoops(WORKERS, () => pay(viewerOf(1)), { durationMs: SECONDS * 1000, window }));

// Enough fresh codes for the phase; each worker has its own client IP, as many customers would.
const codes = await addBenchCodes(raw, Number(process.env.BENCH_CODES ?? 40_000), process.env.VOUCHER_CODE_SECRET!);
let nextCode = 0;
const redeem = await measured("redeem, spread over accounts", (window) =>
  timedLoops(
    WORKERS,
    async (worker) => {
      const code = codes[nextCode++];
      if (!code) throw new Error("out of benchmark codes");
      const result = await redeemCode(viewerOf(1 + (nextCode % accounts)), { code, kind: "cash" }, { ip: `10.0.0.${worker + 1}`, now: new Date() });
      return result.ok;
    },
    { durationMs: SECONDS * 1000, maxOps: codes.length, window },
  ),
);

const after = await pgbench("after");
await dropPgbench();

const violations = await findInvariantViolations(database.db);
const violationCount = Object.values(violations).reduce((n, rows) => n + (rows?.length ?? 0), 0);
console.log(`  invariants after P1: ${violationCount} violations${violationCount ? ` ${JSON.stringify(Object.keys(violations))}` : ""}`);
await raw.end();
await admin.end();
await database.close();

const tps = (before.tps + after.tps) / 2;
const pgCpu = (before.dbCpuMs + after.dbCpuMs) / 2;
const cpuNote = (p: Phase) => `p99 ${fmt(p.p99, 1)} ms; CPU/op: db ${p.dbCpuMs.toFixed(2)} ms (pgbench ${pgCpu.toFixed(2)}), client ${p.clientCpuMs.toFixed(2)} ms`;
const reference = { label: "pgbench tpcb-like -c 8 (mean of before/after)", value: tps, unit: "tps" };
const rows: Row[] = [
  ratioRow(
    { id: "P1", figure: "pay (placeAndPayOrder), 8 workers, spread over accounts", value: spread.rate, unit: "pay/s", note: cpuNote(spread) },
    reference,
    0.6,
  ),
  reportRow({ id: "P1", figure: "pay, 8 workers on one hot account", value: hot.rate, unit: "pay/s", note: cpuNote(hot), reference }),
  reportRow({ id: "P1", figure: "redeem (redeemCode), 8 workers, spread over accounts", value: redeem.rate, unit: "redeem/s", note: cpuNote(redeem), reference }),
  goalRow({ id: "P1", figure: "invariant violations after P1", value: violationCount, unit: "", note: violationCount ? Object.keys(violations).join(", ") : undefined }, { op: "==", value: 0, of: "value" }),
];
const bad = [spread, hot, redeem].filter((r) => r.errors > 0);
writeRows("p1", rows, {
  pgbench: { before: before.tps, after: after.tps, dbCpuMsPerTx: pgCpu },
  spread,
  hot,
  redeem,
  violations: Object.keys(violations),
});
if (bad.length > 0) {
  console.error("P1: some operations threw (see the first errors above)");
  process.exitCode = 1;
}
