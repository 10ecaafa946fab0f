/**
 * Usage history's DAL (SPEC 7): exact Voucher ID filter that never crosses
 * accounts, day ranges of the platform zone, status and kind, keyset pages on
 * (created_at, id) exact to the microsecond, and the export iterator reading
 * exactly what the pages show.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, usageRecords, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { platformTimeZone } from "@/lib/config";
import { iterateMyUsage, listMyUsage } from "@/lib/dal/usage";
import { DalError } from "@/lib/dal/errors";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { startOfDayInZone } from "@/lib/time";
import { USAGE_KINDS, USAGE_STATUSES, encodeUsageCursor, type UsageFilter } from "@/lib/usage/filter";
import type { UsageRecordView } from "@/lib/usage/record";
import { setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
const now = new Date("2026-06-15T04:00:00Z");
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
/** An account of its own for the boundary and tie tests, so the seeded histories stay as seeded. */
let carol: Viewer;

/** Carol's records, one per amount (the amount is the marker), at exact microsecond instants. */
const CAROL_RECORDS: Array<[amount: number, createdAt: string]> = [
  // Around the platform day 2026-07-01 (Asia/Shanghai: 2026-06-30T16:00Z to 2026-07-01T16:00Z).
  [1, "2026-06-30T15:59:59.999999Z"],
  [2, "2026-06-30T16:00:00.000000Z"],
  [3, "2026-07-01T15:59:59.999999Z"],
  [4, "2026-07-01T16:00:00.000000Z"],
  // Within one millisecond, which a JS Date cursor would collapse into one instant.
  [5, "2026-06-20T00:00:00.000100Z"],
  [6, "2026-06-20T00:00:00.000200Z"],
  [7, "2026-06-20T00:00:00.000300Z"],
  // Exactly tied: only the id orders them.
  [8, "2026-06-20T00:00:00.000400Z"],
  [9, "2026-06-20T00:00:00.000400Z"],
  [10, "2026-06-20T00:00:00.000400Z"],
];

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);

  const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Carol's shop", createdAt: now }).returning();
  carol = { userId: "carol", email: "carol@example.com", name: "Carol", role: "customer", accountId: account!.id };
  // Shuffled insert order, so ids do not follow time and only the sort makes the order.
  for (const [amount, createdAt] of [...CAROL_RECORDS].sort((a, b) => ((a[0] * 7) % 11) - ((b[0] * 7) % 11))) {
    await db.insert(usageRecords).values({
      accountId: account!.id,
      source: "cash_balance",
      type: "deduction",
      status: "success",
      amount,
      balanceAfter: 0,
      createdAt: sql`${createdAt}::timestamptz`,
    });
  }
});

/** Every record the filter selects, following next cursors page by page. */
async function listAll(viewer: Viewer, filter: UsageFilter = {}, pageSize = 500) {
  const pages: UsageRecordView[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await listMyUsage(viewer, { ...filter, ...(cursor ? { cursor } : {}) }, { pageSize });
    pages.push(page.items);
    if (!page.nextCursor) return { items: pages.flat(), pages };
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

async function collect(rows: AsyncIterable<UsageRecordView>): Promise<UsageRecordView[]> {
  const out: UsageRecordView[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const amounts = (list: readonly UsageRecordView[]) => list.map((r) => r.amount);

/** Public ids of one account's vouchers. */
async function voucherIdsOf(viewer: Viewer): Promise<string[]> {
  const { db } = getDatabase();
  const rows = await db.select({ publicId: vouchers.publicId }).from(vouchers).where(eq(vouchers.accountId, viewer.accountId!));
  return rows.map((r) => r.publicId);
}

describe("what a record shows", () => {
  it("the seed's histories: 14 records for alice, 15 for bob (his post-paid charge), newest first", async () => {
    const mine = (await listAll(alice)).items;
    const theirs = (await listAll(bob)).items;
    expect(mine).toHaveLength(14);
    expect(theirs).toHaveLength(15);
    for (const list of [mine, theirs]) {
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(list[i]!.createdAt.getTime());
    }
  });

  it("carries the public voucher and order ids, kind, type, amount, balance after, status and reason", async () => {
    const list = (await listAll(alice)).items;
    const myVouchers = await voucherIdsOf(alice);
    for (const r of list) {
      if (r.kind === "cash_balance") expect(r.voucherId).toBeNull();
      else expect(myVouchers).toContain(r.voucherId);
      expect(r.orderId).toMatch(/^ord_[0-9a-z]+$/);
      expect(r.amount).toBeGreaterThan(0);
      if (r.status === "failure") {
        expect(r.balanceAfter).toBeNull();
        // Stored as the failure itself and told in the reader's language (English here, without a request).
        expect(r.failureReason).toBe(`Voucher ${r.voucherId} has expired, so it can't pay for this order.`);
      } else {
        expect(r.failureReason).toBeNull();
      }
    }
    expect(list.filter((r) => r.type === "refund").map((r) => r.kind).sort()).toEqual(["cash", "compute"]);
    // The post-paid charge belongs to no order.
    expect((await listAll(bob, { kind: "cash_balance" })).items.some((r) => r.orderId === null)).toBe(true);
  });
});

describe("Voucher ID filter: exact, and never across accounts", () => {
  it("returns exactly that voucher's records, for every voucher of the account", async () => {
    const { db } = getDatabase();
    for (const viewer of [alice, bob]) {
      const all = (await listAll(viewer)).items;
      for (const voucherId of await voucherIdsOf(viewer)) {
        const { items } = await listAll(viewer, { voucherId });
        expect(items, voucherId).toEqual(all.filter((r) => r.voucherId === voucherId));
        const [count] = await db
          .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
          .from(usageRecords)
          .innerJoin(vouchers, eq(vouchers.id, usageRecords.voucherId))
          .where(eq(vouchers.publicId, voucherId));
        expect(items.length, voucherId).toBe(count!.n);
      }
    }
  });

  it("the expired voucher shows its deduction and its failed attempt after expiry", async () => {
    const failure = (await listAll(alice, { status: "failure", kind: "cash" })).items[0]!;
    const { items } = await listAll(alice, { voucherId: failure.voucherId! });
    expect(items.map((r) => [r.type, r.status])).toEqual([
      ["deduction", "failure"],
      ["deduction", "success"],
    ]);
  });

  it("another account's Voucher ID matches nothing, in lists and in the export", async () => {
    for (const voucherId of await voucherIdsOf(bob)) {
      expect(await listMyUsage(alice, { voucherId })).toEqual({ items: [], nextCursor: null });
      expect(await collect(iterateMyUsage(alice, { voucherId }))).toEqual([]);
    }
    expect(await listMyUsage(alice, { voucherId: "vch_0000000000000000" })).toEqual({ items: [], nextCursor: null });
  });

  it("a prefix of a real ID matches nothing: no fuzzy search", async () => {
    const [voucherId] = await voucherIdsOf(alice);
    expect((await listMyUsage(alice, { voucherId: voucherId!.slice(0, -1) })).items).toEqual([]);
  });

  it("a malformed Voucher ID is refused by the DAL too, not searched for", async () => {
    for (const voucherId of ["%", "vch_%", "VCH_0123", "vch_0123' OR '1'='1"]) {
      await expect(listMyUsage(alice, { voucherId })).rejects.toMatchObject({ code: "invalid_input", message: "Voucher IDs look like vch_…" });
    }
  });
});

describe("From and To: calendar days of the platform zone, both inclusive", () => {
  it("the test instants sit on the platform day's edges", () => {
    expect(startOfDayInZone("2026-07-01", platformTimeZone()).toISOString()).toBe("2026-06-30T16:00:00.000Z");
  });

  it("2026-07-01..2026-07-01 holds its first and its last microsecond, not the ones next to it", async () => {
    expect(amounts((await listAll(carol, { from: "2026-07-01", to: "2026-07-01" })).items)).toEqual([3, 2]);
  });

  it("From alone and To alone are open on the other side", async () => {
    expect(amounts((await listAll(carol, { from: "2026-07-01" })).items)).toEqual([4, 3, 2]);
    expect(amounts((await listAll(carol, { from: "2026-07-02" })).items)).toEqual([4]);
    // 8, 9 and 10 share an instant; their order (by id) is checked with paging below.
    expect(amounts((await listAll(carol, { to: "2026-06-30" })).items)).toEqual([1, 9, 10, 8, 7, 6, 5]);
  });

  it("a range on the seeded history keeps exactly the records of those days", async () => {
    const all = (await listAll(alice)).items;
    const zone = platformTimeZone();
    const from = "2026-05-16"; // 30 days before now, in Shanghai
    const to = "2026-05-21";
    const start = startOfDayInZone(from, zone).getTime();
    const end = startOfDayInZone("2026-05-22", zone).getTime();
    const expected = all.filter((r) => r.createdAt.getTime() >= start && r.createdAt.getTime() < end);
    expect(expected.length).toBeGreaterThan(0);
    expect((await listAll(alice, { from, to })).items).toEqual(expected);
  });

  it("From after To is refused with a clear error", async () => {
    await expect(listMyUsage(alice, { from: "2026-07-02", to: "2026-07-01" })).rejects.toMatchObject({
      code: "invalid_input",
      message: "From must be on or before To.",
    });
  });
});

describe("status and kind filters", () => {
  it("every combination returns exactly the matching records", async () => {
    for (const viewer of [alice, bob]) {
      const all = (await listAll(viewer)).items;
      for (const status of [undefined, ...USAGE_STATUSES]) {
        for (const kind of [undefined, ...USAGE_KINDS]) {
          const filter: UsageFilter = { ...(status ? { status } : {}), ...(kind ? { kind } : {}) };
          const { items } = await listAll(viewer, filter);
          expect(items, JSON.stringify(filter)).toEqual(all.filter((r) => (!status || r.status === status) && (!kind || r.kind === kind)));
        }
      }
    }
  });

  it("the seed gives each filter something to find", async () => {
    expect((await listAll(alice, { status: "failure" })).items).toHaveLength(2);
    expect((await listAll(alice, { kind: "cash" })).items).toHaveLength(6);
    expect((await listAll(alice, { kind: "discount" })).items).toHaveLength(1);
    expect((await listAll(alice, { kind: "cash_balance" })).items).toHaveLength(1);
    expect((await listAll(bob, { kind: "cash_balance" })).items).toHaveLength(2);
    expect((await listAll(alice, { kind: "compute", status: "success" })).items).toHaveLength(5);
  });
});

describe("keyset paging on (created_at, id), newest first", () => {
  it("small pages visit each record exactly once, in the one-page order", async () => {
    for (const viewer of [alice, bob, carol]) {
      const whole = (await listAll(viewer, {}, 500)).items;
      for (const pageSize of [1, 2, 3, 5, 13]) {
        const { items, pages } = await listAll(viewer, {}, pageSize);
        expect(items, `pageSize ${pageSize}`).toEqual(whole);
        expect(pages.every((p) => p.length <= pageSize && p.length > 0)).toBe(true);
        expect(pages.length).toBe(Math.ceil(whole.length / pageSize));
      }
    }
  });

  it("records within one millisecond and exact ties page correctly (microseconds, then id)", async () => {
    const { items, pages } = await listAll(carol, { to: "2026-06-25" }, 1);
    // 8, 9, 10 share an instant and were inserted as 8, 10, 9 (shuffled): the highest id comes first.
    expect(amounts(items)).toEqual([9, 10, 8, 7, 6, 5]);
    expect(pages).toHaveLength(6);
  });

  it("paging composes with the filter", async () => {
    const failure = (await listAll(alice, { status: "failure" })).items;
    expect((await listAll(alice, { status: "failure" }, 1)).items).toEqual(failure);
    const voucherId = failure[0]!.voucherId!;
    expect((await listAll(alice, { voucherId }, 1)).items).toEqual((await listAll(alice, { voucherId })).items);
  });

  it("the last page has no next cursor, and an empty result is one empty page", async () => {
    const whole = (await listAll(alice)).items;
    expect((await listMyUsage(alice, {}, { pageSize: whole.length })).nextCursor).toBeNull();
    expect((await listMyUsage(alice, {}, { pageSize: whole.length - 1 })).nextCursor).not.toBeNull();
    expect(await listMyUsage(alice, { from: "2030-01-01" })).toEqual({ items: [], nextCursor: null });
  });

  it("a cursor only positions the read: someone else's cursor still shows only the caller's records", async () => {
    const bobPage = await listMyUsage(bob, {}, { pageSize: 1 });
    const alicesAfter = (await listMyUsage(alice, { cursor: bobPage.nextCursor! })).items;
    const aliceAll = (await listAll(alice)).items;
    expect(alicesAfter.every((r) => aliceAll.some((a) => JSON.stringify(a) === JSON.stringify(r)))).toBe(true);
    const forged = encodeUsageCursor({ createdAt: "2999-01-01T00:00:00.000000Z", id: 9_007_199_254_740_991 });
    expect((await listMyUsage(alice, { cursor: forged })).items).toEqual(aliceAll);
  });

  it("a cursor that does not decode is refused; a page size out of range is a bug", async () => {
    await expect(listMyUsage(alice, { cursor: "garbage" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(listMyUsage(alice, {}, { pageSize: 0 })).rejects.toThrow(RangeError);
    await expect(listMyUsage(alice, {}, { pageSize: 501 })).rejects.toThrow(RangeError);
  });
});

describe("iterateMyUsage (the CSV export)", () => {
  it("yields exactly the rows paging shows, for any filter and batch size", async () => {
    const failure = (await listAll(alice, { status: "failure" })).items[0]!;
    const filters: UsageFilter[] = [{}, { status: "success" }, { kind: "compute" }, { voucherId: failure.voucherId! }, { from: "2026-05-16", to: "2026-06-14" }];
    for (const viewer of [alice, bob, carol]) {
      for (const filter of filters) {
        const paged = (await listAll(viewer, filter, 2)).items;
        expect(await collect(iterateMyUsage(viewer, filter)), JSON.stringify(filter)).toEqual(paged);
        expect(await collect(iterateMyUsage(viewer, filter, { batchSize: 1 }))).toEqual(paged);
        expect(await collect(iterateMyUsage(viewer, filter, { batchSize: 4 }))).toEqual(paged);
      }
    }
  });

  it("stops reading when the consumer stops", async () => {
    const rows = iterateMyUsage(alice, {}, { batchSize: 2 });
    const first = await rows.next();
    expect(first.done).toBe(false);
    await rows.return(undefined);
    expect((await rows.next()).done).toBe(true);
  });
});

describe("authorization", () => {
  it("signed-out callers are refused", async () => {
    await expect(listMyUsage(null, {})).rejects.toMatchObject({ code: "unauthenticated" });
    expect(() => iterateMyUsage(null, {})).toThrow(DalError);
    expect(() => iterateMyUsage(null, {})).toThrow("Sign in to continue.");
  });

  it("a user without a billing account is refused", async () => {
    await expect(listMyUsage(admin, {})).rejects.toMatchObject({ code: "forbidden" });
    let error: unknown;
    try {
      iterateMyUsage(admin, {});
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "forbidden" });
  });

  it("the export refuses before reading when the filter is invalid", () => {
    expect(() => iterateMyUsage(alice, { status: "pending" as never })).toThrow(DalError);
    expect(() => iterateMyUsage(alice, { from: "2026-07-02", to: "2026-07-01" })).toThrow("From must be on or before To.");
  });
});
