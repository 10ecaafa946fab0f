/**
 * The job runner's foundation (lib/jobs/boss.ts) on both drivers: pg-boss
 * installs its schema through the project's own handle, a sent job is worked,
 * and a job sent inside a transaction exists only if that transaction commits.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { startBoss, txAdapter } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { startJobRunner } from "@/lib/jobs/runner";
import { rowsOf } from "@/lib/dal/tx";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();
let boss: PgBoss;

beforeAll(async () => {
  boss = await startBoss({ database: getDatabase(), supervise: true, schedule: false, deliverExpireSeconds: 30, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: false, wait: true });
});

describe("pg-boss over the project's database", () => {
  it("installs its schema and its queues", async () => {
    const names = (await boss.getQueues()).map((q) => q.name).sort();
    expect(names).toEqual(["events.dispatch", "events.schedule", "notifications.email", "webhooks.deliver"]);
    const [row] = (await getDatabase().executeSql!("SELECT version FROM pgboss.version")).rows;
    expect(Number(row?.version)).toBeGreaterThan(0);
  });

  it("works a sent job", async () => {
    await boss.createQueue("test.echo");
    const seen = new Promise<unknown>((resolve) => {
      void boss.work<{ n: number }>("test.echo", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        resolve(job?.data);
      });
    });
    await boss.send("test.echo", { n: 42 });
    expect(await seen).toEqual({ n: 42 });
  });

  it("sends inside a transaction: committed or not at all", async () => {
    await boss.createQueue("test.tx");
    const db = getDatabase().db;
    let committed: string | null = null;
    await db.transaction(async (tx) => {
      committed = await boss.send("test.tx", { kept: true }, { db: txAdapter(tx as never) });
    });
    await expect(
      db.transaction(async (tx) => {
        await boss.send("test.tx", { kept: false }, { db: txAdapter(tx as never) });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(committed).toBeTruthy();
    const rows = await db.execute(sql`SELECT data FROM pgboss.job WHERE name = 'test.tx'`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{ data: unknown }>;
    expect(list.map((r) => r.data)).toEqual([{ kept: true }]);
  });

  it("schedules the minute cron, runs its job, and drops the cron when the schedule is off", async () => {
    const db = getDatabase().db;
    const schedules = async () => rowsOf<{ name: string; cron: string }>(await db.execute(sql`SELECT name, cron FROM pgboss.schedule`));
    const runner = await startJobRunner({ database: getDatabase(), schedule: true, pollIntervalMs: 500, dispatchIntervalMs: 200, maintenanceIntervalSeconds: 1 });
    try {
      expect(await schedules()).toEqual([{ name: QUEUES.schedule, cron: "* * * * *" }]);
      const id = await runner.boss.send(QUEUES.schedule, {});
      await expect.poll(async () => (await runner.boss.getJobById(QUEUES.schedule, id!))?.state, { timeout: 10_000 }).toBe("completed");
    } finally {
      await runner.stop();
    }
    const off = await startJobRunner({ database: getDatabase(), schedule: false, pollIntervalMs: 500 });
    await off.stop();
    expect(await schedules()).toEqual([]);
  });
});
