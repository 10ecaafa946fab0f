/**
 * R4, idempotency: every mutating operation sent twice, and 10 times at once, has
 * exactly one effect. Each case names the DAL function its server action calls,
 * how to send the same request again, and how to count its effect in the database.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findInvariantViolations } from "../invariants";
import { auditLog, billingAccounts, cashMovements, orders, payments, products, redemptionCodes, refunds, voucherBatches, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData, type SeedResult } from "@/db/seed";
import { issueBatch, revokeCode, voidBatch } from "@/lib/dal/admin/batches";
import { createProduct } from "@/lib/dal/admin/catalog";
import { grantVoucher, voidVoucher } from "@/lib/dal/admin/vouchers";
import { adjustCashBalance, chargeUsage, topUp } from "@/lib/dal/cash";
import { payOrder, placeAndPayOrder } from "@/lib/dal/orders/pay";
import { redeemCode } from "@/lib/dal/redeem";
import { refundOrder } from "@/lib/dal/refunds";
import { DalError } from "@/lib/dal/errors";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { setupTestDatabase, usingPostgres, viewerOf } from "../db";
import { shownPlan, shownPlanOfOrder } from "../plans";

process.env.REDEEM_LIMIT_PER_ACCOUNT = "1000000";
process.env.REDEEM_LIMIT_PER_IP = "1000000";

const getDatabase = setupTestDatabase();
const now = new Date("2026-11-23T08:00:00Z");
let seeded: SeedResult;
let admin: Viewer;
let customer: Viewer;
let accountPublicId: string;
let maxx: string;

beforeAll(async () => {
  const { db } = getDatabase();
  seeded = await seedDemoData(db, now, 12);
  admin = await viewerOf(db, DEMO_USERS.admin);
  const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "R4", createdAt: now }).returning();
  customer = { userId: "r4", email: "r4@example.com", name: "R4", role: "customer", accountId: account!.id };
  accountPublicId = account!.publicId;
  maxx = (await db.select().from(products)).find((p) => p.name.startsWith("MaxXIntel"))!.publicId;
  await topUp(customer, { amount: 1_000_000, requestKey: randomUUID() }, now);
});

async function count(query: SQL): Promise<number> {
  const result: unknown = await getDatabase().db.execute(sql`SELECT count(*)::int AS n FROM (${query}) q`);
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return Number((rows[0] as { n: number }).n);
}

const codes = () => seeded.codes.filter((c) => c.kind === "cash").map((c) => c.code);
let codeSlot = 0;

interface Case {
  name: string;
  /** Prepares one request; returns the call (made several times) and the count of its effect. */
  prepare: () => Promise<{ send: () => Promise<unknown>; effects: () => Promise<number> }>;
}

const movementsWithReason = (reason: string) =>
  sql`SELECT 1 FROM ${cashMovements} WHERE ${cashMovements.accountId} = ${customer.accountId} AND ${cashMovements.reason} = ${reason}`;

const CASES: Case[] = [
  {
    name: "place and pay an order (placeAndPayOrderAction)",
    async prepare() {
      const request = { productPublicId: maxx, quantity: 1, plan: { shown: await shownPlan(customer, maxx, 1, { discount: null }, now) }, requestKey: randomUUID() };
      return {
        send: () => placeAndPayOrder(customer, request, now),
        effects: () =>
          count(sql`SELECT 1 FROM ${payments} JOIN ${orders} ON ${orders.id} = ${payments.orderId}
            WHERE ${orders.requestKey} = ${request.requestKey} AND ${payments.status} = 'succeeded'`),
      };
    },
  },
  {
    name: "pay a pending order again (payOrderAction)",
    async prepare() {
      const { db } = getDatabase();
      const [order] = await db.insert(orders).values({ publicId: newPublicId("ord"), accountId: customer.accountId!, amount: 800, createdAt: now, expiresAt: new Date(now.getTime() + 30 * 60_000) }).returning();
      const [product] = await db.select().from(products).where(eq(products.publicId, maxx));
      await db.execute(sql`INSERT INTO order_items (order_id, product_id, product_name, provider_id, unit_price, quantity, amount)
        VALUES (${order!.id}, ${product!.id}, ${product!.name}, ${product!.providerId}, 800, 1, 800)`);
      const shown = await shownPlanOfOrder(customer, order!.publicId, now);
      return {
        send: () => payOrder(customer, order!.publicId, { shown }, now),
        effects: () => count(sql`SELECT 1 FROM ${payments} WHERE ${payments.orderId} = ${order!.id} AND ${payments.status} = 'succeeded'`),
      };
    },
  },
  {
    name: "redeem a code (redeemCodeAction)",
    async prepare() {
      const code = codes()[codeSlot++]!;
      const before = await count(sql`SELECT 1 FROM ${vouchers} WHERE ${vouchers.accountId} = ${customer.accountId}`);
      return {
        send: () => redeemCode(customer, { code, kind: "cash" }, { ip: "198.51.100.4", now }),
        effects: async () => (await count(sql`SELECT 1 FROM ${vouchers} WHERE ${vouchers.accountId} = ${customer.accountId}`)) - before,
      };
    },
  },
  {
    name: "top up (topUpAction)",
    async prepare() {
      const requestKey = randomUUID();
      const before = await count(movementsWithReason("Top-up"));
      return {
        send: () => topUp(customer, { amount: 1_234, requestKey }, now),
        effects: async () => (await count(movementsWithReason("Top-up"))) - before,
      };
    },
  },
  {
    name: "refund part of an order (admin refund)",
    async prepare() {
      const paid = await placeAndPayOrder(customer, { productPublicId: maxx, quantity: 2, plan: { shown: await shownPlan(customer, maxx, 2, { discount: null }, now) }, requestKey: randomUUID() }, now);
      const refundKey = randomUUID();
      return {
        send: () => refundOrder(admin, { orderPublicId: paid.orderPublicId, amount: 300, reason: "R4 refund", refundKey }, now),
        effects: () => count(sql`SELECT 1 FROM ${refunds} WHERE ${refunds.refundKey} = ${refundKey}`),
      };
    },
  },
  {
    name: "post a usage charge (admin charge)",
    async prepare() {
      const requestKey = randomUUID();
      const reason = `R4 charge ${requestKey}`;
      return {
        send: () => chargeUsage(admin, { accountPublicId, amount: 500, reason, requestKey }, now),
        effects: () => count(movementsWithReason(reason)),
      };
    },
  },
  {
    name: "adjust the cash balance (admin adjustment)",
    async prepare() {
      const requestKey = randomUUID();
      const reason = `R4 adjustment ${requestKey}`;
      return {
        send: () => adjustCashBalance(admin, { accountPublicId, amount: -250, reason, requestKey }, now),
        effects: () => count(movementsWithReason(reason)),
      };
    },
  },
  {
    name: "issue a batch (issueBatchAction)",
    async prepare() {
      const requestKey = randomUUID();
      const name = `R4 batch ${requestKey}`;
      return {
        send: () => issueBatch(admin, { name, terms: { kind: "cash", faceValue: 1_000 }, validity: { type: "days", days: 30 }, redeemBy: null, quantity: 3, requestKey }, now),
        effects: () => count(sql`SELECT 1 FROM ${voucherBatches} WHERE ${voucherBatches.name} = ${name}`),
      };
    },
  },
  {
    name: "grant a voucher (grantVoucherAction)",
    async prepare() {
      const requestKey = randomUUID();
      const reason = `R4 grant ${requestKey}`;
      return {
        send: () =>
          grantVoucher(admin, { accountEmail: DEMO_USERS.bob, terms: { kind: "cash", faceValue: 500 }, validity: { type: "days", days: 30 }, reason, requestKey }, now),
        effects: () => count(sql`SELECT 1 FROM ${auditLog} WHERE ${auditLog.action} = 'voucher.grant' AND ${auditLog.reason} = ${reason}`),
      };
    },
  },
  {
    name: "create a product (createProductAction)",
    async prepare() {
      const requestKey = randomUUID();
      const name = `R4 product ${requestKey}`;
      return {
        send: () => createProduct(admin, { name, unitPrice: 1_000, provider: null, requestKey }, now),
        effects: () => count(sql`SELECT 1 FROM ${products} WHERE ${products.name} = ${name}`),
      };
    },
  },
  {
    name: "void a voucher (voidVoucherAction)",
    async prepare() {
      const granted = await grantVoucher(admin, { accountEmail: DEMO_USERS.bob, terms: { kind: "cash", faceValue: 500 }, validity: { type: "days", days: 30 }, reason: "R4 to void" }, now);
      return {
        send: () => voidVoucher(admin, { voucherPublicId: granted.publicId, reason: "R4 void" }, now),
        effects: () => count(sql`SELECT 1 FROM ${auditLog} WHERE ${auditLog.action} = 'voucher.void' AND ${auditLog.targetId} = ${granted.publicId}`),
      };
    },
  },
  {
    name: "void a batch (voidBatchAction)",
    async prepare() {
      const issued = await issueBatch(admin, { name: "R4 batch to void", terms: { kind: "cash", faceValue: 1_000 }, validity: { type: "days", days: 30 }, redeemBy: null, quantity: 2 }, now);
      return {
        send: () => voidBatch(admin, { batchPublicId: issued.batchPublicId, reason: "R4 batch void" }, now),
        effects: () => count(sql`SELECT 1 FROM ${auditLog} WHERE ${auditLog.action} = 'batch.void' AND ${auditLog.targetId} = ${issued.batchPublicId}`),
      };
    },
  },
  {
    name: "revoke a code (revokeCodeAction)",
    async prepare() {
      const issued = await issueBatch(admin, { name: "R4 codes to revoke", terms: { kind: "cash", faceValue: 1_000 }, validity: { type: "days", days: 30 }, redeemBy: null, quantity: 1 }, now);
      return {
        send: () => revokeCode(admin, { code: issued.codes[0]!, reason: "R4 revoke" }, now),
        effects: () => count(sql`SELECT 1 FROM ${auditLog} WHERE ${auditLog.action} = 'code.revoke' AND ${auditLog.targetId} LIKE ${`${issued.batchPublicId}:%`}`),
      };
    },
  },
];

/** A repeat may be answered "already done" (a conflict naming the first effect); anything else fails the test. */
async function sendTolerant(send: () => Promise<unknown>) {
  try {
    await send();
  } catch (err) {
    if (!(err instanceof DalError && err.code === "conflict")) throw err;
  }
}

describe("R4: one effect per request, however often it is sent", () => {
  for (const c of CASES) {
    it(`${c.name}: sent twice → one effect`, async () => {
      const { send, effects } = await c.prepare();
      await sendTolerant(send);
      await sendTolerant(send);
      expect(await effects()).toBe(1);
    });

    it(`${c.name}: sent 10 times at once → one effect`, async () => {
      const { send, effects } = await c.prepare();
      // Repeats are answered as done (or "already redeemed", or a conflict naming the first effect), never as a crash.
      await Promise.all(Array.from({ length: 10 }, () => sendTolerant(send)));
      expect(await effects()).toBe(1);
    });
  }

  it("the cash ledger and every invariant still hold after all of it", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
    const [account] = await getDatabase().db.select().from(billingAccounts).where(eq(billingAccounts.id, customer.accountId!));
    expect(account!.cashBalance).toBeGreaterThan(0);
    const redeemed = await getDatabase().db.select().from(redemptionCodes).where(and(eq(redemptionCodes.redeemedByAccountId, customer.accountId!)));
    expect(redeemed).toHaveLength(2);
    console.info(`[R4] ${CASES.length} operations × (2 sequential + 10 concurrent sends): one effect each (${usingPostgres() ? "postgres" : "pglite"})`);
  });
});
