/**
 * /api/v1 through its route handlers, called with `new Request(…)` (no server):
 * each endpoint's success, the plumbing's refusals (401, 403, 404, 413, 415,
 * 400, 422, 429), Idempotency-Key (replay, another body, 10 at once: one order,
 * one payment), and a quote's plan that no longer holds (402, nothing paid).
 * Keys are inserted directly with their keyed hash, as the admin page would store them.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { billingAccounts, idempotencyKeys, orders, payments, products, vouchers } from "@/db/schema";
import { IDEMPOTENCY_REPLAY_MS, claimApiKey, dalRequestKey, recallApiResponse, storeApiResponse } from "@/lib/dal/api-idempotency";
import type { ApiScope } from "@/lib/api/spec";
import * as ordersRoute from "@/app/api/v1/orders/route";
import * as unknownRoute from "@/app/api/v1/[...path]/route";
import { createBillingClient } from "@/lib/api/client";
import { contractCheck } from "./api-contract";
import { DOCUMENT, callApi, inProcessFetch, insertApiKey, type Call as HarnessCall, type Handler, seedApiWorld } from "./api-harness";
import { findInvariantViolations } from "./invariants";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();
// The handlers read the clock (as actions do): the demo data is seeded around the real now.
const now = new Date();


let alice: { id: number; publicId: string; externalRef: string | null };
let bob: { id: number; publicId: string };
let muxi: { id: number; publicId: string; unitPrice: number };
const keys: Record<"all" | "read" | "pay" | "revoked" | "limited", { id: number; secret: string }> = {} as never;


async function insertKey(name: string, scopes: ApiScope[], revoked = false) {
  return insertApiKey(getDatabase().db, name, scopes, now, revoked);
}

type Call = Omit<HarnessCall, "secret"> & { secret?: string | null };

/** One request with the all-scopes key unless `secret` says otherwise. */
const call = (c: Call, handler?: Handler) => callApi({ ...c, secret: c.secret === undefined ? keys.all.secret : c.secret }, handler);

const getAccount = (accountId: string, c: Partial<Call> = {}) => call({ path: `/api/v1/accounts/${accountId}`, ...c });
const postOrder = (body: unknown, c: Partial<Call> = {}) => call({ method: "POST", path: "/api/v1/orders", body, ...c });
const postQuote = (body: unknown, c: Partial<Call> = {}) => call({ method: "POST", path: "/api/v1/quotes", body, ...c });

/** Everything an account could pay with: cash, and each voucher's balance and consumption. */
async function moneyOf(accountId: number) {
  const { db } = getDatabase();
  const [account] = await db.select({ cash: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
  const rows = await db.select({ id: vouchers.id, balance: vouchers.balance, consumedAt: vouchers.consumedAt }).from(vouchers).where(eq(vouchers.accountId, accountId));
  return { cash: account!.cash, vouchers: rows.sort((a, b) => a.id - b.id) };
}

beforeAll(async () => {
  const { db } = getDatabase();
  const world = await seedApiWorld(db, now);
  ({ alice, bob } = world);
  muxi = world.muxi;
  keys.all = await insertKey("GPU service", ["read", "pay", "charge", "refund"]);
  keys.read = await insertKey("Reader", ["read"]);
  keys.pay = await insertKey("Payer", ["pay"]);
  keys.revoked = await insertKey("Old", ["read", "pay"], true);
  keys.limited = await insertKey("Limited", ["read"]);
});

afterEach(() => {
  vi.unstubAllEnvs();
});


describe("each endpoint", () => {
  it("looks an account up by ID and by external reference", async () => {
    const byId = await getAccount(alice.publicId);
    expect(byId.status).toBe(200);
    expect(byId.headers.get("cache-control")).toBe("no-store");
    expect(byId.json).toMatchObject({ id: alice.publicId, name: "Alice's lab", externalRef: alice.externalRef, currency: "CNY" });
    expect(Number.isSafeInteger(byId.json!.cashBalance)).toBe(true);
    expect(byId.json).not.toHaveProperty("internalId");

    const byRef = await call({ path: `/api/v1/accounts?external_ref=${alice.externalRef}` });
    expect(byRef.status).toBe(200);
    expect(byRef.json).toEqual(byId.json);
  });

  it("tells an account's balances as the overview does", async () => {
    const response = await call({ path: `/api/v1/accounts/${alice.publicId}/balances` });
    expect(response.status).toBe(200);
    const body = response.json as { vouchers: { compute: { total: number; byProvider: Array<{ provider: string; balance: number }> } } };
    expect(response.json).toMatchObject({ accountId: alice.publicId, currency: "CNY", arrears: 0 });
    expect(body.vouchers.compute.byProvider.reduce((s, g) => s + g.balance, 0)).toBe(body.vouchers.compute.total);
  });

  it("quotes, pays, and reads the order back", async () => {
    const quote = await postQuote({ accountId: alice.publicId, items: [{ productId: muxi.publicId, quantity: 1 }] }, { secret: keys.read.secret });
    expect(quote.status).toBe(200);
    expect(quote.json).toMatchObject({ accountId: alice.publicId, amount: muxi.unitPrice, currency: "CNY", planFailure: null });
    const plan = quote.json!.plan as { amount: number };
    expect(plan.amount).toBe(muxi.unitPrice);

    const paid = await postOrder({ accountId: alice.publicId, productId: muxi.publicId, quantity: 1, plan }, { secret: keys.pay.secret });
    expect(paid.status).toBe(201);
    expect(paid.json).toMatchObject({ accountId: alice.publicId, status: "paid", amount: muxi.unitPrice, currency: "CNY" });
    const order = paid.json as { id: string; discountAmount: number; voucherAmount: number; cashAmount: number };
    expect(order.discountAmount + order.voucherAmount + order.cashAmount).toBe(muxi.unitPrice);

    const read = await call({ path: `/api/v1/orders/${order.id}`, secret: keys.read.secret });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(paid.json);
  });

  it("pays with the automatic plan when none is sent", async () => {
    const paid = await postOrder({ accountId: bob.publicId, productId: muxi.publicId, quantity: 1 });
    expect([201, 402]).toContain(paid.status);
    if (paid.status === 201) expect(paid.json).toMatchObject({ accountId: bob.publicId, status: "paid" });
  });
});

describe("the typed client (lib/api/client), as a platform service uses it", () => {
  it("quotes a Muxi order for an account, pays it with its computing power voucher, replays the request safely, and reads it back", async () => {
    const api = createBillingClient({ baseUrl: "http://localhost", apiKey: keys.all.secret, fetch: inProcessFetch });
    api.use(contractCheck(DOCUMENT));
    const account = await api.GET("/api/v1/accounts", { params: { query: { external_ref: alice.externalRef! } } });
    expect(account.data?.id).toBe(alice.publicId);
    const quote = await api.POST("/api/v1/quotes", { body: { accountId: alice.publicId, items: [{ productId: muxi.publicId, quantity: 1 }] } });
    expect(quote.data?.plan?.vouchers.length).toBeGreaterThan(0);
    const idempotencyKey = randomUUID();
    const body = { accountId: alice.publicId, productId: muxi.publicId, quantity: 1, plan: quote.data!.plan! };
    const paid = await api.POST("/api/v1/orders", { body, params: { header: { "Idempotency-Key": idempotencyKey } } });
    expect(paid.response.status).toBe(201);
    expect(paid.data).toMatchObject({ status: "paid", cashAmount: 0 });
    const again = await api.POST("/api/v1/orders", { body, params: { header: { "Idempotency-Key": idempotencyKey } } });
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data).toEqual(paid.data);
    const read = await api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId: paid.data!.id } } });
    expect(read.data).toEqual(paid.data);
  });

  it("a refusal arrives as a typed problem", async () => {
    const api = createBillingClient({ baseUrl: "http://localhost", apiKey: keys.read.secret, fetch: inProcessFetch });
    api.use(contractCheck(DOCUMENT));
    const refused = await api.POST("/api/v1/orders", { body: { accountId: alice.publicId, productId: muxi.publicId, quantity: 1 } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: "forbidden", status: 403 });
  });
});

describe("refusals", () => {
  it("401 without a key, with a malformed, unknown or revoked one", async () => {
    for (const c of [
      { secret: null },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer" },
      { authorization: `Bearer ${keys.all.secret} extra` },
      { secret: "sk_live_unknownunknownunknownunknown" },
      { secret: keys.revoked.secret },
    ] satisfies Partial<Call>[]) {
      const response = await getAccount(alice.publicId, c);
      expect(response.status, JSON.stringify(c)).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.json).toMatchObject({ status: 401, code: "unauthenticated", type: "https://billing.example/problems/unauthenticated" });
    }
  });

  it("403 for a key without the endpoint's scope, before anything is read", async () => {
    const noPay = await postOrder({ accountId: alice.publicId, productId: muxi.publicId, quantity: 1 }, { secret: keys.read.secret });
    expect(noPay.status).toBe(403);
    expect(noPay.json).toMatchObject({ code: "forbidden", reason: "missing_scope", values: { scope: "pay" } });
    const noRead = await getAccount(alice.publicId, { secret: keys.pay.secret });
    expect(noRead.status).toBe(403);
  });

  it("404 for an unknown account or order, and for a segment that can't be an ID, all alike", async () => {
    const unknown = await getAccount("acc_doesnotexist000");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: "not_found", type: "https://billing.example/problems/not_found" });
    expect((await getAccount("not-an-id")).status).toBe(404);
    const byRef = await call({ path: "/api/v1/accounts?external_ref=platform-user-9999" });
    expect(byRef.status).toBe(404);
    const order = await call({ path: "/api/v1/orders/ord_doesnotexist000" });
    expect(order.status).toBe(404);
    const quote = await postQuote({ accountId: "acc_doesnotexist000", items: [{ productId: muxi.publicId, quantity: 1 }] });
    expect(quote.status).toBe(404);
  });

  it("413 for a body over 64 kB, by Content-Length and while reading", async () => {
    const big = JSON.stringify({ accountId: alice.publicId, productId: muxi.publicId, quantity: 1, pad: "x".repeat(70_000) });
    const declared = await postOrder(undefined, { rawBody: "{}", headers: { "Content-Type": "application/json", "Content-Length": "70000" } });
    expect(declared.status).toBe(413);
    const streamed = await postOrder(undefined, {
      rawBody: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      headers: { "Content-Type": "application/json" },
    });
    expect(streamed.status).toBe(413);
    expect(streamed.json).toMatchObject({ code: "payload_too_large" });
  });

  it("415 for a body that is not application/json", async () => {
    const response = await postOrder(undefined, { rawBody: "accountId=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({ code: "unsupported_media_type" });
  });

  it("400 for bad JSON", async () => {
    for (const raw of ["{", "", "{\"a\":}", "\u00ff"]) {
      const response = await postOrder(undefined, { rawBody: raw, headers: { "Content-Type": "application/json" } });
      expect(response.status, raw).toBe(400);
      expect(response.json).toMatchObject({ code: "malformed_json" });
    }
  });

  it("422 with per-field errors for unknown or invalid fields", async () => {
    const unknownField = await postOrder({ accountId: alice.publicId, productId: muxi.publicId, quantity: 1, price: 1 });
    expect(unknownField.status).toBe(422);
    expect(unknownField.json).toMatchObject({ code: "validation_failed", errors: [{ field: "price", message: "Unknown field." }] });
    const badQuantity = await postQuote({ accountId: alice.publicId, items: [{ productId: muxi.publicId, quantity: 0 }] });
    expect(badQuantity.status).toBe(422);
    expect(badQuantity.json!.errors).toEqual([{ field: "items.0.quantity", message: "Quantity must be at least 1." }]);
    const unknownQuery = await getAccount(alice.publicId, { path: `/api/v1/accounts/${alice.publicId}?expand=all` });
    expect(unknownQuery.status).toBe(422);
  });

  it("405 for another method, and a 404 problem for a path the API does not have", async () => {
    const wrong = await call({ method: "GET", path: "/api/v1/orders" }, ordersRoute.POST as Handler);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    const nowhere = await call({ path: "/api/v1/nothing", secret: null }, unknownRoute.GET as unknown as Handler);
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get("content-type")).toBe("application/problem+json");
    expect(nowhere.json).toMatchObject({ code: "not_found", status: 404 });
  });

  it("429 with Retry-After past the key's limit per minute", async () => {
    vi.stubEnv("API_RATE_LIMIT_PER_MINUTE", "3");
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof getAccount>> | null = null;
    for (let i = 0; i < 4; i++) {
      last = await getAccount(alice.publicId, { secret: keys.limited.secret });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const retryAfter = Number(last!.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(last!.json).toMatchObject({ code: "rate_limited", status: 429 });
    // Another key has its own budget.
    expect((await getAccount(alice.publicId, { secret: keys.read.secret })).status).toBe(200);
  });
});

describe("Idempotency-Key", () => {
  const orderBody = () => ({ accountId: alice.publicId, productId: muxi.publicId, quantity: 1 });

  async function effectsOf(idempotencyKey: string) {
    const { db } = getDatabase();
    const [claim] = await db.select({ createdAt: idempotencyKeys.createdAt }).from(idempotencyKeys).where(eq(idempotencyKeys.key, idempotencyKey));
    const made = await db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.accountId, alice.id), eq(orders.requestKey, dalRequestKey(keys.all.id, idempotencyKey, claim!.createdAt))));
    const paid = made.length === 1 ? await db.select().from(payments).where(and(eq(payments.orderId, made[0]!.id), eq(payments.status, "succeeded"))) : [];
    return { orders: made.length, payments: paid.length };
  }

  it("replays the first response to the same request, and refuses the key with another body", async () => {
    const key = randomUUID();
    const first = await postOrder(orderBody(), { idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await postOrder({ quantity: 1, productId: muxi.publicId, accountId: alice.publicId }, { idempotencyKey: key });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotent-replayed")).toBe("true");

    const other = await postOrder({ ...orderBody(), quantity: 2 }, { idempotencyKey: key });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ code: "idempotency_key_reused" });
    expect(await effectsOf(key)).toEqual({ orders: 1, payments: 1 });
  });

  it("refuses a key that is not 1 to 255 printable ASCII characters", async () => {
    for (const key of ["x".repeat(256), "caf\u00e9"]) {
      const response = await postOrder(orderBody(), { idempotencyKey: key }).catch(() => null);
      // A header value outside Latin-1 can't even be sent; the rest are refused.
      if (response) expect(response.status, key).toBe(400);
    }
  });

  it("10 requests at once with one key: one order, one payment; the others are told to retry, and then get the one answer", async () => {
    const key = randomUUID();
    const before = await moneyOf(alice.id);
    const responses = await Promise.all(Array.from({ length: 10 }, () => postOrder(orderBody(), { idempotencyKey: key })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const busy of responses.filter((r) => r.status === 409)) {
      expect(busy.json).toMatchObject({ code: "idempotency_key_in_use" });
      expect(busy.headers.get("retry-after")).toBe("1");
    }
    const retried = await postOrder(orderBody(), { idempotencyKey: key });
    expect(retried.status).toBe(201);
    expect(new Set([...responses.filter((r) => r.status === 201), retried].map((r) => r.text)).size).toBe(1);
    expect(await effectsOf(key)).toEqual({ orders: 1, payments: 1 });
    const after = await moneyOf(alice.id);
    const spent = before.cash - after.cash + before.vouchers.reduce((s, v, i) => s + (v.balance ?? 0) - (after.vouchers[i]!.balance ?? 0), 0);
    // The answer of the request that made the effect (any of the ten may be it): the replay's bytes are its.
    const order = retried.json as { discountAmount: number; cashAmount: number; voucherAmount: number };
    expect(spent).toBe(order.cashAmount + order.voucherAmount);
  });

  it("one key sent at once with two bodies: one of them has an effect, the other is refused", async () => {
    const key = randomUUID();
    const { db } = getDatabase();
    const count = async (accountId: number) => (await db.select({ id: orders.id }).from(orders).where(eq(orders.accountId, accountId))).length;
    const before = { alice: await count(alice.id), bob: await count(bob.id) };
    const responses = await Promise.all([
      postOrder(orderBody(), { idempotencyKey: key }),
      postOrder({ accountId: bob.publicId, productId: muxi.publicId, quantity: 1 }, { idempotencyKey: key }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 422].sort());
    const made = (await count(alice.id)) - before.alice + (await count(bob.id)) - before.bob;
    expect(made).toBe(1);
  });

  it("replays for 24 hours, then forgets the response; a key reused after that is a new request (a new DAL request key)", async () => {
    const scope = "api:key_replaytest";
    const t0 = new Date("2026-01-01T00:00:00Z");
    expect(await claimApiKey(scope, "k", "h1", t0)).toEqual({ kind: "claimed", claimedAt: t0 });
    // While the first request runs, the same request waits its turn; another one is refused.
    expect(await claimApiKey(scope, "k", "h1", new Date(t0.getTime() + 1000))).toEqual({ kind: "in_progress" });
    expect(await claimApiKey(scope, "k", "h2", new Date(t0.getTime() + 1000))).toEqual({ kind: "mismatch" });
    const first = await storeApiResponse(scope, "k", "h1", { status: 201, body: { b: 1, a: 2 }, contentType: "application/json" }, t0);
    expect(first).toMatchObject({ kind: "stored", replayed: false });
    const within = await recallApiResponse(scope, "k", "h1", new Date(t0.getTime() + IDEMPOTENCY_REPLAY_MS - 1));
    expect(within).toEqual({ kind: "replay", response: { status: 201, body: { a: 2, b: 1 }, contentType: "application/json" } });
    expect((await recallApiResponse(scope, "k", "h2", new Date(t0.getTime() + 1000))).kind).toBe("mismatch");
    expect((await recallApiResponse(scope, "k", "h2", new Date(t0.getTime() + IDEMPOTENCY_REPLAY_MS))).kind).toBe("none");
    const later = new Date(t0.getTime() + IDEMPOTENCY_REPLAY_MS);
    expect(await claimApiKey(scope, "k", "h2", later)).toEqual({ kind: "claimed", claimedAt: later });
    expect(dalRequestKey(1, "k", later)).not.toBe(dalRequestKey(1, "k", t0));
  });

  it("without a key, two POSTs are two orders", async () => {
    const { db } = getDatabase();
    const count = async () => (await db.select({ id: orders.id }).from(orders).where(eq(orders.accountId, bob.id))).length;
    const before = await count();
    await postQuote({ accountId: bob.publicId, items: [{ productId: muxi.publicId, quantity: 1 }] });
    await postOrder({ accountId: bob.publicId, productId: muxi.publicId, quantity: 1 });
    await postOrder({ accountId: bob.publicId, productId: muxi.publicId, quantity: 1 });
    expect(await count()).toBe(before + 2);
  });
});

describe("pay what was quoted", () => {
  it("a quote's plan that no longer holds: 402 naming the order, and nothing paid", async () => {
    const { db } = getDatabase();
    const quote = await postQuote({ accountId: alice.publicId, items: [{ productId: muxi.publicId, quantity: 1 }] });
    expect(quote.status).toBe(200);
    const plan = quote.json!.plan;
    // The price changes between the quote and the payment.
    await db.update(products).set({ unitPrice: muxi.unitPrice + 100 }).where(eq(products.id, muxi.id));
    try {
      const before = await moneyOf(alice.id);
      const response = await postOrder({ accountId: alice.publicId, productId: muxi.publicId, quantity: 1, plan }, { idempotencyKey: randomUUID() });
      expect(response.status).toBe(402);
      expect(response.json).toMatchObject({ code: "payment_failed", reason: "plan_changed", type: "https://billing.example/problems/payment_failed" });
      const orderId = response.json!.orderId as string;
      expect(orderId).toMatch(/^ord_/);
      expect(await moneyOf(alice.id)).toEqual(before);
      const [order] = await db.select().from(orders).where(eq(orders.publicId, orderId));
      expect(order!.status).toBe("pending");
      expect(await db.select().from(payments).where(and(eq(payments.orderId, order!.id), eq(payments.status, "succeeded")))).toEqual([]);
    } finally {
      await db.update(products).set({ unitPrice: muxi.unitPrice }).where(eq(products.id, muxi.id));
    }
  });

  it("a plan naming another account's voucher is refused before any order exists", async () => {
    const { db } = getDatabase();
    const bobVoucher = (await db.select({ publicId: vouchers.publicId, kind: vouchers.kind }).from(vouchers).where(eq(vouchers.accountId, bob.id))).find((v) => v.kind !== "discount");
    const plan = { amount: muxi.unitPrice, discount: null, vouchers: [{ voucher: bobVoucher!.publicId, amount: muxi.unitPrice }], cash: 0 };
    const response = await postOrder({ accountId: alice.publicId, productId: muxi.publicId, quantity: 1, plan });
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ code: "invalid_input", reason: "voucher_choice" });
  });
});

describe("after the suite", () => {
  it("every invariant holds (SPEC 10)", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });
});
