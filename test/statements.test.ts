/**
 * The monthly statement's DAL (issue 17, docs/insights.md "Monthly statement"):
 * on the seeded histories, which span several months, each month's closing is the
 * next month's opening, used and refunded are the usage history's sums for the
 * month, the current month's closing is the balance now; the loader reads one
 * account's kind only; refusals for signed-out callers, operators without an
 * account and bad months; one customer never sees another's statement.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, usageRecords, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { parseStatementParams, neighbourMonths, statementUsageHref } from "@/app/(billing)/billing/statements/_lib/params";
import { platformTimeZone } from "@/lib/config";
import { loadKindHistory } from "@/lib/dal/insights/history";
import { STATEMENT_LINES, STATEMENT_VOUCHER_LIMIT, getMyStatement, type StatementView } from "@/lib/dal/insights/statement";
import { listUsageFor } from "@/lib/dal/usage";
import { getMyBillingOverview } from "@/lib/dal/vouchers";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { addMonths, monthOf, monthRange } from "@/lib/insights/month";
import { formatDate } from "@/lib/time";
import type { UsageEntry } from "@/lib/dal/usage";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
/** Pinned: the seed stamps its history back from here (90 days: 2026-03 to 2026-06). */
const now = new Date("2026-06-15T04:00:00Z");
const KINDS: StoredValueKind[] = ["cash", "compute"];
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
/** An account of its own with boundary cases and more vouchers on one line than the page lists. */
let dave: Viewer;

const tz = () => platformTimeZone();
/** 2026-05-01 00:00 in the platform zone (Asia/Shanghai by default). */
const mayStart = () => monthRange("2026-05", tz()).start;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);

  const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Dave's desk", createdAt: new Date("2026-01-01T00:00:00Z") }).returning();
  dave = { userId: "dave", email: "dave@example.com", name: "Dave", role: "customer", accountId: account!.id };
  const start = mayStart();
  const ms = (n: number) => new Date(start.getTime() + n);
  const voucher = async (faceValue: number, createdAt: Date, effectiveAt: Date, expiresAt: Date, balance = faceValue) => {
    const [row] = await db
      .insert(vouchers)
      .values({ publicId: newPublicId("vch"), accountId: account!.id, kind: "cash", faceValue, balance, createdAt, effectiveAt, expiresAt })
      .returning();
    return row!;
  };
  // Expires exactly at May's first instant: lost in April, as its status says.
  const boundary = await voucher(700, new Date("2026-04-02T00:00:00Z"), new Date("2026-04-02T00:00:00Z"), start, 400);
  await db.insert(usageRecords).values({ accountId: account!.id, voucherId: boundary.id, source: "cash", type: "deduction", status: "success", amount: 300, balanceAfter: 400, createdAt: new Date("2026-04-10T00:00:00Z") });
  // A deduction at May's first instant belongs to May; one a millisecond before, to April.
  const spent = await voucher(1_000, new Date("2026-04-03T00:00:00Z"), new Date("2026-04-03T00:00:00Z"), new Date("2026-12-01T00:00:00Z"), 850);
  await db.insert(usageRecords).values([
    { accountId: account!.id, voucherId: spent.id, source: "cash", type: "deduction", status: "success", amount: 100, balanceAfter: 900, createdAt: ms(-1) },
    { accountId: account!.id, voucherId: spent.id, source: "cash", type: "deduction", status: "success", amount: 50, balanceAfter: 850, createdAt: start },
    // A failure is in the usage history but on no line.
    { accountId: account!.id, voucherId: spent.id, source: "cash", type: "deduction", status: "failure", amount: 999, failureReason: "x", createdAt: ms(10) },
  ]);
  // Redeemed in April, effective in May: not-effective at May's opening, redeemed in May.
  await voucher(2_000, new Date("2026-04-20T00:00:00Z"), ms(3_600_000), new Date("2026-12-01T00:00:00Z"));
  // 23 vouchers redeemed in May: more than the page lists.
  for (let i = 0; i < 23; i++) await voucher(100 + i, ms(86_400_000 * (i + 1)), ms(86_400_000 * (i + 1)), new Date("2026-12-01T00:00:00Z"));
});

/** Every successful record of the month and kind through the usage history's own filter, read page by page. */
async function usageOfMonth(viewer: Viewer, kind: StoredValueKind, month: string): Promise<UsageEntry[]> {
  const range = monthRange(month, tz());
  const filter = { from: formatDate(range.start, tz()), to: formatDate(new Date(range.end.getTime() - 1), tz()), kind, status: "success" as const };
  const items: UsageEntry[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listUsageFor(viewer.accountId!, { ...filter, ...(cursor ? { cursor } : {}) }, { pageSize: 500, locale: "en" });
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The page's statement (records summed in groups, loadKindHistoryGrouped) is the
 * CSV's (every record) with the vouchers cut at the page's limit and no records listed.
 */
async function expectPageAgrees(viewer: Viewer, full: StatementView): Promise<void> {
  const page = await getMyStatement(viewer, full.kind, full.month, now);
  const lines = Object.fromEntries(
    STATEMENT_LINES.map((name) => [name, { ...full.lines[name], vouchers: full.lines[name].vouchers.slice(0, STATEMENT_VOUCHER_LIMIT), records: [] }]),
  );
  expect(page).toEqual({ ...full, lines });
}
const total = (s: StatementView) =>
  s.opening + s.lines.redeemed.amount + s.lines.refunded.amount - s.lines.used.amount - s.lines.expired.amount - s.lines.voided.amount;

describe("the months chain on the seeded histories", () => {
  for (const who of ["alice", "bob", "dave"] as const) {
    // Dave has cash vouchers only.
    for (const kind of who === "dave" ? (["cash"] as const) : KINDS) {
      it(`${who}, ${kind}: closing = next opening, used/refunded = the usage history's sums, closing so far = balance now`, async () => {
        const viewer = { alice, bob, dave }[who];
        const current = monthOf(now, tz());
        expect(current).toBe("2026-06");
        const months = Array.from({ length: 6 }, (_, i) => addMonths(current, i - 5));
        const statements: StatementView[] = [];
        for (const month of months) statements.push(await getMyStatement(viewer, kind, month, now, { limit: Infinity }));
        let moved = 0;
        for (const [i, s] of statements.entries()) {
          expect(total(s)).toBe(s.closing);
          await expectPageAgrees(viewer, s);
          if (i > 0) {
            expect(s.opening).toBe(statements[i - 1]!.closing);
            expect(s.notEffective.opening).toBe(statements[i - 1]!.notEffective.closing);
          }
          const usage = await usageOfMonth(viewer, kind, s.month);
          const deductions = usage.filter((r) => r.type === "deduction");
          const refunds = usage.filter((r) => r.type === "refund");
          expect(s.lines.used.amount).toBe(sum(deductions.map((r) => r.amount)));
          expect(s.lines.refunded.amount).toBe(sum(refunds.map((r) => r.amount)));
          expect(s.lines.used.recordCount).toBe(deductions.length);
          expect(s.lines.refunded.recordCount).toBe(refunds.length);
          for (const name of STATEMENT_LINES) {
            const line = s.lines[name];
            // Complete lists (limit Infinity) sum exactly to their line.
            if (name === "used" || name === "refunded") expect(sum(line.records.map((r) => r.amount))).toBe(line.amount);
            else expect(sum(line.vouchers.map((v) => v.amount))).toBe(line.amount);
            moved += line.amount;
          }
        }
        expect(statements[0]!.opening).toBe(0);
        expect(moved).toBeGreaterThan(0);
        const last = statements.at(-1)!;
        expect(last.soFar).toBe(true);
        expect(last.end).toEqual(now);
        expect(statements.slice(0, -1).every((s) => !s.soFar)).toBe(true);
        // The balance so far is SPEC 4's balance now, as the overview computes it in SQL.
        expect(last.closing).toBe((await getMyBillingOverview(viewer, now)).availableBalance[kind]);
      });
    }
  }

  it("the seeded histories move money in at least three different months", async () => {
    const active = new Set<string>();
    for (const month of ["2026-03", "2026-04", "2026-05", "2026-06"]) {
      const s = await getMyStatement(alice, "cash", month, now);
      if (STATEMENT_LINES.some((name) => s.lines[name].amount > 0)) active.add(month);
    }
    expect(active.size).toBeGreaterThanOrEqual(3);
  });
});

describe("boundaries and listed vouchers (dave)", () => {
  it("an expiry at the first instant of May is April's; a deduction at that instant is May's, one a millisecond earlier April's", async () => {
    const april = await getMyStatement(dave, "cash", "2026-04", now);
    const may = await getMyStatement(dave, "cash", "2026-05", now);
    expect(april.lines.expired.amount).toBe(400);
    expect(april.lines.used.amount).toBe(300 + 100);
    expect(may.lines.expired.amount).toBe(0);
    expect(may.lines.used.amount).toBe(50);
    expect(may.lines.used.recordCount).toBe(1);
    expect(april.notEffective.closing).toBe(2_000);
    expect(may.notEffective.opening).toBe(2_000);
    expect(may.notEffective.closing).toBe(0);
  });

  it("lists at most 20 vouchers per line and counts all of them; each listed amount is what it put on the line", async () => {
    const may = await getMyStatement(dave, "cash", "2026-05", now);
    const line = may.lines.redeemed;
    expect(line.voucherCount).toBe(24);
    expect(line.vouchers).toHaveLength(20);
    expect(line.amount).toBe(2_000 + sum(Array.from({ length: 23 }, (_, i) => 100 + i)));
    // Oldest redeemed first: the April redemption that took effect in May leads.
    expect(line.vouchers[0]!.amount).toBe(2_000);
    expect(line.vouchers.slice(1).map((v) => v.amount)).toEqual(Array.from({ length: 19 }, (_, i) => 100 + i));
  });
});

describe("the page's groups of records (loadKindHistoryGrouped)", () => {
  it("records on both sides of an expiry, a void and a taking effect in one month give the page the CSV's figures", async () => {
    const { db } = getDatabase();
    const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Erin's desk", createdAt: new Date("2026-01-01T00:00:00Z") }).returning();
    const erin: Viewer = { userId: "erin", email: "erin@example.com", name: "Erin", role: "customer", accountId: account!.id };
    const day = (n: number) => new Date(mayStart().getTime() + (n - 1) * 86_400_000);
    // A voucher and its deductions; its balance is what they leave (an invariant the page's groups rely on).
    const voucher = async (faceValue: number, dates: { createdAt: Date; effectiveAt: Date; expiresAt: Date; voidedAt?: Date }, deductions: Array<[number, Date]>) => {
      const { voidedAt = null } = dates;
      const balance = faceValue - sum(deductions.map(([amount]) => amount));
      const [row] = await db
        .insert(vouchers)
        .values({ publicId: newPublicId("vch"), accountId: account!.id, kind: "cash", faceValue, balance, ...dates, voidedAt, voidReason: voidedAt ? "Issued by mistake" : null, voidedBy: voidedAt ? admin.userId : null })
        .returning();
      for (const [amount, createdAt] of deductions) {
        await db.insert(usageRecords).values({ accountId: account!.id, voucherId: row!.id, source: "cash", type: "deduction", status: "success", amount, balanceAfter: 0, createdAt });
      }
    };
    const december = new Date("2026-12-01T00:00:00Z");
    // Expires on May 15: one deduction before, one after (only clock skew makes one; the statement balances it on the expired line).
    const april25 = new Date("2026-04-25T00:00:00Z");
    await voucher(500, { createdAt: april25, effectiveAt: april25, expiresAt: day(15) }, [
      [30, new Date("2026-04-28T00:00:00Z")],
      [100, day(10)],
      [70, day(20)],
    ]);
    // Voided on May 12, with a deduction before and after, and one at the void's very instant.
    await voucher(300, { createdAt: day(2), effectiveAt: day(2), expiresAt: december, voidedAt: day(12) }, [
      [40, day(5)],
      [25, day(12)],
      [15, day(13)],
    ]);
    // Takes effect on May 8: one deduction before, one at that instant, one after.
    await voucher(200, { createdAt: day(3), effectiveAt: day(8), expiresAt: december }, [
      [10, day(4)],
      [5, day(8)],
      [20, day(9)],
    ]);

    for (const month of ["2026-04", "2026-05", "2026-06"]) {
      const full = await getMyStatement(erin, "cash", month, now, { limit: Infinity });
      expect(total(full)).toBe(full.closing);
      await expectPageAgrees(erin, full);
    }
    const may = await getMyStatement(erin, "cash", "2026-05", now);
    expect(may.lines.used.amount).toBe(100 + 70 + 40 + 25 + 15 + 10 + 5 + 20);
    expect(may.lines.used.recordCount).toBe(8);
  });
});

describe("the loader", () => {
  it("reads the account's vouchers of one kind and the records on them before `until`, in (created_at, id) order", async () => {
    const { db } = getDatabase();
    const until = mayStart();
    const history = await loadKindHistory(db, dave.accountId!, "cash", until);
    const own = await db.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.accountId, dave.accountId!));
    expect(history.vouchers.length).toBe(3);
    for (const v of history.vouchers) {
      expect(own.map((o) => o.id)).toContain(v.id);
      expect(v.kind).toBe("cash");
      expect(v.createdAt.getTime()).toBeLessThan(until.getTime());
    }
    expect(history.records.map((r) => r.amount)).toEqual([300, 100]);
    const aliceCompute = await loadKindHistory(db, alice.accountId!, "compute", now);
    const ids = new Set(aliceCompute.vouchers.map((v) => v.id));
    expect(aliceCompute.vouchers.length).toBeGreaterThan(0);
    expect(aliceCompute.vouchers.every((v) => v.kind === "compute")).toBe(true);
    expect(aliceCompute.records.every((r) => r.voucherId !== null && ids.has(r.voucherId))).toBe(true);
    for (let i = 1; i < aliceCompute.records.length; i++) {
      const [a, b] = [aliceCompute.records[i - 1]!, aliceCompute.records[i]!];
      expect(a.createdAt.getTime() < b.createdAt.getTime() || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id)).toBe(true);
    }
  });
});

describe("authorization and input", () => {
  it("refuses signed-out callers and operators without a billing account", async () => {
    await expect(getMyStatement(null, "cash", "2026-05", now)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyStatement(admin, "cash", "2026-05", now)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("one customer never sees another's statement: only the caller's own vouchers are listed", async () => {
    const { db } = getDatabase();
    const ownIds = async (v: Viewer) =>
      new Set((await db.select({ publicId: vouchers.publicId }).from(vouchers).where(eq(vouchers.accountId, v.accountId!))).map((r) => r.publicId));
    const [aliceIds, bobIds] = [await ownIds(alice), await ownIds(bob)];
    for (const [viewer, own, other] of [
      [alice, aliceIds, bobIds],
      [bob, bobIds, aliceIds],
    ] as const) {
      for (const kind of KINDS) {
        for (const month of ["2026-03", "2026-04", "2026-05", "2026-06"]) {
          const s = await getMyStatement(viewer, kind, month, now, { limit: Infinity });
          for (const name of STATEMENT_LINES) {
            for (const id of [...s.lines[name].vouchers.map((v) => v.publicId), ...s.lines[name].records.map((r) => r.voucherPublicId)]) {
              expect(own.has(id)).toBe(true);
              expect(other.has(id)).toBe(false);
            }
          }
        }
      }
    }
    // Bob's scale is twice alice's: the same history shape, never the same figures.
    const a = await getMyStatement(alice, "cash", "2026-05", now);
    const b = await getMyStatement(bob, "cash", "2026-05", now);
    expect(b.lines.used.amount).toBe(2 * a.lines.used.amount);
  });

  it("refuses a month after the current one, a malformed month and a kind without a statement", async () => {
    await expect(getMyStatement(alice, "cash", "2026-07", now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(getMyStatement(alice, "cash", "2026-5", now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(getMyStatement(alice, "discount" as StoredValueKind, "2026-05", now)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("the current month at its very first instant is an empty statement at the balance of that instant", async () => {
    const start = monthRange("2026-06", tz()).start;
    const s = await getMyStatement(alice, "cash", "2026-06", start);
    const may = await getMyStatement(alice, "cash", "2026-05", start);
    expect(s.soFar).toBe(true);
    expect(s.opening).toBe(may.closing);
    expect(s.closing).toBe(s.opening);
    expect(STATEMENT_LINES.every((name) => s.lines[name].amount === 0)).toBe(true);
  });
});

describe("the page's URL state", () => {
  it("defaults to cash and the current month, drops and names wrong values, never throws", () => {
    const zone = tz();
    expect(parseStatementParams({}, now, zone)).toEqual({ kind: "cash", month: "2026-06", currentMonth: "2026-06", dropped: [] });
    expect(parseStatementParams({ kind: "compute", month: "2026-02" }, now, zone)).toMatchObject({ kind: "compute", month: "2026-02", dropped: [] });
    expect(parseStatementParams({ kind: "discount", month: "2026-13" }, now, zone)).toMatchObject({ kind: "cash", month: "2026-06", dropped: ["kind", "month"] });
    expect(parseStatementParams({ month: "2026-07" }, now, zone)).toMatchObject({ month: "2026-06", dropped: ["futureMonth"] });
    expect(parseStatementParams({ month: "1969-12" }, now, zone)).toMatchObject({ month: "2026-06", dropped: ["month"] });
    expect(parseStatementParams({ kind: ["compute", "cash"], month: " 2026-01 " }, now, zone)).toMatchObject({ kind: "compute", month: "2026-01", dropped: [] });
    expect(parseStatementParams({ kind: "" }, now, zone)).toMatchObject({ kind: "cash", dropped: [] });
  });

  it("links the neighbouring months within bounds and the usage history of the month", () => {
    expect(neighbourMonths("2026-06", "2026-06")).toEqual({ previous: "2026-05", next: null });
    expect(neighbourMonths("2026-01", "2026-06")).toEqual({ previous: "2025-12", next: "2026-02" });
    expect(neighbourMonths("1970-01", "2026-06")).toEqual({ previous: null, next: "1970-02" });
    expect(statementUsageHref("compute", "2026-02")).toBe("/billing/usage?from=2026-02-01&to=2026-02-28&status=success&kind=compute");
  });
});
