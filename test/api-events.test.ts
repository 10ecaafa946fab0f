/**
 * The event feed, GET /api/v1/events (docs/events.md), through the route
 * handler: what the API's own changes record, filters, paging by `after`, and
 * the settle rule on PostgreSQL: an event whose transaction is still open holds
 * back every later one, so a reader that moves on never skips it.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { recordEvents } from "@/lib/dal/events";
import { EVENT_PAYLOADS, type EventType } from "@/lib/events/types";
import { callApi, insertApiKey, seedApiWorld } from "./api-harness";
import { setupTestDatabase, usingPostgres } from "./db";
import { findInvariantViolations } from "./invariants";

const getDatabase = setupTestDatabase();
/** How long a committed event may wait for older transactions to end, here. */
const SETTLE = { timeout: 10_000, interval: 100 };
const now = new Date();
let key: string;
let readOnly: string;
let alice: { id: number; publicId: string };
let bob: { id: number; publicId: string };
let muxi: string;

type Feed = { items: Array<{ id: string; type: EventType; accountId: string | null; version: number; createdAt: string; payload: Record<string, unknown> }>; hasMore: boolean };
const feed = async (query: string, secret = readOnly) => {
  const response = await callApi({ path: `/api/v1/events${query}`, secret });
  return { status: response.status, json: response.json as unknown as Feed };
};
const post = (path: string, body: unknown) => callApi({ method: "POST", path, body, secret: key, idempotencyKey: randomUUID() });

/** Every event of an account, following the feed page by page. */
async function allOf(accountId: string, limit = 2): Promise<Feed["items"]> {
  const items: Feed["items"] = [];
  let after = "";
  for (;;) {
    const page = await feed(`?accountId=${accountId}&limit=${limit}${after}`);
    expect(page.status).toBe(200);
    items.push(...page.json.items);
    if (!page.json.hasMore) return items;
    after = `&after=${page.json.items.at(-1)!.id}`;
  }
}

beforeAll(async () => {
  const { db } = getDatabase();
  const world = await seedApiWorld(db, now);
  ({ alice, bob } = world);
  muxi = world.muxi.publicId;
  key = (await insertApiKey(db, "Billing bridge", ["read", "pay", "charge", "refund"], now)).secret;
  readOnly = (await insertApiKey(db, "Dashboard", ["read"], now)).secret;
});

describe("GET /api/v1/events", () => {
  it("tells what the API's changes recorded, in order, each payload as documented", async () => {
    const before = await allOf(alice.publicId);
    expect((await post(`/api/v1/accounts/${alice.publicId}/top-ups`, { amount: 500, reason: "Bank transfer" })).status).toBe(201);
    const paid = await post("/api/v1/orders", { accountId: alice.publicId, productId: muxi, quantity: 1 });
    expect(paid.status).toBe(201);
    const order = paid.json as { id: string; amount: number; cashAmount: number; voucherAmount: number; discountAmount: number };
    expect((await post(`/api/v1/orders/${order.id}/refunds`, { amount: 1, reason: "Goodwill" })).status).toBe(201);

    // Listed once every transaction that began before them has ended (other tests' too, on a shared server).
    await expect.poll(async () => (await allOf(alice.publicId)).slice(before.length).map((e) => e.type), SETTLE).toEqual(["account.topped_up", "order.paid", "order.refunded"]);
    const added = (await allOf(alice.publicId)).slice(before.length);
    for (const e of added) {
      expect(e).toMatchObject({ accountId: alice.publicId, version: 1 });
      expect(e.id).toMatch(/^evt_/);
      expect(EVENT_PAYLOADS[e.type].safeParse(e.payload).success, e.type).toBe(true);
    }
    expect(added[1]!.payload).toEqual({ orderId: order.id, amount: order.amount, discountAmount: order.discountAmount, voucherAmount: order.voucherAmount, cashAmount: order.cashAmount });
    expect(added[2]!.payload).toMatchObject({ orderId: order.id, amount: 1, refundedAmount: 1, orderStatus: "partially_refunded" });
  });

  it("filters by account and by type; pages by `after` with no gap or repeat", async () => {
    await post(`/api/v1/accounts/${bob.publicId}/charges`, { amount: 300, reason: "GPU job 9" });
    await expect.poll(async () => (await allOf(bob.publicId, 100)).at(-1)?.type, SETTLE).toBe("account.arrears");
    const bobs = await allOf(bob.publicId, 1);
    expect(bobs.length).toBeGreaterThanOrEqual(2);
    expect(bobs.every((e) => e.accountId === bob.publicId)).toBe(true);
    expect(new Set(bobs.map((e) => e.id)).size).toBe(bobs.length);
    expect(bobs.map((e) => e.id)).toEqual((await allOf(bob.publicId, 100)).map((e) => e.id));
    // Bob was in arrears already: the charge deepens them.
    expect(bobs.slice(-2).map((e) => e.type)).toEqual(["account.charged", "account.arrears"]);

    const charged = await feed("?type=account.charged&limit=100");
    expect(charged.json.items.length).toBeGreaterThan(0);
    expect(charged.json.items.every((e) => e.type === "account.charged")).toBe(true);
  });

  it("refuses what it can't answer: an unknown event or account (404), a bad type or limit (422), no read scope (403)", async () => {
    expect((await feed("?after=evt_doesnotexist000")).status).toBe(404);
    expect((await feed("?accountId=acc_doesnotexist000")).status).toBe(404);
    expect((await feed("?type=order.shipped")).status).toBe(422);
    expect((await feed("?limit=0")).status).toBe(422);
    expect((await feed("?limit=101")).status).toBe(422);
    const payOnly = (await insertApiKey(getDatabase().db, "Payer", ["pay"], now)).secret;
    expect((await feed("", payOnly)).status).toBe(403);
  });

  it.runIf(usingPostgres())("an event of a transaction still open holds back every later one, and then comes first", async () => {
    const { db } = getDatabase();
    const lastId = async () => {
      let after = "";
      for (;;) {
        const page = await feed(`?limit=100${after}`);
        if (!page.json.hasMore) return page.json.items.at(-1)?.id ?? (after ? after.slice("&after=".length) : "");
        after = `&after=${page.json.items.at(-1)!.id}`;
      }
    };
    const start = await lastId();
    const since = async () => (await feed(`?limit=100${start ? `&after=${start}` : ""}`)).json.items;
    let inserted!: () => void;
    let release!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    const gate = new Promise<void>((r) => (release = r));
    const holding = db.transaction(async (tx) => {
      await recordEvents(tx, [{ type: "account.topped_up", accountId: alice.id, payload: { amount: 1, cashBalance: 1 } }], now);
      inserted();
      await gate;
    });
    await insertedSignal;
    try {
      // A later change commits while the first is open (on another account: the open insert holds a key-share
      // lock on alice's row, as any row referring to it would): its event waits too.
      expect((await post(`/api/v1/accounts/${bob.publicId}/top-ups`, { amount: 2 })).status).toBe(201);
      expect(await since()).toEqual([]);
    } finally {
      release();
      await holding;
    }
    await expect.poll(async () => (await since()).map((e) => [e.accountId, e.payload.amount]), SETTLE).toEqual([
      [alice.publicId, 1],
      [bob.publicId, 2],
    ]);
  });

  it("leaves every invariant holding", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });
});
