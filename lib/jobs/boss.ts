/**
 * pg-boss over this project's own database handle (docs/events.md, Delivery):
 * no second connection pool, and on PGlite the one embedded connection. The
 * adapter runs pg-boss's SQL on the driver's client (`Database.executeSql`);
 * `txAdapter` runs it inside a Drizzle transaction, so a job is sent in the
 * same commit as the rows it points at (or not at all).
 */
import PgBoss from "pg-boss";
import { sql, type SQL } from "drizzle-orm";
import { getDatabase, type Database, type Db } from "@/db";
import { rowsOf } from "@/lib/dal/tx";
import { QUEUES } from "./queues";

/** Where pg-boss keeps its tables. */
export const BOSS_SCHEMA = "pgboss";

export interface BossTimings {
  /** How often idle workers look for jobs (pg-boss's floor is 0.5 s). */
  pollingIntervalSeconds: number;
  /** How often expired jobs are failed into a retry and old ones archived (at least 1 s). */
  maintenanceIntervalSeconds: number;
}

export const DEFAULT_TIMINGS: BossTimings = { pollingIntervalSeconds: 2, maintenanceIntervalSeconds: 30 };

/** pg-boss's `db` option over a database opened by db/index.ts. */
export function databaseAdapter(database: Database): PgBoss.Db {
  const execute = database.executeSql;
  if (!execute) throw new Error("this database handle has no raw executeSql; open it with openDatabase()");
  return { executeSql: (text, values) => execute(text, values && values.length > 0 ? values.map(nullish) : undefined) };
}

/** pg-boss's `db` option inside a Drizzle transaction: its statements join the transaction. */
export function txAdapter(tx: Db): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: rowsOf(await tx.execute(withParams(text, values ?? []))) }) };
}

/**
 * A value as node-postgres (pg-boss's own driver) would send it: objects as
 * JSON text (Drizzle's postgres.js client has no JSON serializer), dates as
 * ISO text, undefined as null.
 */
function nullish(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === "object" && !Array.isArray(v)) return JSON.stringify(v);
  return v;
}

/** pg-boss's `$n` text as a Drizzle SQL whose parameters are bound, not spliced. */
function withParams(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(part));
    else chunks.push(sql`${nullish(values[Number(part) - 1])}`);
  });
  return sql.join(chunks);
}

/** The queues and their policies: created (idempotently) by every boss before use. */
export async function ensureQueues(boss: PgBoss, deliverExpireSeconds: number): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  const wanted: PgBoss.Queue[] = [
    // One waiting dispatch is enough: it reads the whole settled outbox.
    { name: QUEUES.dispatch, policy: "short", retryLimit: 3, retryDelay: 5, expireInSeconds: 120 },
    // One waiting job per delivery (singleton key): a Resend never doubles the chain of tries.
    // A runner that dies mid-attempt: the job expires, maintenance fails it into a retry, another runner takes it.
    { name: QUEUES.deliver, policy: "short", retryLimit: 20, retryDelay: 1, expireInSeconds: deliverExpireSeconds },
    { name: QUEUES.email, policy: "standard", retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
    { name: QUEUES.schedule, policy: "short", retryLimit: 0, expireInSeconds: 300 },
  ];
  for (const queue of wanted) {
    const { name } = queue;
    if (!existing.has(name)) {
      try {
        await boss.createQueue(name, queue);
      } catch (err) {
        // Another runner created it meanwhile.
        if (!(await boss.getQueue(name))) throw err;
      }
    } else {
      await boss.updateQueue(name, queue);
    }
  }
}

export interface BossOptions extends Partial<BossTimings> {
  database: Database;
  /** Runs maintenance (expiry, archiving) and the cron; a send-only boss needs neither. */
  supervise: boolean;
  schedule: boolean;
  deliverExpireSeconds: number;
}

/** A started pg-boss on `database`, its schema installed or upgraded and its queues present. */
export async function startBoss(options: BossOptions): Promise<PgBoss> {
  const timings = { ...DEFAULT_TIMINGS, ...options };
  const boss = new PgBoss({
    db: databaseAdapter(options.database),
    schema: BOSS_SCHEMA,
    migrate: true,
    supervise: options.supervise,
    schedule: options.schedule,
    maintenanceIntervalSeconds: timings.maintenanceIntervalSeconds,
    // Archive completed jobs after a day and drop archived ones after a week.
    archiveCompletedAfterSeconds: 86_400,
    deleteAfterDays: 7,
  });
  boss.on("error", (err) => console.error("job runner:", err instanceof Error ? `${err.name}: ${err.message}` : "unknown error"));
  await boss.start();
  await ensureQueues(boss, options.deliverExpireSeconds);
  return boss;
}

// The process's sender for code outside a runner (the admin's Resend): a runner's boss when one
// runs here, else one never started, that only writes jobs (pg-boss's send needs no start). It does
// no I/O of its own before the send, so it is safe inside a transaction, where PGlite's one connection
// is taken.
const holder = globalThis as unknown as { __billingBoss?: PgBoss; __billingBossIdle?: PgBoss };

/** Makes a runner's `boss` the one `getJobSender` returns. */
export function setJobSender(boss: PgBoss): void {
  holder.__billingBoss = boss;
}

/** Forgets `boss` as the sender (its runner stopped), if it is still the one. */
export function clearJobSender(boss: PgBoss): void {
  if (holder.__billingBoss === boss) delete holder.__billingBoss;
}

/** A pg-boss that can send jobs (with a `db` adapter, or on the process-wide database). */
export function getJobSender(): PgBoss {
  if (holder.__billingBoss) return holder.__billingBoss;
  holder.__billingBossIdle ??= new PgBoss({
    db: { executeSql: async (text, values) => databaseAdapter(await getDatabase()).executeSql(text, values) },
    schema: BOSS_SCHEMA,
    migrate: false,
    supervise: false,
    schedule: false,
  });
  return holder.__billingBossIdle;
}
