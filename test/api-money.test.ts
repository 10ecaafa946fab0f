/**
 * /api/v1's money movements: refunds (scope `refund`), post-paid charges and
 * top-ups (scope `charge`), through the route handlers in process. Each one's
 * success and failures, 401/403/404, Idempotency-Key (one effect), the audit
 * row naming the key, and the issue's end-to-end flows: a pay-scoped service
 * quotes, pays, replays and refunds a Muxi order from the typed client alone;
 * a GPU job charged afterwards puts the account in arrears and a top-up clears them.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditLog, billingAccounts, cashMovements, orders, refunds, usageRecords, vouchers } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import * as ordersRoute from "@/app/api/v1/orders/route";
import { createBillingClient } from "@/lib/api/client";
import type { ApiScope } from "@/lib/api/spec";
import { listAudit } from "@/lib/dal/admin/audit";
import { contractCheck } from "./api-contract";
import { DOCUMENT, callApi, inProcessFetch, insertApiKey, type Call as HarnessCall, type Handler, seedApiWorld } from "./api-harness";
import { setupTestDatabase, viewerOf } from "./db";
import { findInvariantViolations } from "./invariants";

const getDatabase = setupTestDatabase();
const now = new Date();

type Key = { id: number; secret: string; publicId: string };
const keys = {} as Record<"service" | "read" | "payOnly" | "refundOnly" | "chargeOnly" | "revoked", Key>;
let alice: { id: number; publicId: string };
let bob: { id: number; publicId: string };
let muxi: { publicId: string; unitPrice: number };

async function insertKey(name: string, scopes: ApiScope[], revoked = false): Promise<Key> {
  const { db } = getDatabase();
  const key = await insertApiKey(db, name, scopes, now, revoked);
  const [row] = await db.select({ publicId: apiKeys.publicId }).from(apiKeys).where(eq(apiKeys.id, key.id));
  return { ...key, publicId: row!.publicId };
}

type Call = Omit<HarnessCall, "secret"> & { secret?: string | null };
const call = (c: Call, handler?: Handler) => callApi({ ...c, secret: c.secret === undefined ? keys.service.secret : c.secret }, handler);
const post = (path: string, body: unknown, c: Partial<Call> = {}) => call({ method: "POST", path, body, ...c });

const cashOf = async (accountId: number) => {
  const [row] = await getDatabase().db.select({ cash: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
  return row!.cash;
};

/** How many refunds an order has had. */
async function refundsOf(orderPublicId: string): Promise<number> {
  const rows = await getDatabase().db.select({ id: refunds.id }).from(refunds).innerJoin(orders, eq(orders.id, refunds.orderId)).where(eq(orders.publicId, orderPublicId));
  return rows.length;
}

/** Pays one Muxi order for alice over the API and returns it. */
async function paidOrder(): Promise<{ id: string; amount: number; cashAmount: number; voucherAmount: number }> {
  const response = await post("/api/v1/orders", { accountId: alice.publicId, productId: muxi.publicId, quantity: 1 });
  expect(response.status).toBe(201);
  return response.json as never;
}

beforeAll(async () => {
  const { db } = getDatabase();
  const world = await seedApiWorld(db, now);
  ({ alice, bob } = world);
  muxi = world.muxi;
  keys.service = await insertKey("GPU service", ["read", "pay", "charge", "refund"]);
  keys.read = await insertKey("Reader", ["read"]);
  keys.payOnly = await insertKey("Payer", ["read", "pay"]);
  keys.refundOnly = await insertKey("Refunder", ["refund"]);
  keys.chargeOnly = await insertKey("Meter", ["charge"]);
  keys.revoked = await insertKey("Old", ["read", "pay", "charge", "refund"], true);
});

describe("refunds", () => {
  it("refunds part of an order, then the rest, each to what paid it; the audit log names the key", async () => {
    const order = await paidOrder();
    const part = await post(`/api/v1/orders/${order.id}/refunds`, { amount: 100, reason: "Job stopped early" }, { secret: keys.refundOnly.secret });
    expect(part.status).toBe(201);
    expect(part.json).toMatchObject({ orderId: order.id, accountId: alice.publicId, amount: 100, currency: "CNY", reason: "Job stopped early" });
    expect(part.json!.id).toMatch(/^rfd_/);
    expect(part.json!.order).toMatchObject({ id: order.id, status: "partially_refunded", refundedAmount: 100 });

    const rest = await post(`/api/v1/orders/${order.id}/refunds`, { reason: "Job cancelled" }, { secret: keys.refundOnly.secret });
    expect(rest.status).toBe(201);
    expect(rest.json).toMatchObject({ amount: order.cashAmount + order.voucherAmount - 100 });
    expect(rest.json!.order).toMatchObject({ status: "refunded", refundedAmount: order.cashAmount + order.voucherAmount });

    const { db } = getDatabase();
    const made = await db.select().from(refunds).where(eq(refunds.publicId, part.json!.id as string));
    expect(made[0]).toMatchObject({ createdBy: null, createdByApiKey: keys.refundOnly.id });
    const admin = await viewerOf(db, DEMO_USERS.admin);
    const audit = await listAudit(admin, { actorApiKey: keys.refundOnly.publicId });
    expect(audit.items.map((e) => [e.action, e.targetId, e.reason])).toEqual([
      ["order.refund", order.id, "Job cancelled"],
      ["order.refund", order.id, "Job stopped early"],
    ]);
    expect(audit.items[0]!.actor).toEqual({ apiKey: keys.refundOnly.publicId, name: "Refunder" });
  });

  it("refuses a refund the order can't take: 409 when not paid or already refunded, 422 over what is refundable", async () => {
    const order = await paidOrder();
    const over = await post(`/api/v1/orders/${order.id}/refunds`, { amount: order.cashAmount + order.voucherAmount + 1, reason: "Too much" });
    expect(over.status).toBe(422);
    expect(over.json).toMatchObject({ code: "invalid_input", reason: "refund" });
    expect((await post(`/api/v1/orders/${order.id}/refunds`, { reason: "All of it" })).status).toBe(201);
    const again = await post(`/api/v1/orders/${order.id}/refunds`, { reason: "All of it, again" });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: "conflict", reason: "order_refunded" });

    // An order whose payment failed (bob's funds can't cover 50 packages) was never paid.
    const failed = await post("/api/v1/orders", { accountId: bob.publicId, productId: muxi.publicId, quantity: 50 });
    expect(failed.status).toBe(402);
    const unpaid = await post(`/api/v1/orders/${failed.json!.orderId as string}/refunds`, { reason: "Never paid" });
    expect(unpaid.status).toBe(409);
    expect(unpaid.json).toMatchObject({ code: "conflict", reason: "order_not_paid" });
  });

  it("422 for a bad body: a short reason, a zero, fractional or string amount, an unknown field", async () => {
    const order = await paidOrder();
    for (const body of [{ reason: "x" }, { amount: 0, reason: "Zero" }, { amount: 1.5, reason: "Half" }, { amount: "full", reason: "Word" }, { reason: "Fine", extra: 1 }, {}]) {
      const response = await post(`/api/v1/orders/${order.id}/refunds`, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.json).toMatchObject({ code: "validation_failed" });
    }
    const blank = await post(`/api/v1/orders/${order.id}/refunds`, { reason: "     " });
    expect(blank.status).toBe(422);
    expect(blank.json).toMatchObject({ code: "invalid_input", reason: "reason_short" });
    expect(await refundsOf(order.id)).toBe(0);
  });
});

describe("charges and top-ups", () => {
  it("a charge may take the balance into arrears; a top-up clears them first; both audited with the key", async () => {
    const before = await cashOf(alice.id);
    const charge = before + 5_000;
    const charged = await post(`/api/v1/accounts/${alice.publicId}/charges`, { amount: charge, reason: "GPU job 42: 3 h on Muxi" }, { secret: keys.chargeOnly.secret });
    expect(charged.status).toBe(201);
    expect(charged.json).toEqual({ accountId: alice.publicId, type: "charge", currency: "CNY", amount: charge, reason: "GPU job 42: 3 h on Muxi", cashBalance: 0, arrears: 5_000 });
    expect(await cashOf(alice.id)).toBe(-5_000);

    const { db } = getDatabase();
    const [record] = await db.select().from(usageRecords).where(and(eq(usageRecords.accountId, alice.id), eq(usageRecords.amount, charge), eq(usageRecords.balanceAfter, -5_000)));
    expect(record).toMatchObject({ source: "cash_balance", type: "deduction", status: "success" });

    const topped = await post(`/api/v1/accounts/${alice.publicId}/top-ups`, { amount: 8_000 }, { secret: keys.chargeOnly.secret });
    expect(topped.status).toBe(201);
    expect(topped.json).toEqual({ accountId: alice.publicId, type: "top_up", currency: "CNY", amount: 8_000, reason: "Top-up", cashBalance: 3_000, arrears: 0 });

    const moves = await db.select().from(cashMovements).where(eq(cashMovements.createdByApiKey, keys.chargeOnly.id));
    expect(moves.map((m) => [m.type, m.amount, m.balanceAfter, m.createdBy])).toEqual([
      ["charge", charge, -5_000, null],
      ["top_up", 8_000, 3_000, null],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.actorApiKeyId, keys.chargeOnly.id));
    expect(audit.map((a) => [a.action, a.targetId, a.actorUserId])).toEqual([
      ["account.charge", alice.publicId, null],
      ["account.top_up", alice.publicId, null],
    ]);
  });

  it("422 for an amount out of range or a missing reason; 404 for an unknown account; nothing moves", async () => {
    const before = await cashOf(bob.id);
    for (const [path, body] of [
      ["charges", { amount: 0, reason: "Zero" }],
      ["charges", { amount: 100 }],
      ["charges", { amount: 100_000_001, reason: "Too much" }],
      ["top-ups", { amount: -5 }],
      ["top-ups", { amount: 12.5 }],
      ["top-ups", { amount: 100, reason: "x" }],
    ] as const) {
      const response = await post(`/api/v1/accounts/${bob.publicId}/${path}`, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(422);
    }
    const unknown = await post("/api/v1/accounts/acc_doesnotexist000/charges", { amount: 100, reason: "Nobody" });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: "not_found" });
    expect(await cashOf(bob.id)).toBe(before);
  });
});

describe("who may", () => {
  it("403 for each missing scope, 401 for a revoked key, before anything moves", async () => {
    const order = await paidOrder();
    const cases: Array<[string, unknown, Key, ApiScope]> = [
      [`/api/v1/orders/${order.id}/refunds`, { reason: "Not mine to give" }, keys.payOnly, "refund"],
      [`/api/v1/orders/${order.id}/refunds`, { reason: "Not mine to give" }, keys.chargeOnly, "refund"],
      [`/api/v1/accounts/${alice.publicId}/charges`, { amount: 1, reason: "Not mine" }, keys.refundOnly, "charge"],
      [`/api/v1/accounts/${alice.publicId}/top-ups`, { amount: 1 }, keys.payOnly, "charge"],
      [`/api/v1/accounts/${alice.publicId}/top-ups`, { amount: 1 }, keys.read, "charge"],
    ];
    const before = await cashOf(alice.id);
    for (const [path, body, key, scope] of cases) {
      const response = await post(path, body, { secret: key.secret });
      expect(response.status, path).toBe(403);
      expect(response.json).toMatchObject({ code: "forbidden", values: { scope } });
      const revoked = await post(path, body, { secret: keys.revoked.secret });
      expect(revoked.status, path).toBe(401);
    }
    expect(await cashOf(alice.id)).toBe(before);
    expect(await refundsOf(order.id)).toBe(0);
  });

  it("404 alike for an unknown order and a segment that can't be an order ID", async () => {
    for (const orderId of ["ord_doesnotexist000", "acc_notanorder0000", "nope"]) {
      const response = await post(`/api/v1/orders/${orderId}/refunds`, { reason: "Nothing" });
      expect(response.status, orderId).toBe(404);
      expect(response.json).toMatchObject({ code: "not_found" });
    }
  });

  it("405 with a problem body and Allow for a method a route does not answer", async () => {
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const handler = (ordersRoute as unknown as Record<string, Handler>)[method]!;
      const response = await call({ method, path: "/api/v1/orders" }, handler);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(response.json).toMatchObject({ code: "method_not_allowed", status: 405 });
    }
  });
});

describe("Idempotency-Key on the money movements", () => {
  it("each POST twice in a row and 10 at once with one key: one effect; another body: 422", async () => {
    const order = await paidOrder();
    const { db } = getDatabase();
    const cases = [
      {
        path: `/api/v1/orders/${order.id}/refunds`,
        body: { amount: 1, reason: "Idempotent refund" },
        other: { amount: 2, reason: "Idempotent refund" },
        effects: async () => (await db.select().from(refunds).where(eq(refunds.reason, "Idempotent refund"))).length,
      },
      {
        path: `/api/v1/accounts/${bob.publicId}/charges`,
        body: { amount: 7, reason: "Idempotent charge" },
        other: { amount: 8, reason: "Idempotent charge" },
        effects: async () => (await db.select().from(cashMovements).where(eq(cashMovements.reason, "Idempotent charge"))).length,
      },
      {
        path: `/api/v1/accounts/${bob.publicId}/top-ups`,
        body: { amount: 9, reason: "Idempotent top-up" },
        other: { amount: 10, reason: "Idempotent top-up" },
        effects: async () => (await db.select().from(cashMovements).where(eq(cashMovements.reason, "Idempotent top-up"))).length,
      },
    ];
    for (const c of cases) {
      const twice = randomUUID();
      const first = await post(c.path, c.body, { idempotencyKey: twice });
      const second = await post(c.path, c.body, { idempotencyKey: twice });
      expect(first.status, c.path).toBe(201);
      expect(second.text).toBe(first.text);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect((await post(c.path, c.other, { idempotencyKey: twice })).status).toBe(422);
      expect(await c.effects(), c.path).toBe(1);

      const burst = randomUUID();
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(c.path, c.body, { idempotencyKey: burst })));
      expect(responses.every((r) => r.status === 201 || r.status === 409), c.path).toBe(true);
      const settled = await post(c.path, c.body, { idempotencyKey: burst });
      expect(settled.status).toBe(201);
      for (const r of responses.filter((x) => x.status === 201)) expect(r.text).toBe(settled.text);
      expect(await c.effects(), c.path).toBe(2);
    }
  });
});

describe("the issue's flows, from the typed client alone", () => {
  it("a pay-scoped service quotes and pays a Muxi order with the computing power voucher, replays safely, and refunds it", async () => {
    const service = await insertKey("Model service", ["read", "pay", "refund"]);
    const api = createBillingClient({ baseUrl: "http://localhost", apiKey: service.secret, fetch: inProcessFetch });
    api.use(contractCheck(DOCUMENT));
    const { db } = getDatabase();
    const quote = await api.POST("/api/v1/quotes", { body: { accountId: alice.publicId, items: [{ productId: muxi.publicId, quantity: 1 }] } });
    const plan = quote.data!.plan!;
    expect(plan.vouchers.length).toBeGreaterThan(0);
    const muxiVoucher = plan.vouchers[0]!.voucher;
    const [before] = await db.select({ balance: vouchers.balance }).from(vouchers).where(eq(vouchers.publicId, muxiVoucher));

    const idempotencyKey = randomUUID();
    const body = { accountId: alice.publicId, productId: muxi.publicId, quantity: 1, plan };
    const paid = await api.POST("/api/v1/orders", { body, params: { header: { "Idempotency-Key": idempotencyKey } } });
    expect(paid.data).toMatchObject({ status: "paid" });
    const replay = await api.POST("/api/v1/orders", { body, params: { header: { "Idempotency-Key": idempotencyKey } } });
    expect(replay.data).toEqual(paid.data);

    const refunded = await api.POST("/api/v1/orders/{orderId}/refunds", {
      params: { path: { orderId: paid.data!.id }, header: { "Idempotency-Key": randomUUID() } },
      body: { reason: "Customer cancelled the job" },
    });
    expect(refunded.response.status).toBe(201);
    expect(refunded.data!.order.status).toBe("refunded");
    const [after] = await db.select({ balance: vouchers.balance }).from(vouchers).where(eq(vouchers.publicId, muxiVoucher));
    expect(after!.balance).toBe(before!.balance);
  });

  it("a GPU job charged afterwards: arrears, then a top-up clears them", async () => {
    const meter = await insertKey("GPU meter", ["read", "charge"]);
    const api = createBillingClient({ baseUrl: "http://localhost", apiKey: meter.secret, fetch: inProcessFetch });
    api.use(contractCheck(DOCUMENT));
    const start = await api.GET("/api/v1/accounts/{accountId}/balances", { params: { path: { accountId: bob.publicId } } });
    const owed = start.data!.arrears;
    const charged = await api.POST("/api/v1/accounts/{accountId}/charges", {
      params: { path: { accountId: bob.publicId }, header: { "Idempotency-Key": randomUUID() } },
      body: { amount: start.data!.cash + 1_200, reason: "GPU job 77: 2 h on MaxXIntel" },
    });
    expect(charged.data).toMatchObject({ cashBalance: 0, arrears: owed + 1_200 });
    const topped = await api.POST("/api/v1/accounts/{accountId}/top-ups", {
      params: { path: { accountId: bob.publicId }, header: { "Idempotency-Key": randomUUID() } },
      body: { amount: owed + 1_200 + 500 },
    });
    expect(topped.data).toMatchObject({ cashBalance: 500, arrears: 0 });
  });
});

describe("after the suite", () => {
  it("every invariant holds (SPEC 10)", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });
});
