/**
 * `npm run bench:explain`: EXPLAIN ANALYZE of every list and summary query of
 * the customer DAL (bench/lib/read-queries.ts) on the full benchmark database
 * (load it first with `npm run bench:data`), slowest first: where a page's
 * database time goes. Read-only.
 */
import postgres from "postgres";
import { BENCH_DB_URL, applyBenchEnv, assertLocalServer } from "./lib/env";
import { exerciseReadQueries, scansOf, type PlanNode } from "./lib/read-queries";

applyBenchEnv();
assertLocalServer();
const { setDatabase } = await import("../db/index");
const schema = await import("../db/schema");
const { drizzle } = await import("drizzle-orm/postgres-js");

const client = postgres(BENCH_DB_URL, { max: 2, onnotice: () => {} });
const captured = new Map<string, unknown[]>();
const db = drizzle(client, { schema, logger: { logQuery: (q, p) => void (captured.has(q) || captured.set(q, p)) } });
setDatabase({ db: db as never, driver: "postgres", close: () => client.end() });
try {
  await exerciseReadQueries(new Date());
  const results: Array<{ ms: number; rows: number; scans: string[]; query: string }> = [];
  for (const [query, params] of captured) {
    const [row] = await client.unsafe<Array<{ "QUERY PLAN": Array<{ Plan: PlanNode & { "Actual Rows": number }; "Execution Time": number }> }>>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${query}`,
      params as never[],
    );
    const plan = row!["QUERY PLAN"][0]!;
    results.push({ ms: plan["Execution Time"], rows: plan.Plan["Actual Rows"], scans: scansOf(plan.Plan), query: query.replace(/\s+/g, " ") });
  }
  results.sort((a, b) => b.ms - a.ms);
  const top = Number(process.argv[2] ?? 15);
  console.log(`${captured.size} distinct queries; the ${Math.min(top, results.length)} slowest (execution time on the server):`);
  for (const r of results.slice(0, top)) {
    console.log(`\n${r.ms.toFixed(2)} ms, ${r.rows} rows: ${r.scans.join(" / ")}\n  ${r.query.slice(0, 260)}`);
  }
} finally {
  await client.end();
}
