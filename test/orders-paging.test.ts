/**
 * /billing/orders pages its orders with keyset cursors (issue 18: no unbounded
 * list, HTML ≤ 60 kB on a large account): every order exactly once across the
 * pages, newest first, ties on created_at broken by id, at most 50 a page, and a
 * cursor that was not made by the list is refused rather than read.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { isOrderCursor, listMyOrderPage, listMyOrders, ORDER_PAGE_SIZE } from "@/lib/dal/orders/read";
import type { Viewer } from "@/lib/dal/viewer";
import { encodeCursorPayload } from "@/lib/cursor";
import { rowsOf } from "@/lib/dal/tx";
import { setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
const now = new Date("2026-06-15T04:00:00Z");
/** Orders added to alice's: three pages and a bit, a third of them sharing one instant. */
const MANY = ORDER_PAGE_SIZE * 3 + 4;
let alice: Viewer;
let bob: Viewer;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  const at = now.toISOString();
  // Every third order at the same microsecond as its neighbours: only the id orders them.
  await db.execute(sql`
    INSERT INTO orders (public_id, account_id, amount, status, created_at, expires_at)
    SELECT 'ord_' || lpad(to_hex(g), 16, '0'), ${alice.accountId!}, 1000 + g, 'pending',
      ${at}::timestamptz - (g / 3) * interval '1 minute' - interval '0.000001 second', ${at}::timestamptz + interval '1 day'
    FROM generate_series(1, ${MANY}) g`);
  await db.execute(sql`
    INSERT INTO order_items (order_id, product_id, product_name, provider_id, unit_price, quantity, amount)
    SELECT o.id, p.id, p.name, p.provider_id, o.amount, 1, o.amount
    FROM orders o, (SELECT * FROM products ORDER BY id LIMIT 1) p
    WHERE o.account_id = ${alice.accountId!} AND o.public_id LIKE 'ord_0000%'`);
});

async function allPages(viewer: Viewer, pageSize?: number) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await listMyOrderPage(viewer, now, { ...(cursor ? { cursor } : {}), ...(pageSize ? { pageSize } : {}) });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
    if (cursor) expect(isOrderCursor(cursor)).toBe(true);
  } while (cursor && pages.length < 100);
  return pages;
}

describe("the order list's keyset pages", () => {
  it("list every order once, newest first, ORDER_PAGE_SIZE a page, and end with no cursor", async () => {
    const { db } = getDatabase();
    const expected = await db.execute(sql`SELECT public_id FROM orders WHERE account_id = ${alice.accountId!} ORDER BY created_at DESC, id DESC`);
    const ids = rowsOf<{ public_id: string }>(expected).map((r) => r.public_id);
    expect(ids.length).toBeGreaterThan(MANY);

    const pages = await allPages(alice);
    expect(pages.length).toBe(Math.ceil(ids.length / ORDER_PAGE_SIZE));
    for (const page of pages.slice(0, -1)) expect(page.items).toHaveLength(ORDER_PAGE_SIZE);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages.flatMap((p) => p.items.map((o) => o.publicId))).toEqual(ids);
  });

  it("hold across pages of another size (the cursor is the position, not a page number)", async () => {
    const bySeven = (await allPages(alice, 7)).flatMap((p) => p.items.map((o) => o.publicId));
    const byDefault = (await allPages(alice)).flatMap((p) => p.items.map((o) => o.publicId));
    expect(bySeven).toEqual(byDefault);
  });

  it("never hold more than 50 orders, whatever page size is asked for", async () => {
    expect((await listMyOrderPage(alice, now, { pageSize: 10_000 })).items).toHaveLength(50);
    expect(await listMyOrders(alice, now)).toHaveLength(50);
  });

  it("show a pending order past its expiry as expired", async () => {
    const later = new Date(now.getTime() + 2 * 86_400_000);
    const { items } = await listMyOrderPage(alice, later);
    expect(items.filter((o) => o.publicId.startsWith("ord_0000")).every((o) => o.status === "expired")).toBe(true);
  });

  it("refuse a cursor the list did not make, and never list another account's orders", async () => {
    for (const bad of ["nope", encodeCursorPayload({ v: 1, t: "2026-02-30T00:00:00.000000Z", id: 1 }), encodeCursorPayload({ v: 2, t: "2026-01-01T00:00:00.000000Z", id: 1 })]) {
      expect(isOrderCursor(bad)).toBe(false);
      await expect(listMyOrderPage(alice, now, { cursor: bad })).rejects.toMatchObject({ code: "invalid_input" });
    }
    await expect(listMyOrderPage(null, now)).rejects.toMatchObject({ code: "unauthenticated" });
    const alicePage = await listMyOrderPage(alice, now);
    const bobAll = (await allPages(bob)).flatMap((p) => p.items.map((o) => o.publicId));
    expect(bobAll.some((id) => alicePage.items.some((o) => o.publicId === id))).toBe(false);
    // Alice's cursor on bob's list seeks by position only within bob's own orders.
    const bobAfter = await listMyOrderPage(bob, now, { cursor: alicePage.nextCursor! });
    expect(bobAfter.items.every((o) => bobAll.includes(o.publicId))).toBe(true);
  });
});
