/**
 * The /api/v1 authorization matrix with the API key scopes as roles
 * (e2e/security/api-scopes.ts, printed in docs/security.md): every endpoint,
 * called with a key holding exactly one scope, a revoked key and no key. A key
 * with the endpoint's scope gets past authorization (whatever the request then
 * earns); any other is refused, 403 naming the scope or 401, before anything is read.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, orders, products } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import type { ApiScope } from "@/lib/api/spec";
import { API_KEY_ROLES, API_MATRIX_ENDPOINTS, apiKeyOutcome, type ApiKeyOutcome, type ApiKeyRole } from "@/e2e/security/api-scopes";
import { callApi, insertApiKey } from "./api-harness";
import { setupTestDatabase } from "./db";
import { findInvariantViolations } from "./invariants";

const getDatabase = setupTestDatabase();
const now = new Date();
const secrets = {} as Record<ApiKeyRole, string | null>;
let ids: { account: string; externalRef: string; order: string; product: string };

/** A well-formed request to each operation, for the account and order of the seed. */
const SAMPLES: Record<string, () => { path: string; body?: unknown }> = {
  findAccount: () => ({ path: `/api/v1/accounts?external_ref=${ids.externalRef}` }),
  getAccount: () => ({ path: `/api/v1/accounts/${ids.account}` }),
  getBalances: () => ({ path: `/api/v1/accounts/${ids.account}/balances` }),
  listVouchers: () => ({ path: `/api/v1/accounts/${ids.account}/vouchers?kind=compute` }),
  listUsage: () => ({ path: `/api/v1/accounts/${ids.account}/usage` }),
  createCharge: () => ({ path: `/api/v1/accounts/${ids.account}/charges`, body: { amount: 1, reason: "Scope matrix" } }),
  createTopUp: () => ({ path: `/api/v1/accounts/${ids.account}/top-ups`, body: { amount: 1 } }),
  createQuote: () => ({ path: "/api/v1/quotes", body: { accountId: ids.account, items: [{ productId: ids.product, quantity: 1 }] } }),
  createOrder: () => ({ path: "/api/v1/orders", body: { accountId: ids.account, productId: ids.product, quantity: 1 } }),
  getOrder: () => ({ path: `/api/v1/orders/${ids.order}` }),
  createRefund: () => ({ path: `/api/v1/orders/${ids.order}/refunds`, body: { amount: 1, reason: "Scope matrix" } }),
  listEvents: () => ({ path: `/api/v1/events?accountId=${ids.account}` }),
};

function outcomeOf(status: number): ApiKeyOutcome {
  if (status === 401) return "deny-unauthenticated";
  if (status === 403) return "deny-forbidden";
  return "allow";
}

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  const [alice] = await db.select().from(billingAccounts).where(eq(billingAccounts.externalRef, "platform-user-1001"));
  const [paid] = await db.select({ publicId: orders.publicId }).from(orders).where(eq(orders.accountId, alice!.id)).orderBy(orders.id);
  const [product] = await db.select({ publicId: products.publicId }).from(products).where(eq(products.name, "Muxi - Model Resource Package"));
  ids = { account: alice!.publicId, externalRef: alice!.externalRef!, order: paid!.publicId, product: product!.publicId };
  for (const role of API_KEY_ROLES) {
    if (role === "none") secrets.none = null;
    else if (role === "revoked") secrets.revoked = (await insertApiKey(db, "Revoked", ["read", "pay", "charge", "refund"], now, true)).secret;
    else secrets[role] = (await insertApiKey(db, `Only ${role}`, [role satisfies ApiScope], now)).secret;
  }
});

describe("/api/v1 by API key scope", () => {
  it("every endpoint has a sample request", () => {
    expect(API_MATRIX_ENDPOINTS.map((e) => e.operationId).filter((id) => !SAMPLES[id])).toEqual([]);
  });

  for (const spec of API_MATRIX_ENDPOINTS) {
    it(`${spec.method} ${spec.path} (scope ${spec.scope})`, async () => {
      const sample = SAMPLES[spec.operationId]!();
      const got = [];
      for (const role of API_KEY_ROLES) {
        const response = await callApi({ method: spec.method, path: sample.path, body: sample.body, secret: secrets[role] });
        got.push([role, outcomeOf(response.status)]);
        if (response.status === 403) expect(response.json).toMatchObject({ code: "forbidden", values: { scope: spec.scope } });
      }
      expect(got).toEqual(API_KEY_ROLES.map((role) => [role, apiKeyOutcome(spec, role)]));
    });
  }

  it("leaves every invariant holding", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });
});
