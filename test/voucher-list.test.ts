/**
 * The voucher tabs' DAL (SPEC 4 and 9): filters applied in SQL, totals over
 * exactly the filtered set, keyset pages in deduction order, and the account
 * scope holding for lists, totals and cursors alike.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import type { Viewer } from "@/lib/dal/viewer";
import {
  getMyAmountsSummary,
  getMyBillingOverview,
  getMyDiscountCounts,
  getMyVoucherTab,
  hasMyVouchers,
  listMyVouchers,
  type VoucherView,
} from "@/lib/dal/vouchers";
import { newPublicId } from "@/lib/ids";
import { addDays, startOfDayInZone } from "@/lib/time";
import { sortForDeduction } from "@/lib/vouchers/deduction-order";
import { VOUCHER_KINDS, VOUCHER_STATUSES, type VoucherKind } from "@/lib/vouchers/kinds";
import { CURSOR_RESET_NOTICE, encodeCursor, type VoucherFilter } from "@/lib/vouchers/list-filter";
import { countByStatus, summarizeAmounts } from "@/lib/vouchers/summary";
import { providerIdsOf, setupTestDatabase, viewerOf } from "./db";

/** The DAL's refusal of a cursor it cannot use (lib/failure-messages.ts). */
const INVALID_CURSOR_MESSAGE = "This page link is not valid. Start again from the first page.";

const getDatabase = setupTestDatabase();
const now = new Date("2026-06-15T04:00:00Z");
const ZONE = "Asia/Shanghai";
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
let nobody: Viewer;
/** Alice's extra vouchers whose expiry sits on the edges of 2026-07-01 in Shanghai. */
const edges: Record<"dayBefore" | "startOfDay" | "endOfDay" | "nextDay", string> = {
  dayBefore: "",
  startOfDay: "",
  endOfDay: "",
  nextDay: "",
};

type NewVoucher = typeof vouchers.$inferInsert;

function cashVoucher(accountId: number, faceValue: number, balance: number, expiresAt: Date, extra: Partial<NewVoucher> = {}): NewVoucher {
  return {
    publicId: newPublicId("vch"),
    accountId,
    kind: "cash",
    faceValue,
    balance,
    effectiveAt: addDays(now, -10),
    expiresAt,
    createdAt: addDays(now, -10),
    ...extra,
  };
}

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);
  const aliceAccount = alice.accountId!;

  // Ties on every sort key but id: one INSERT takes one now() for created_at,
  // at microsecond precision, which a cursor holding JS Dates would get wrong.
  const tiedExpiry = new Date("2026-09-01T00:00:00Z");
  await db.insert(vouchers).values([
    ...Array.from({ length: 8 }, () => cashVoucher(aliceAccount, 5_000, 5_000, tiedExpiry)),
    cashVoucher(aliceAccount, 5_000, 1_000, tiedExpiry),
    cashVoucher(aliceAccount, 5_000, 9_000 - 4_000, tiedExpiry, { faceValue: 9_000 }),
    cashVoucher(aliceAccount, 5_000, 0, tiedExpiry),
  ]);

  // Expiry exactly on and next to the edges of the platform day 2026-07-01.
  const start = startOfDayInZone("2026-07-01", ZONE).getTime();
  const end = startOfDayInZone("2026-07-02", ZONE).getTime();
  const at = (ms: number) => new Date(ms);
  const rows = await db
    .insert(vouchers)
    .values([
      cashVoucher(aliceAccount, 1_000, 1_000, at(start - 1)),
      cashVoucher(aliceAccount, 1_000, 1_000, at(start)),
      cashVoucher(aliceAccount, 1_000, 1_000, at(end - 1)),
      cashVoucher(aliceAccount, 1_000, 1_000, at(end)),
    ])
    .returning({ publicId: vouchers.publicId });
  edges.dayBefore = rows[0]!.publicId;
  edges.startOfDay = rows[1]!.publicId;
  edges.endOfDay = rows[2]!.publicId;
  edges.nextDay = rows[3]!.publicId;

  // A computing power voucher for one provider only, for the overview's groups.
  await db.insert(vouchers).values({
    ...cashVoucher(aliceAccount, 7_700, 7_700, addDays(now, 40)),
    kind: "compute",
    providerIds: await providerIdsOf(db, "Muxi"),
  });

  // An account with no vouchers at all.
  const [empty] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Empty", createdAt: now }).returning();
  nobody = { userId: "no-user", email: "nobody@example.com", name: "Nobody", role: "customer", accountId: empty!.id };
});

/** Every voucher the filter selects, following next cursors page by page. */
async function listAll(viewer: Viewer, kind: VoucherKind, at: Date, filter: VoucherFilter = {}, pageSize = 500) {
  const pages: VoucherView[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await listMyVouchers(viewer, kind, at, { ...filter, cursor }, { pageSize });
    pages.push(page.items);
    if (!page.nextCursor) return { items: pages.flat(), pages };
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

const ids = (list: readonly VoucherView[]) => list.map((v) => v.publicId);

describe("status filter (SPEC 4): applied in SQL, totals over exactly the filtered rows", () => {
  const instants = [now, addDays(now, 6), addDays(now, 95), addDays(now, -45)];

  it("each status returns only that status, the statuses partition the tab, and the summary equals summarizeAmounts of those rows", async () => {
    for (const viewer of [alice, bob]) {
      for (const kind of VOUCHER_KINDS) {
        for (const at of instants) {
          const all = (await listAll(viewer, kind, at)).items;
          const seen: string[] = [];
          for (const status of VOUCHER_STATUSES) {
            const { items } = await listAll(viewer, kind, at, { status });
            expect(items.every((v) => v.status === status), `${kind} ${status}`).toBe(true);
            seen.push(...ids(items));
            if (kind === "discount") {
              const counts = await getMyDiscountCounts(viewer, at, { status });
              expect(counts).toEqual(countByStatus(items.map((v) => v.status)));
            } else {
              const summary = await getMyAmountsSummary(viewer, kind, at, { status });
              expect(summary).toEqual(summarizeAmounts(items.map((v) => ({ faceValue: v.faceValue!, balance: v.balance!, status: v.status }))));
              expect(summary.balance).toBe(summary.totalFaceValue - summary.used - summary.expired - summary.voided - summary.notEffective);
            }
          }
          expect(seen.sort()).toEqual(ids(all).sort());
        }
      }
    }
  });

  it("the seed gives the Expired filter something to show in every tab", async () => {
    for (const kind of VOUCHER_KINDS) {
      expect((await listAll(alice, kind, now, { status: "expired" })).items.length).toBeGreaterThan(0);
    }
    const expired = await getMyAmountsSummary(alice, "cash", now, { status: "expired" });
    expect(expired.expired).toBeGreaterThan(0);
    expect(expired.balance).toBe(0);
  });

  it("a status and a range together: the list and the summary still agree", async () => {
    const filter: VoucherFilter = { status: "available", expiresFrom: "2026-06-15", expiresTo: "2026-07-01" };
    const { items } = await listAll(alice, "cash", now, filter);
    expect(items.length).toBeGreaterThan(1);
    expect(await getMyAmountsSummary(alice, "cash", now, filter)).toEqual(
      summarizeAmounts(items.map((v) => ({ faceValue: v.faceValue!, balance: v.balance!, status: v.status }))),
    );
  });
});

describe("expiry range: calendar days of the platform zone, both inclusive", () => {
  it("2026-07-01..2026-07-01 holds what expires from its first instant up to just before the next day", async () => {
    const { items } = await listAll(alice, "cash", now, { expiresFrom: "2026-07-01", expiresTo: "2026-07-01" });
    expect(ids(items).sort()).toEqual([edges.startOfDay, edges.endOfDay].sort());
  });

  it("From alone and To alone are open-ended on the other side", async () => {
    const from = ids((await listAll(alice, "cash", now, { expiresFrom: "2026-07-01" })).items);
    expect(from).toContain(edges.startOfDay);
    expect(from).toContain(edges.nextDay);
    expect(from).not.toContain(edges.dayBefore);
    const to = ids((await listAll(alice, "cash", now, { expiresTo: "2026-06-30" })).items);
    expect(to).toContain(edges.dayBefore);
    expect(to).not.toContain(edges.startOfDay);
    for (const v of (await listAll(alice, "cash", now, { expiresTo: "2026-06-30" })).items) {
      expect(v.expiresAt.getTime()).toBeLessThan(startOfDayInZone("2026-07-01", ZONE).getTime());
    }
  });

  it("the summary of a range covers the same rows", async () => {
    const filter = { expiresFrom: "2026-07-01", expiresTo: "2026-07-01" };
    const summary = await getMyAmountsSummary(alice, "cash", now, filter);
    expect(summary.totalFaceValue).toBe(2_000);
    expect(summary.balance).toBe(2_000);
  });

  it("refuses a filter the URL parser would have dropped, with a clear error", async () => {
    await expect(listMyVouchers(alice, "cash", now, { expiresFrom: "2026-02-30" })).rejects.toMatchObject({
      code: "invalid_input",
      message: "Expires from: there is no such day.",
    });
    await expect(getMyAmountsSummary(alice, "cash", now, { expiresFrom: "2026-07-02", expiresTo: "2026-07-01" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    // A value typed as a status but not one, as a cast from untrusted input would give.
    await expect(getMyDiscountCounts(alice, now, { status: "gone" as never })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("keyset pages in deduction order", () => {
  it("paging through all of alice's vouchers with small pages returns each voucher exactly once, in deduction order", async () => {
    const { db } = getDatabase();
    for (const kind of VOUCHER_KINDS) {
      const rows = await db.select().from(vouchers).where(eq(vouchers.accountId, alice.accountId!));
      const expected = sortForDeduction(rows.filter((r) => r.kind === kind).map((r) => ({ ...r, balance: r.balance ?? 0 }))).map((r) => r.publicId);
      for (const pageSize of [1, 2, 3, 7]) {
        const { items, pages } = await listAll(alice, kind, now, {}, pageSize);
        expect(ids(items), `${kind} by ${pageSize}`).toEqual(expected);
        expect(new Set(ids(items)).size).toBe(items.length);
        expect(pages.slice(0, -1).every((p) => p.length === pageSize)).toBe(true);
      }
    }
  });

  it("the default page holds 20 rows and the first page has no previous page", async () => {
    const first = await listMyVouchers(alice, "cash", now);
    expect(first.items.length).toBe(20);
    expect(first.prevCursor).toBeNull();
    expect(first.nextCursor).not.toBeNull();
    const second = await listMyVouchers(alice, "cash", now, { cursor: first.nextCursor! });
    expect(second.prevCursor).not.toBeNull();
    expect(second.nextCursor).toBeNull();
    expect(ids(second.items).some((id) => ids(first.items).includes(id))).toBe(false);
  });

  it("previous-page cursors walk back through the same pages", async () => {
    const pageSize = 3;
    const forward = (await listAll(alice, "cash", now, {}, pageSize)).pages;
    let page = await listMyVouchers(alice, "cash", now, {}, { pageSize });
    for (let i = 1; i < forward.length; i++) page = await listMyVouchers(alice, "cash", now, { cursor: page.nextCursor! }, { pageSize });
    expect(page.nextCursor).toBeNull();
    const backward: VoucherView[][] = [page.items];
    while (page.prevCursor) {
      page = await listMyVouchers(alice, "cash", now, { cursor: page.prevCursor }, { pageSize });
      backward.unshift(page.items);
      expect(page.nextCursor).not.toBeNull();
    }
    expect(backward.map(ids)).toEqual(forward.map(ids));
  });

  it("pages a filtered list too, and the pages add up to the filtered set", async () => {
    const filter: VoucherFilter = { status: "available" };
    const all = ids((await listAll(alice, "cash", now, filter)).items);
    const paged = ids((await listAll(alice, "cash", now, filter, 4)).items);
    expect(paged).toEqual(all);
    expect(all.length).toBeGreaterThan(8);
  });
});

describe("the account scope holds for lists, totals and cursors", () => {
  it("another account's vouchers never appear, on any page or filter", async () => {
    const { db } = getDatabase();
    const aliceIds = new Set(
      (await db.select({ publicId: vouchers.publicId }).from(vouchers).where(eq(vouchers.accountId, alice.accountId!))).map((r) => r.publicId),
    );
    for (const kind of VOUCHER_KINDS) {
      for (const status of [undefined, ...VOUCHER_STATUSES]) {
        const { items } = await listAll(bob, kind, now, status ? { status } : {}, 2);
        expect(items.filter((v) => aliceIds.has(v.publicId))).toEqual([]);
      }
    }
  });

  it("a cursor naming another account's voucher is refused like a tampered one", async () => {
    const alicePage = await listMyVouchers(alice, "cash", now, {}, { pageSize: 2 });
    await expect(listMyVouchers(bob, "cash", now, { cursor: alicePage.nextCursor! })).rejects.toMatchObject({
      code: "invalid_input",
      message: INVALID_CURSOR_MESSAGE,
    });
  });

  it("a cursor of another tab is refused", async () => {
    const cashPage = await listMyVouchers(alice, "cash", now, {}, { pageSize: 2 });
    await expect(listMyVouchers(alice, "compute", now, { cursor: cashPage.nextCursor! })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("signed-out callers and users without an account are refused the new reads", async () => {
    await expect(getMyVoucherTab(null, "cash", now, {})).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(hasMyVouchers(null, "cash")).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyAmountsSummary(admin, "cash", now, { status: "used" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listMyVouchers(admin, "cash", now, { status: "used" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("a tampered cursor gives a clear error, not a crash", () => {
  const tampered = [
    "garbage",
    "",
    encodeCursor({ dir: "after", id: "vch_zzzzzzzzzzzzzzzz" }),
    btoa(JSON.stringify({ v: 1, dir: "after", id: "vch_0000000000000000", accountId: 1 })),
    btoa(JSON.stringify({ v: 1, dir: "after", id: "vch_00000000'; drop table vouchers; --" })),
  ];

  it("listMyVouchers refuses it with invalid_input", async () => {
    for (const cursor of tampered) {
      await expect(listMyVouchers(alice, "cash", now, { cursor }), cursor).rejects.toMatchObject({
        code: "invalid_input",
        message: INVALID_CURSOR_MESSAGE,
      });
    }
  });

  it("the tab shows the first page with a notice instead", async () => {
    const tab = await getMyVoucherTab(alice, "cash", now, { status: "available", cursor: "garbage" });
    expect(tab.cursorError).toBe(CURSOR_RESET_NOTICE);
    expect(ids(tab.page.items)).toEqual(ids((await listMyVouchers(alice, "cash", now, { status: "available" })).items));
    expect(tab.page.prevCursor).toBeNull();
  });
});

describe("the tab's data and empty states", () => {
  it("totals are amounts for stored value and counts for discounts, over the filtered set", async () => {
    const cash = await getMyVoucherTab(alice, "cash", now, { status: "voided" });
    expect(cash.totals).toEqual({ type: "amounts", summary: await getMyAmountsSummary(alice, "cash", now, { status: "voided" }) });
    expect(cash.page.items.every((v) => v.status === "voided")).toBe(true);
    const discount = await getMyVoucherTab(alice, "discount", now, { status: "available" });
    expect(discount.totals).toEqual({ type: "counts", counts: { ...countByStatus([]), available: 2 } });
    expect(cash.cursorError).toBeNull();
  });

  it("tells a tab with no vouchers at all from a filter that matches none", async () => {
    const empty = await getMyVoucherTab(nobody, "compute", now, {});
    expect(empty.page.items).toEqual([]);
    expect(empty.tabIsEmpty).toBe(true);
    expect(empty.totals).toEqual({ type: "amounts", summary: summarizeAmounts([]) });
    const noMatch = await getMyVoucherTab(alice, "compute", now, { expiresFrom: "2099-01-01" });
    expect(noMatch.page.items).toEqual([]);
    expect(noMatch.tabIsEmpty).toBe(false);
    expect(await hasMyVouchers(nobody, "cash")).toBe(false);
    expect(await hasMyVouchers(alice, "cash")).toBe(true);
  });
});

describe("the overview", () => {
  it("sums available computing power per provider set, a multi-provider voucher being its own group", async () => {
    const overview = await getMyBillingOverview(alice, now);
    const available = (await listAll(alice, "compute", now, { status: "available" })).items;
    const expected = new Map<string, number>();
    for (const v of available) {
      const key = [...(v.providers ?? [])].sort().join(", ");
      expected.set(key, (expected.get(key) ?? 0) + v.balance!);
    }
    expect(overview.computeByProviders).toEqual(
      [...expected].map(([providers, balance]) => ({ providers, balance })).sort((a, b) => (a.providers < b.providers ? -1 : 1)),
    );
    expect(overview.computeByProviders.map((g) => g.providers)).toEqual(["MaxXIntel, Muxi", "Muxi"]);
    expect(overview.computeByProviders.find((g) => g.providers === "Muxi")?.balance).toBe(7_700);
    expect(overview.computeByProviders.reduce((sum, g) => sum + g.balance, 0)).toBe(overview.availableBalance.compute);
  });

  it("lists expiring vouchers of every kind, soonest first", async () => {
    const overview = await getMyBillingOverview(alice, now);
    expect(new Set(overview.expiringSoon.map((v) => v.kind))).toEqual(new Set(["cash", "discount", "compute"]));
    const times = overview.expiringSoon.map((v) => v.expiresAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("an account without vouchers has empty groups and nothing expiring", async () => {
    const overview = await getMyBillingOverview(nobody, now);
    expect(overview.computeByProviders).toEqual([]);
    expect(overview.expiringSoon).toEqual([]);
    expect(overview.availableBalance).toEqual({ cash: 0, compute: 0 });
  });
});
