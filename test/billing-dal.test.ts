import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData, writeDemoCodes, type SeedResult } from "@/db/seed";
import { getAdminOverview } from "@/lib/dal/admin/overview";
import { deductibleVoucherSql, voucherStatusSql } from "@/lib/dal/status-sql";
import type { Viewer } from "@/lib/dal/viewer";
import {
  getMyAmountsSummary,
  getMyBillingOverview,
  getMyDiscountCounts,
  listMyVouchers,
} from "@/lib/dal/vouchers";
import { addDays } from "@/lib/time";
import { VOUCHER_KINDS, VOUCHER_STATUSES } from "@/lib/vouchers/kinds";
import { isDeductible, voucherStatus } from "@/lib/vouchers/status";
import { countByStatus, summarizeAmounts } from "@/lib/vouchers/summary";
import { setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
const now = new Date("2026-06-15T04:00:00Z");
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
let seeded: SeedResult;

beforeAll(async () => {
  const { db } = getDatabase();
  seeded = await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);
});

describe("customer reads are scoped to the caller's own account", () => {
  it("alice and bob each list only their own vouchers, with no id in common", async () => {
    for (const kind of VOUCHER_KINDS) {
      const mine = (await listMyVouchers(alice, kind, now)).items;
      const theirs = (await listMyVouchers(bob, kind, now)).items;
      expect(mine.length).toBe(6);
      expect(theirs.length).toBe(6);
      expect(mine.filter((v) => theirs.some((t) => t.publicId === v.publicId))).toEqual([]);
    }
  });

  it("signed-out callers are refused every read", async () => {
    await expect(listMyVouchers(null, "cash", now)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyAmountsSummary(null, "cash", now)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyDiscountCounts(null, now)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyBillingOverview(null, now)).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("a user without a billing account is refused customer reads", async () => {
    await expect(listMyVouchers(admin, "cash", now)).rejects.toMatchObject({ code: "forbidden" });
    await expect(getMyBillingOverview(admin, now)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("the admin overview refuses customers and signed-out callers", async () => {
    await expect(getAdminOverview(alice)).rejects.toMatchObject({ code: "forbidden" });
    await expect(getAdminOverview(null)).rejects.toMatchObject({ code: "unauthenticated" });
    const overview = await getAdminOverview(admin);
    expect(overview.totals.find(([key]) => key === "vouchers")?.[1]).toBe(36);
  });
});

describe("status and amounts (SPEC 4) computed by the database agree with the domain rules", () => {
  const instants = [now, addDays(now, 5), addDays(now, 10), addDays(now, -45), addDays(now, 200)];

  it("the SQL status of every voucher equals voucherStatus at several instants, boundaries included", async () => {
    const { db } = getDatabase();
    const rows = await db.select().from(vouchers);
    // Also exactly at a voucher's effective and expiry instants.
    const boundaries = rows.flatMap((r) => [r.effectiveAt, r.expiresAt]).slice(0, 6);
    for (const at of [...instants, ...boundaries]) {
      const sqlRows = await db.select({ id: vouchers.id, status: voucherStatusSql(at) }).from(vouchers);
      for (const row of rows) {
        const expected = voucherStatus(row, at);
        expect({ id: row.id, status: sqlRows.find((r) => r.id === row.id)?.status }).toEqual({ id: row.id, status: expected });
      }
    }
  });

  it("the SQL rule of the vouchers a payment may use equals isDeductible at the same instants", async () => {
    const { db } = getDatabase();
    const rows = await db.select().from(vouchers);
    const boundaries = rows.flatMap((r) => [r.effectiveAt, r.expiresAt]).slice(0, 6);
    let deductible = 0;
    for (const at of [...instants, ...boundaries]) {
      // SQL's unknown (a NULL balance compared) is "no" in a WHERE, as here.
      const sqlRows = await db.select({ id: vouchers.id, deductible: sql<boolean>`coalesce(${deductibleVoucherSql(at)}, false)` }).from(vouchers);
      for (const row of rows) {
        const expected = isDeductible(row, at);
        if (expected) deductible++;
        expect({ id: row.id, deductible: sqlRows.find((r) => r.id === row.id)?.deductible }).toEqual({ id: row.id, deductible: expected });
      }
    }
    // Both answers occur, so the comparison proves something.
    expect(deductible).toBeGreaterThan(0);
    expect(deductible).toBeLessThan(rows.length * (instants.length + boundaries.length));
  });

  it("the seed gives alice every status in every kind", async () => {
    for (const kind of VOUCHER_KINDS) {
      const statuses = new Set((await listMyVouchers(alice, kind, now)).items.map((v) => v.status));
      expect([...statuses].sort()).toEqual([...VOUCHER_STATUSES].sort());
    }
  });

  it("the database summary equals summarizeAmounts over the same vouchers and obeys the formula", async () => {
    for (const viewer of [alice, bob]) {
      for (const kind of ["cash", "compute"] as const) {
        for (const at of instants) {
          const list = (await listMyVouchers(viewer, kind, at)).items;
          const expected = summarizeAmounts(list.map((v) => ({ faceValue: v.faceValue!, balance: v.balance!, status: v.status })));
          const summary = await getMyAmountsSummary(viewer, kind, at);
          expect(summary).toEqual(expected);
          expect(summary.balance).toBe(summary.totalFaceValue - summary.used - summary.expired - summary.voided - summary.notEffective);
        }
      }
    }
  });

  it("discount vouchers are counted per status", async () => {
    const counts = await getMyDiscountCounts(alice, now);
    const list = (await listMyVouchers(alice, "discount", now)).items;
    expect(counts).toEqual(countByStatus(list.map((v) => v.status)));
    expect(counts.available).toBe(2);
  });
});

describe("the overview", () => {
  it("shows bob's arrears and alice's positive cash balance", async () => {
    const bobView = await getMyBillingOverview(bob, now);
    expect(bobView.cashBalance).toBeLessThan(0);
    expect(bobView.arrears).toBe(-bobView.cashBalance);
    const aliceView = await getMyBillingOverview(alice, now);
    expect(aliceView.cashBalance).toBeGreaterThan(0);
    expect(aliceView.arrears).toBe(0);
  });

  it("lists only available vouchers that expire within 7 days, and per-kind balances of available vouchers", async () => {
    const overview = await getMyBillingOverview(alice, now);
    expect(overview.expiringSoon.length).toBeGreaterThan(0);
    for (const v of overview.expiringSoon) {
      expect(v.status).toBe("available");
      expect(v.expiresAt.getTime() - now.getTime()).toBeLessThan(7 * 24 * 3600 * 1000);
    }
    const cash = await getMyAmountsSummary(alice, "cash", now);
    expect(overview.availableBalance.cash).toBe(cash.balance);
  });
});

describe("demo data and codes", () => {
  it("writes at least three unredeemed codes of each kind", () => {
    for (const kind of VOUCHER_KINDS) {
      expect(seeded.codes.filter((c) => c.kind === kind).length).toBeGreaterThanOrEqual(3);
    }
  });

  it("stores no plain code anywhere in the database", async () => {
    const { db } = getDatabase();
    // Every text-like column of every table, cast to text and searched for each code.
    const tables = await db.execute(sql`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')`);
    const rows = (Array.isArray(tables) ? tables : (tables as { rows: unknown[] }).rows) as Array<{ table_name: string; column_name: string }>;
    expect(rows.length).toBeGreaterThan(10);
    for (const { code } of seeded.codes) {
      for (const { table_name, column_name } of rows) {
        const hit = await db.execute(
          sql`SELECT 1 FROM ${sql.identifier(table_name)} WHERE ${sql.identifier(column_name)}::text LIKE ${"%" + code + "%"} LIMIT 1`,
        );
        const found = Array.isArray(hit) ? hit.length : (hit as { rows: unknown[] }).rows.length;
        expect(found, `${code} found in ${table_name}.${column_name}`).toBe(0);
      }
    }
  });

  it("the demo code file format is `<kind> <code>` per line", () => {
    const path = writeDemoCodes(seeded.codes, join(mkdtempSync(join(tmpdir(), "codes-")), "demo-codes.txt"));
    const file = readFileSync(path, "utf8");
    expect(file.trim().split("\n")).toHaveLength(seeded.codes.length);
    for (const line of file.trim().split("\n")) expect(line).toMatch(/^(cash|discount|compute) [0-9A-Z]{16,20}$/);
  });
});
