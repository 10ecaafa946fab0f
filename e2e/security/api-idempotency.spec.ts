/**
 * R4 over real HTTP (docs/api.md, "Idempotency"): every POST of /api/v1, sent
 * through the typed client and the global fetch to `next start`, has one effect
 * per Idempotency-Key, counted in the server's database:
 * (a) sent twice in a row: the same status and body, the second marked
 *     `Idempotent-Replayed: true`;
 * (b) sent 10 times at once: each answer is the success or 409
 *     `idempotency_key_in_use` with Retry-After, and a retry gets the replay;
 * (c) the key again with another body: 422 `idempotency_key_reused`, no effect.
 * test/api.test.ts checks the same in process; this is the deployed path (Next's
 * request handling, the connection pool, concurrent requests in one server).
 * Every answer must also be one the server's own /api/v1/openapi.json describes
 * (test/api-contract.ts). Then the SPEC 10 invariants and the partial-payment
 * checks, as the crash suite runs them.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import type postgres from "postgres";
import { createBillingClient, type BillingClient } from "../../lib/api/client";
import { ENDPOINTS } from "../../lib/api/endpoints";
import type { OpenApiDocument } from "../../lib/api/openapi";
import { contractCheck } from "../../test/api-contract";
import { findViolations, openProbe, type DbProbe } from "./support/db";
import { API_CUSTOMER, API_SECRET, NEEDS_POSTGRES, readTarget } from "./support/target";

interface World {
  api: BillingClient;
  sql: postgres.Sql;
  /** The API customer's account: its row id (to count rows) and public id (to call the API). */
  account: { id: number; publicId: string };
  /** A product any voucher may pay (no provider), so the automatic plan always covers it. */
  productId: string;
}

/** Rows an operation writes, by what they are. */
type Counts = Record<string, number>;

/** One intended effect: the path's parameters and body, and another valid body for the same path. */
interface Intent {
  path: Record<string, string>;
  body: unknown;
  otherBody: unknown;
}

interface PostCase {
  /** A fresh intent (a refund needs an order of its own to refund). */
  intend(world: World): Promise<Intent>;
  /** The rows of the account the operation writes. */
  count(world: World): Promise<Counts>;
  /** What one effect adds to them (a quote writes nothing: its one effect is its stored answer). */
  made: Counts;
}

async function countOf(query: Promise<Array<{ n: number }>>): Promise<number> {
  const [row] = await query;
  return row!.n;
}

const ordersOf = (w: World) => countOf(w.sql<Array<{ n: number }>>`SELECT count(*)::int AS n FROM orders WHERE account_id = ${w.account.id}`);
const paymentsOf = (w: World) =>
  countOf(w.sql<Array<{ n: number }>>`SELECT count(*)::int AS n FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.account_id = ${w.account.id}`);
const refundsOf = (w: World) =>
  countOf(w.sql<Array<{ n: number }>>`SELECT count(*)::int AS n FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.account_id = ${w.account.id}`);
const movementsOf = (w: World, type: "charge" | "top_up") =>
  countOf(w.sql<Array<{ n: number }>>`SELECT count(*)::int AS n FROM cash_movements WHERE account_id = ${w.account.id} AND type = ${type}`);

/** A paid order of the account, made without an Idempotency-Key: what a refund case refunds. */
async function paidOrder(w: World): Promise<string> {
  const { data, response } = await w.api.POST("/api/v1/orders", { body: { accountId: w.account.publicId, productId: w.productId, quantity: 1 } });
  if (response.status !== 201 || !data) throw new Error(`could not pay an order to refund: HTTP ${response.status}`);
  return data.id;
}

/** A case per POST operationId: a POST without a case here fails the suite, so none goes unchecked. */
const CASES: Record<string, PostCase> = {
  createQuote: {
    intend: async (w) => ({
      path: {},
      body: { accountId: w.account.publicId, items: [{ productId: w.productId, quantity: 1 }] },
      otherBody: { accountId: w.account.publicId, items: [{ productId: w.productId, quantity: 2 }] },
    }),
    count: async (w) => ({ orders: await ordersOf(w), payments: await paymentsOf(w) }),
    made: { orders: 0, payments: 0 },
  },
  createOrder: {
    intend: async (w) => ({
      path: {},
      body: { accountId: w.account.publicId, productId: w.productId, quantity: 1 },
      otherBody: { accountId: w.account.publicId, productId: w.productId, quantity: 2 },
    }),
    count: async (w) => ({ orders: await ordersOf(w), payments: await paymentsOf(w) }),
    made: { orders: 1, payments: 1 },
  },
  createRefund: {
    intend: async (w) => ({
      path: { orderId: await paidOrder(w) },
      body: { reason: "R4 over HTTP: everything still refundable" },
      otherBody: { amount: 1, reason: "R4 over HTTP: another refund" },
    }),
    count: async (w) => ({ refunds: await refundsOf(w) }),
    made: { refunds: 1 },
  },
  createCharge: {
    intend: async (w) => ({
      path: { accountId: w.account.publicId },
      body: { amount: 100, reason: "R4 over HTTP" },
      otherBody: { amount: 200, reason: "R4 over HTTP" },
    }),
    count: async (w) => ({ charges: await movementsOf(w, "charge") }),
    made: { charges: 1 },
  },
  createTopUp: {
    intend: async (w) => ({
      path: { accountId: w.account.publicId },
      body: { amount: 100, reason: "R4 over HTTP" },
      otherBody: { amount: 200 },
    }),
    count: async (w) => ({ topUps: await movementsOf(w, "top_up") }),
    made: { topUps: 1 },
  },
};

interface Answer {
  status: number;
  replayed: boolean;
  retryAfter: string | null;
  /** The success body or the problem, parsed. */
  body: unknown;
}

/** The typed client's POST with the path as a plain string: the table is walked by operationId, not by typed path. */
type AnyPost = (
  path: string,
  init: { params: { path: Record<string, string>; header: { "Idempotency-Key": string } }; body: unknown },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

async function send(w: World, template: string, intent: Intent, body: unknown, key: string): Promise<Answer> {
  const post = w.api.POST as unknown as AnyPost;
  const { data, error, response } = await post(template, { params: { path: intent.path, header: { "Idempotency-Key": key } }, body });
  return { status: response.status, replayed: response.headers.get("idempotent-replayed") === "true", retryAfter: response.headers.get("retry-after"), body: data ?? error };
}

/** The change of each count from `before` to `after`. */
function delta(before: Counts, after: Counts): Counts {
  return Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - before[k]!]));
}

/** The rows of `key` in idempotency_keys, and how many hold their stored answer: one, answered, per key. */
async function keyRows(sql: postgres.Sql, key: string) {
  const [row] = await sql<Array<{ rows: number; answered: number }>>`
    SELECT count(*)::int AS rows, count(response)::int AS answered FROM idempotency_keys WHERE key = ${key}`;
  return row!;
}

const POSTS = ENDPOINTS.filter((e) => e.method === "POST");

test.describe("[SECURITY][R4] Idempotency-Key over HTTP: one key, one effect", () => {
  // In order on one worker: the last test checks the invariants after all the others.
  test.describe.configure({ mode: "default" });
  let world: World | null = null;
  let probe: DbProbe | null = null;

  test.beforeAll(async () => {
    const target = readTarget();
    if (!target.databaseUrl) console.log(`[api-idempotency] SKIPPED: ${NEEDS_POSTGRES}`);
    test.skip(!target.databaseUrl, NEEDS_POSTGRES);
    probe = openProbe(target.databaseUrl!);
    const [account] = await probe.sql<Array<{ id: number; publicId: string }>>`
      SELECT a.id::int AS id, a.public_id AS "publicId" FROM billing_accounts a JOIN users u ON u.billing_account_id = a.id WHERE u.email = ${API_CUSTOMER}`;
    const [product] = await probe.sql<Array<{ publicId: string }>>`
      SELECT public_id AS "publicId" FROM products WHERE provider_id IS NULL ORDER BY unit_price LIMIT 1`;
    if (!account || !product) throw new Error(`the security server's seed lacks ${API_CUSTOMER} or a product without provider`);
    const document = (await (await fetch(`${target.baseURL}/api/v1/openapi.json`)).json()) as OpenApiDocument;
    const api = createBillingClient({ baseUrl: target.baseURL, apiKey: API_SECRET });
    api.use(contractCheck(document));
    world = { api, sql: probe.sql, account, productId: product.publicId };
  });

  test.afterAll(async () => {
    await probe?.close();
  });

  for (const endpoint of POSTS) {
    test(`${endpoint.operationId} (${endpoint.path}): twice in a row, 10 at once, and another body`, async () => {
      const w = world!;
      const c = CASES[endpoint.operationId];
      if (!c) throw new Error(`no case for POST ${endpoint.operationId}: add its body builder and effect counter to CASES`);

      // (a) Twice in a row: the second is the first, replayed; one effect.
      const first = await c.intend(w);
      const key = randomUUID();
      const before = await c.count(w);
      const sent = await send(w, endpoint.path, first, first.body, key);
      expect(sent, JSON.stringify(sent.body)).toMatchObject({ status: endpoint.successStatus, replayed: false });
      const again = await send(w, endpoint.path, first, first.body, key);
      expect(again).toEqual({ ...sent, replayed: true });
      const afterTwo = await c.count(w);
      expect(delta(before, afterTwo), "effects of two sends").toEqual(c.made);
      expect(await keyRows(w.sql, key)).toEqual({ rows: 1, answered: 1 });

      // (b) 10 at once: the success or "in use, retry"; then the retry gets the one answer.
      const burst = await c.intend(w);
      const burstKey = randomUUID();
      const beforeBurst = await c.count(w);
      const answers = await Promise.all(Array.from({ length: 10 }, () => send(w, endpoint.path, burst, burst.body, burstKey)));
      const retried = await send(w, endpoint.path, burst, burst.body, burstKey);
      expect(retried, JSON.stringify(retried.body)).toMatchObject({ status: endpoint.successStatus, replayed: true });
      for (const answer of answers) {
        if (answer.status === 409) {
          expect(answer.body).toMatchObject({ code: "idempotency_key_in_use" });
          expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
        } else {
          expect({ status: answer.status, body: answer.body }).toEqual({ status: retried.status, body: retried.body });
        }
      }
      expect(answers.filter((a) => a.status === endpoint.successStatus).length, "at least one of the 10 succeeded").toBeGreaterThan(0);
      expect(delta(beforeBurst, await c.count(w)), "effects of 10 at once and a retry").toEqual(c.made);
      expect(await keyRows(w.sql, burstKey)).toEqual({ rows: 1, answered: 1 });

      // (c) The first key with another body: refused before any effect.
      const beforeOther = await c.count(w);
      const other = await send(w, endpoint.path, first, first.otherBody, key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: "idempotency_key_reused" });
      expect(await c.count(w), "effects of the refused send").toEqual(beforeOther);
      expect(await keyRows(w.sql, key)).toEqual({ rows: 1, answered: 1 });
    });
  }

  test("after them: no invariant violation, no partial payment", async () => {
    const violations = await findViolations(readTarget().databaseUrl!);
    expect(violations).toEqual({});
  });
});
