/**
 * No unbounded list on a customer page (issue 18, P3): an account with more rows
 * than every list's bound, and each page-level read returns at most its bound,
 * with the way to the rest (a next cursor, or the count behind the overview's link).
 * A read that loses its LIMIT fails here.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { getMyInsights, FORECAST_LIST_LIMIT } from "@/lib/dal/insights/overview";
import { listMyOrders } from "@/lib/dal/orders/read";
import { listMyUsage } from "@/lib/dal/usage";
import type { Viewer } from "@/lib/dal/viewer";
import { EXPIRING_LIST_LIMIT, getMyBillingOverview, getMyVoucherTab } from "@/lib/dal/vouchers";
import { USAGE_PAGE_SIZE } from "@/lib/usage/filter";
import { VOUCHER_PAGE_SIZE } from "@/lib/vouchers/list-filter";
import { setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
const now = new Date("2026-06-15T04:00:00Z");
/** Rows of each list: more than any page holds. */
const MANY = Math.max(VOUCHER_PAGE_SIZE, USAGE_PAGE_SIZE, EXPIRING_LIST_LIMIT, FORECAST_LIST_LIMIT, 50) + 7;
let alice: Viewer;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  const account = alice.accountId!;
  const at = now.toISOString();
  // Cash vouchers expiring within the week (the overview's list), and as many expiring one a
  // day from 10 days on, each its own "will expire unused" total at this account's small pace.
  await db.execute(sql`
    INSERT INTO vouchers (public_id, account_id, kind, face_value, balance, effective_at, expires_at, created_at)
    SELECT 'vch_' || lpad(to_hex(g), 16, '0'), ${account}, 'cash', 1000, 1000,
      ${at}::timestamptz - interval '1 day', ${at}::timestamptz + g * interval '1 day' / ${MANY * 2}, ${at}::timestamptz - interval '1 day'
    FROM generate_series(1, ${MANY}) g`);
  await db.execute(sql`
    INSERT INTO vouchers (public_id, account_id, kind, face_value, balance, effective_at, expires_at, created_at)
    SELECT 'vch_' || lpad(to_hex(1000 + g), 16, '0'), ${account}, 'cash', 100000, 100000,
      ${at}::timestamptz - interval '1 day', ${at}::timestamptz + (10 + g) * interval '1 day', ${at}::timestamptz - interval '1 day'
    FROM generate_series(1, ${MANY}) g`);
  // Pending orders, and a failed usage record for each.
  await db.execute(sql`
    INSERT INTO orders (public_id, account_id, amount, status, created_at, expires_at)
    SELECT 'ord_' || lpad(to_hex(g), 16, '0'), ${account}, 1000, 'pending',
      ${at}::timestamptz - g * interval '1 minute', ${at}::timestamptz - g * interval '1 minute' + interval '30 minutes'
    FROM generate_series(1, ${MANY}) g`);
  await db.execute(sql`
    INSERT INTO order_items (order_id, product_id, product_name, provider_id, unit_price, quantity, amount)
    SELECT o.id, p.id, p.name, p.provider_id, 1000, 1, 1000
    FROM orders o, (SELECT * FROM products ORDER BY id LIMIT 1) p
    WHERE o.account_id = ${account} AND o.public_id LIKE 'ord_0000%'`);
  await db.execute(sql`
    INSERT INTO usage_records (account_id, order_id, source, type, status, amount, failure_reason, created_at)
    SELECT ${account}, o.id, 'cash_balance', 'deduction', 'failure', 1000, 'Your cash balance is not enough for this order.', o.created_at
    FROM orders o WHERE o.account_id = ${account} AND o.public_id LIKE 'ord_0000%'`);
});

describe("every list a customer page shows is bounded", () => {
  it("the overview lists at most EXPIRING_LIST_LIMIT expiring vouchers and counts the rest for its link", async () => {
    const overview = await getMyBillingOverview(alice, now);
    expect(overview.expiringSoon).toHaveLength(EXPIRING_LIST_LIMIT);
    expect(overview.expiringCounts.cash).toBeGreaterThanOrEqual(MANY);
    const times = overview.expiringSoon.map((v) => v.expiresAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("the voucher tab shows one page and a cursor to the next", async () => {
    const tab = await getMyVoucherTab(alice, "cash", now, {});
    expect(tab.page.items).toHaveLength(VOUCHER_PAGE_SIZE);
    expect(tab.page.nextCursor).not.toBeNull();
  });

  it("the usage history shows one page and a cursor to the next", async () => {
    const page = await listMyUsage(alice, {});
    expect(page.items).toHaveLength(USAGE_PAGE_SIZE);
    expect(page.nextCursor).not.toBeNull();
  });

  it("the order list shows at most 50 orders", async () => {
    expect(await listMyOrders(alice, now)).toHaveLength(50);
  });

  it("the insights' forecast lists at most FORECAST_LIST_LIMIT totals and counts the rest", async () => {
    const { forecast, forecastCount } = await getMyInsights(alice, now);
    expect(forecast).toHaveLength(FORECAST_LIST_LIMIT);
    expect(forecastCount).toBeGreaterThanOrEqual(MANY);
  });
});
