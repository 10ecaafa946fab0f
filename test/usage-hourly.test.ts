/**
 * The hourly usage rollup (issue 18): the triggers on usage_records keep
 * usage_hourly equal to the successful records' sums through inserts, updates and
 * deletes, and usageSums, which reads whole hours from the rollup and cut hours
 * from the records, answers exactly what summing the records answers, for any
 * bounds: the platform's days and months, a time zone with a half-hour offset,
 * arbitrary instants.
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { usageSums, type UsageSum } from "@/lib/dal/insights/ledger";
import { lastDays, lastMonths } from "@/lib/insights/spend";
import { addDays } from "@/lib/time";
import { rowsOf } from "@/lib/dal/tx";
import { findInvariantViolations } from "./invariants";
import { setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
// Not on the hour, so "now" cuts an hour; nothing here reads the wall clock.
const now = new Date("2026-06-15T04:17:23.456Z");
let accountId: number;

/** The records' own sums per bucket, as the overview computed them before the rollup. */
async function summedFromRecords(db: Db, bounds: readonly Date[], filter: { types?: string[]; sources?: string[] } = {}): Promise<UsageSum[]> {
  const arr = sql`ARRAY[${sql.join(
    bounds.map((b) => sql`${b.toISOString()}::timestamptz`),
    sql`, `,
  )}]`;
  const rows = rowsOf<{ bucket: number; source: UsageSum["source"]; provider_id: string | null; type: UsageSum["type"]; amount: string }>(
    await db.execute(sql`
      SELECT width_bucket(ur.created_at, ${arr}) - 1 AS bucket, ur.source,
        CASE WHEN ur.source = 'compute' THEN (
          SELECT min(oi.provider_id) FROM order_items oi WHERE oi.order_id = ur.order_id AND oi.provider_id = ANY(v.provider_ids)
        ) END AS provider_id,
        ur.type, sum(ur.amount)::text AS amount
      FROM usage_records ur LEFT JOIN vouchers v ON v.id = ur.voucher_id
      WHERE ur.account_id = ${accountId} AND ur.status = 'success'
        AND ur.created_at >= ${bounds[0]!.toISOString()}::timestamptz AND ur.created_at < ${bounds.at(-1)!.toISOString()}::timestamptz
      GROUP BY 1, 2, 3, 4`),
  );
  return rows
    .map((r) => ({ bucket: Number(r.bucket), source: r.source, providerId: r.provider_id === null ? null : Number(r.provider_id), type: r.type, amount: Number(r.amount) }))
    .filter((r) => (!filter.types || filter.types.includes(r.type)) && (!filter.sources || filter.sources.includes(r.source)));
}

const byKey = (sums: UsageSum[]) =>
  [...sums].sort((a, b) => a.bucket - b.bucket || a.source.localeCompare(b.source) || (a.providerId ?? 0) - (b.providerId ?? 0) || a.type.localeCompare(b.type));

const edgesOf = (buckets: Array<{ start: Date; end: Date }>) => [...buckets.map((b) => b.start), buckets.at(-1)!.end];

async function expectSameSums(bounds: readonly Date[], filter: { types?: Array<UsageSum["type"]>; sources?: Array<UsageSum["source"]> } = {}) {
  const { db } = getDatabase();
  expect(byKey(await usageSums(db, accountId, bounds, filter))).toEqual(byKey(await summedFromRecords(db, bounds, filter)));
}

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  accountId = (await viewerOf(db, DEMO_USERS.alice)).accountId!;
  // A longer history at every minute of the hour: each of alice's records again, moved back by a
  // pseudo-random number of seconds (fixed seed), up to 400 days, in one statement.
  const source = rowsOf<{ id: string | number }>(await db.execute(sql`SELECT id FROM usage_records WHERE account_id = ${accountId} ORDER BY id`));
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  const copies = Array.from({ length: 6 }, () => source.map((r) => ({ id: Number(r.id), back: next() % (400 * 86_400) }))).flat();
  await db.execute(sql`
    INSERT INTO usage_records (account_id, voucher_id, order_id, refund_id, source, type, status, amount, balance_after, failure_reason, failure, created_at)
    SELECT u.account_id, u.voucher_id, u.order_id, u.refund_id, u.source, u.type, u.status, u.amount, u.balance_after, u.failure_reason, u.failure,
      u.created_at - make_interval(secs => c.back)
    FROM unnest(${`{${copies.map((c) => c.id).join(",")}}`}::bigint[], ${`{${copies.map((c) => c.back).join(",")}}`}::int[]) AS c(id, back)
    JOIN usage_records u ON u.id = c.id`);
});

describe("usage_hourly", () => {
  it("equals the successful records' sums after the seed and a bulk insert", async () => {
    const { db } = getDatabase();
    const [count] = rowsOf<{ n: string | number }>(await db.execute(sql`SELECT count(*) AS n FROM usage_records WHERE account_id = ${accountId}`));
    expect(Number(count!.n)).toBeGreaterThan(90);
    expect((await findInvariantViolations(db)).usageRollupMismatch).toBeUndefined();
  });

  it("follows updates and deletes of records (the writers only insert; repairs must not skew it)", async () => {
    const { db } = getDatabase();
    await db.execute(sql`UPDATE usage_records SET amount = amount + 3, created_at = created_at - interval '90 minutes'
      WHERE id IN (SELECT id FROM usage_records WHERE account_id = ${accountId} AND status = 'success' ORDER BY id LIMIT 5)`);
    await db.execute(sql`DELETE FROM usage_records WHERE id IN (
      SELECT id FROM usage_records WHERE account_id = ${accountId} AND status = 'success' ORDER BY id DESC LIMIT 5)`);
    expect((await findInvariantViolations(db)).usageRollupMismatch).toBeUndefined();
    await expectSameSums([addDays(now, -400), now]);
  });
});

describe("usageSums", () => {
  it("gives the records' sums for the overview's days and months in the platform zone (whole hours)", async () => {
    await expectSameSums(edgesOf(lastDays(now, 30, "Asia/Shanghai")), { types: ["deduction"] });
    await expectSameSums(edgesOf(lastMonths(now, 12, "Asia/Shanghai")), { types: ["deduction"] });
  });

  it("gives them in a zone whose days start on the half hour (every bound cuts an hour)", async () => {
    await expectSameSums(edgesOf(lastDays(now, 30, "Asia/Kolkata")));
    await expectSameSums(edgesOf(lastMonths(now, 14, "Asia/Kolkata")));
  });

  it("gives the forecast's window (30 days up to now) for cash and computing power", async () => {
    await expectSameSums([addDays(now, -30), now], { sources: ["cash", "compute"] });
  });

  it("gives them for any ascending bounds, including ones inside an hour that has records", async () => {
    const { db } = getDatabase();
    // Bounds near records (within half an hour either side), so most of them cut an hour that has some.
    const times = rowsOf<{ at: string | Date }>(await db.execute(sql`SELECT created_at AS at FROM usage_records WHERE account_id = ${accountId} ORDER BY id`)).map((r) =>
      new Date(r.at).getTime(),
    );
    const bound = fc.tuple(fc.integer({ min: 0, max: times.length - 1 }), fc.integer({ min: -1_800_000, max: 1_800_000 })).map(([i, offset]) => times[i]! + offset);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(bound, { minLength: 2, maxLength: 7 }), async (instants) => {
        await expectSameSums([...instants].sort((a, b) => a - b).map((t) => new Date(t)));
      }),
      { numRuns: 40, seed: 18 },
    );
  });
});
