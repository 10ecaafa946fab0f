/**
 * Query plans at scale (docs/performance.md, P3): every list and summary query
 * of the customer DAL (bench/lib/read-queries.ts) runs on the benchmark data
 * shape after ANALYZE, and EXPLAIN must show
 * 1. no sequential scan of a large table (usage history, orders, their items and payments);
 * 2. with sequential scans disabled, an index for every growing table it reads
 *    (a Seq Scan left then means no index applies).
 * The shape is bench/shape.ts with the benchmark's voucher, order and account
 * counts and a tenth of its usage history (100,000 records).
 *
 * PostgreSQL only (its planner and statistics are what production runs): on
 * the PGlite project this file is skipped with a message.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type postgres from "postgres";
import { setDatabase, type Db } from "@/db";
import * as schema from "@/db/schema";
import { GROWING_TABLES, LARGE_TABLES, exerciseReadQueries, scansOf, seqScansOf, type PlanNode } from "../bench/lib/read-queries";
import { FULL_SIZE, shapeStatements } from "../bench/shape";
import { adminUrl, databaseUrl } from "./pg-url";
import { usingPostgres } from "./db";

const SIZE = { ...FULL_SIZE, usageRecords: FULL_SIZE.usageRecords / 10 };
const onPostgres = usingPostgres() && Boolean(process.env.TEST_DATABASE_URL && inject("pgTemplate"));

if (!onPostgres) {
  console.warn("explain.test.ts: skipped on PGlite; the EXPLAIN check runs on PostgreSQL (set TEST_DATABASE_URL).");
}

describe.skipIf(!onPostgres)("query plans on the benchmark data shape (PostgreSQL)", () => {
  const captured = new Map<string, unknown[]>();
  let client: postgres.Sql;
  let admin: postgres.Sql;
  let name: string;
  const now = new Date();

  beforeAll(async () => {
    const { default: pg } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const serverUrl = process.env.TEST_DATABASE_URL!;
    name = `billing_explain_${randomBytes(6).toString("hex")}`;
    admin = pg(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
    client = pg(databaseUrl(serverUrl, name), { max: 4, onnotice: () => {} });
    await client.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL work_mem = '64MB'`);
      for (const statement of shapeStatements(SIZE, now, "no-sign-in-in-this-test")) await tx.unsafe(statement);
    });
    await client.unsafe("ANALYZE");
    // The DAL runs on this database, and every statement it sends is kept (with the first parameters seen).
    const db = drizzle(client, {
      schema,
      logger: { logQuery: (query, params) => void (captured.has(query) || captured.set(query, params)) },
    }) as unknown as Db;
    setDatabase({ db, driver: "postgres", close: async () => {} });
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await admin?.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  async function explain(query: string, params: unknown[], seqScan: boolean): Promise<PlanNode> {
    return client.begin(async (tx) => {
      if (!seqScan) await tx.unsafe("SET LOCAL enable_seqscan = off");
      const rows = await tx.unsafe<Array<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>>(`EXPLAIN (FORMAT JSON) ${query}`, params as never[]);
      return rows[0]!["QUERY PLAN"][0]!.Plan;
    });
  }

  it("no list or summary query scans a large table, and every one has an index on the tables it reads", async () => {
    await exerciseReadQueries(now);
    expect(captured.size).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const [query, params] of captured) {
      const plan = await explain(query, params, true);
      const large = seqScansOf(plan, LARGE_TABLES);
      if (large.length > 0) problems.push(`${large.join(", ")}\n  plan: ${scansOf(plan).join(" / ")}\n  in: ${query.slice(0, 300)}`);
      const forced = await explain(query, params, false);
      const noIndex = seqScansOf(forced, GROWING_TABLES);
      if (noIndex.length > 0) problems.push(`no index for: ${noIndex.join(", ")}\n  plan: ${scansOf(forced).join(" / ")}\n  in: ${query.slice(0, 300)}`);
    }
    expect(problems, problems.join("\n\n")).toEqual([]);
  }, 120_000);
});
