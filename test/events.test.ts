/**
 * The outbox (docs/events.md) against a real database: each writer records
 * exactly its events, in the transaction of its change, with the payload its
 * type's schema promises; a refused change records none, and a rolled-back
 * transaction none either. Runs on PGlite and, with TEST_DATABASE_URL, on
 * PostgreSQL. Every call gets a fixed `now`; nothing reads the wall clock.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, billingAccounts, events, orders, products, redemptionCodes, users, voucherBatches, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData, type SeedResult } from "@/db/seed";
import type { ApiPrincipal } from "@/lib/api/spec";
import { newApiKeyPublicId } from "@/lib/api/keys";
import type { TermsInput } from "@/lib/admin/terms-form";
import { issueBatch, revokeCode, voidBatch } from "@/lib/dal/admin/batches";
import { grantVoucher, voidVoucher } from "@/lib/dal/admin/vouchers";
import { moveCashForKey } from "@/lib/dal/api/cash";
import { adjustCashBalance, chargeUsage, topUp } from "@/lib/dal/cash";
import { recordEvents } from "@/lib/dal/events";
import { rowsOf } from "@/lib/dal/tx";
import { payOrder, placeAndPayOrder, placeAndPayOrderFor } from "@/lib/dal/orders/pay";
import { redeemCode } from "@/lib/dal/redeem";
import { refundOrder, refundOrderBy } from "@/lib/dal/refunds";
import type { Viewer } from "@/lib/dal/viewer";
import { EVENT_PAYLOADS, type EventInput, type EventType } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";
import { MAX_TOP_UP } from "@/lib/orders/request";
import { addDays } from "@/lib/time";
import { codeLast4 } from "@/lib/vouchers/code";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { setupTestDatabase, viewerOf } from "./db";
import { findInvariantViolations } from "./invariants";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const HOUR = 3_600_000;
const now = new Date("2026-11-23T08:00:00Z");
const later = (hours: number) => new Date(now.getTime() + hours * HOUR);

let seeded: SeedResult;
let admin: Viewer;
let serverless: { publicId: string; unitPrice: number };
/** The price of one Serverless package: every amount below is a multiple of it (or half of it). */
let u: number;
let apiKey: ApiPrincipal;

type EventRow = typeof events.$inferSelect;
type Expected = { type: EventType; accountId: number | null; payload: Record<string, unknown> };

beforeAll(async () => {
  seeded = await seedDemoData(db(), now);
  admin = await viewerOf(db(), DEMO_USERS.admin);
  const [product] = await db().select().from(products).where(sql`${products.name} LIKE 'Serverless%'`);
  serverless = { publicId: product!.publicId, unitPrice: product!.unitPrice };
  u = serverless.unitPrice;
  expect(u % 2).toBe(0);
  const [key] = await db()
    .insert(apiKeys)
    .values({
      publicId: newApiKeyPublicId(),
      name: "Events service",
      scopes: ["charge", "refund"],
      secretHash: randomBytes(32).toString("hex"),
      last4: "evts",
      createdBy: admin.userId,
      createdAt: now,
    })
    .returning();
  apiKey = { apiKeyId: key!.id, publicId: key!.publicId, name: key!.name, scopes: ["charge", "refund"] };
});

// ---------------------------------------------------------------------------
// Helpers

async function maxEventId(): Promise<number> {
  const [row] = await db().select({ max: sql<string | number | null>`max(${events.id})` }).from(events);
  return Number(row?.max ?? 0);
}

async function eventCount(): Promise<number> {
  const [row] = await db().select({ n: sql<string | number>`count(*)` }).from(events);
  return Number(row!.n);
}

async function eventsAfter(id: number): Promise<EventRow[]> {
  return db().select().from(events).where(gt(events.id, id)).orderBy(asc(events.id));
}

/** Runs a change and returns the rows of `events` it added. */
async function recorded<T>(change: () => Promise<T>): Promise<{ result: T; rows: EventRow[] }> {
  const before = await maxEventId();
  const result = await change();
  return { result, rows: await eventsAfter(before) };
}

/** The stored facts of a row that the tests predict (not its id, public id or dedupe key). */
const factsOf = ({ type, accountId, version, payload, createdAt }: EventRow) => ({ type, accountId, version, payload, createdAt });

/** Every row well formed: an evt_ public id, no dedupe key, a payload its type's (strict) schema accepts unchanged. */
function expectWellFormed(rows: EventRow[]) {
  for (const row of rows) {
    expect(row.publicId).toMatch(/^evt_[0-9a-z]+$/);
    expect(row.dedupeKey).toBeNull();
    const parsed = EVENT_PAYLOADS[row.type].safeParse(row.payload);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toStrictEqual(row.payload);
  }
  expect(new Set(rows.map((r) => r.publicId)).size).toBe(rows.length);
}

/** Exactly these events, in this order, at version 1 and stamped `at`. */
function expectEvents(rows: EventRow[], expected: Expected[], at = now) {
  expect(rows.map(factsOf)).toStrictEqual(expected.map((e) => ({ ...e, version: 1, createdAt: at })));
  expectWellFormed(rows);
}

/** Exactly these events in any order (written by one set-based statement), at version 1 and stamped `at`. */
function expectEventsInAnyOrder(rows: EventRow[], expected: Expected[], at = now) {
  const key = (e: { type: string; payload: unknown }) => `${e.type} ${JSON.stringify(e.payload)}`;
  const sort = <T extends { type: string; payload: unknown }>(list: T[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  expect(sort(rows.map(factsOf))).toStrictEqual(sort(expected.map((e) => ({ ...e, version: 1, createdAt: at }))));
  expectWellFormed(rows);
}

/** A refused (or event-less) change: not one row added to `events`. */
async function expectNoEvents(change: () => Promise<unknown>) {
  const count = await eventCount();
  const before = await maxEventId();
  await change();
  expect(await eventsAfter(before)).toEqual([]);
  expect(await eventCount()).toBe(count);
}

let serial = 0;
/** A fresh customer with its own account (no vouchers, no cash), and a user so grants can find it by email. */
async function newCustomer() {
  const n = ++serial;
  const [account] = await db()
    .insert(billingAccounts)
    .values({ publicId: newPublicId("acc"), name: `Events ${n}`, createdAt: now })
    .returning();
  const email = `events-${n}@example.com`;
  const userId = randomUUID();
  await db()
    .insert(users)
    .values({ id: userId, email, name: `Events ${n}`, role: "customer", billingAccountId: account!.id, emailVerified: true, createdAt: now, updatedAt: now });
  const viewer: Viewer = { userId, email, name: `Events ${n}`, role: "customer", accountId: account!.id };
  return { viewer, accountId: account!.id, accountPublicId: account!.publicId, email };
}
type Customer = Awaited<ReturnType<typeof newCustomer>>;

const ctx = (at = now) => ({ ip: `192.0.2.${(++serial % 250) + 1}`, now: at });
const days30 = { type: "days" as const, days: 30 };
const cashTerms = (faceValue: number): TermsInput => ({ kind: "cash", faceValue });
const discountTerms = (amountOff: number): TermsInput => ({ kind: "discount", discount: { type: "amount_off", amountOff, minOrderAmount: null, productPublicId: null } });

async function grant(customer: Customer, terms: TermsInput, reason = "Events test grant") {
  return grantVoucher(admin, { accountEmail: customer.email, terms, validity: days30, reason }, now);
}

async function voucherRow(publicId: string) {
  const [v] = await db().select().from(vouchers).where(eq(vouchers.publicId, publicId));
  return v!;
}

async function batchRow(publicId: string) {
  const [b] = await db().select().from(voucherBatches).where(eq(voucherBatches.publicId, publicId));
  return b!;
}

async function orderRow(publicId: string) {
  const [o] = await db().select().from(orders).where(eq(orders.publicId, publicId));
  return o!;
}

async function cashOf(accountId: number) {
  const [a] = await db().select({ cash: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
  return a!.cash;
}

/** Pays `quantity` Serverless packages with the automatic plan; throws on a failed payment. */
async function pay(customer: Customer, quantity: number, at = now) {
  const outcome = await placeAndPayOrder(customer.viewer, { productPublicId: serverless.publicId, quantity, plan: { automatic: {} }, requestKey: randomUUID() }, at);
  if (!outcome.ok) throw new Error(`payment failed: ${outcome.message}`);
  return outcome.orderPublicId;
}

const codesOf = (kind: VoucherKind) => seeded.codes.filter((c) => c.kind === kind).map((c) => c.code);

// ---------------------------------------------------------------------------

describe("voucher.redeemed", () => {
  it("a redeemed code records one voucher.redeemed per kind: the voucher, its batch, its face value and its window", async () => {
    const customer = await newCustomer();
    const cases: Array<{ kind: VoucherKind; window: (b: typeof voucherBatches.$inferSelect) => { effectiveAt: Date; expiresAt: Date } }> = [
      // The demo cash batch has a fixed window; compute and discount count their days from the redemption.
      { kind: "cash", window: (b) => ({ effectiveAt: b.effectiveAt!, expiresAt: b.expiresAt! }) },
      { kind: "compute", window: () => ({ effectiveAt: now, expiresAt: addDays(now, 90) }) },
      { kind: "discount", window: () => ({ effectiveAt: now, expiresAt: addDays(now, 30) }) },
    ];
    for (const { kind, window } of cases) {
      const code = codesOf(kind)[0]!;
      const { result, rows } = await recorded(() => redeemCode(customer.viewer, { code, kind }, ctx()));
      if (!result.ok) throw new Error(`redeem failed: ${JSON.stringify(result.failure)}`);
      const voucher = await voucherRow(result.value.publicId);
      const batch = (await db().select().from(voucherBatches).where(eq(voucherBatches.id, voucher.batchId!)))[0]!;
      const w = window(batch);
      expect(voucher).toMatchObject({ accountId: customer.accountId, effectiveAt: w.effectiveAt, expiresAt: w.expiresAt });
      expectEvents(rows, [
        {
          type: "voucher.redeemed",
          accountId: customer.accountId,
          payload: {
            voucherId: result.value.publicId,
            kind,
            faceValue: kind === "discount" ? null : batch.faceValue,
            effectiveAt: w.effectiveAt.toISOString(),
            expiresAt: w.expiresAt.toISOString(),
            batchId: batch.publicId,
          },
        },
      ]);
      if (kind !== "discount") expect(rows[0]!.payload).toMatchObject({ faceValue: expect.any(Number) });
    }
  });

  it("redeeming an already redeemed code, a revoked code or an unknown code records nothing", async () => {
    const first = await newCustomer();
    const second = await newCustomer();
    const code = codesOf("cash")[1]!;
    const { result } = await recorded(() => redeemCode(first.viewer, { code, kind: "cash" }, ctx()));
    expect(result.ok).toBe(true);
    await expectNoEvents(async () => {
      expect(await redeemCode(second.viewer, { code, kind: "cash" }, ctx())).toMatchObject({ ok: false, failure: { code: "already_redeemed" } });
      expect(await redeemCode(first.viewer, { code, kind: "cash" }, ctx())).toMatchObject({ ok: false, failure: { code: "already_redeemed" } });
      expect(await redeemCode(first.viewer, { code: "ABCDEFGHJKMNPQRSTVWX", kind: "cash" }, ctx())).toMatchObject({ ok: false });
    });
    const issued = await issueBatch(admin, { name: "Revoked then redeemed", terms: cashTerms(u), validity: days30, redeemBy: null, quantity: 1 }, now);
    await revokeCode(admin, { code: issued.codes[0]!, reason: "Stolen code" }, now);
    await expectNoEvents(async () => {
      expect(await redeemCode(first.viewer, { code: issued.codes[0]!, kind: "cash" }, ctx())).toMatchObject({ ok: false, failure: { code: "invalid" } });
    });
  });
});

describe("voucher.granted", () => {
  it("a grant records one voucher.granted with its kind, face value (null for a discount), window and reason", async () => {
    const customer = await newCustomer();
    const at = later(2);
    for (const terms of [cashTerms(4_200), { kind: "compute", faceValue: 7_000, providers: ["MaxXIntel"] } satisfies TermsInput, discountTerms(u / 2)]) {
      const { result, rows } = await recorded(() =>
        grantVoucher(admin, { accountEmail: customer.email.toUpperCase(), terms, validity: days30, reason: "  Outage compensation  " }, at),
      );
      expect(result.accountPublicId).toBe(customer.accountPublicId);
      expectEvents(
        rows,
        [
          {
            type: "voucher.granted",
            accountId: customer.accountId,
            payload: {
              voucherId: result.publicId,
              kind: terms.kind,
              faceValue: terms.kind === "discount" ? null : terms.faceValue,
              effectiveAt: at.toISOString(),
              expiresAt: addDays(at, 30).toISOString(),
              reason: "Outage compensation",
            },
          },
        ],
        at,
      );
      expect(await voucherRow(result.publicId)).toMatchObject({ accountId: customer.accountId, kind: terms.kind });
    }
  });

  it("a refused grant records nothing: an unknown email, a blank reason, a used request key", async () => {
    const customer = await newCustomer();
    const requestKey = randomUUID();
    await grantVoucher(admin, { accountEmail: customer.email, terms: cashTerms(u), validity: days30, reason: "First grant", requestKey }, now);
    await expectNoEvents(async () => {
      await expect(grantVoucher(admin, { accountEmail: "nobody@example.com", terms: cashTerms(u), validity: days30, reason: "Test grant" }, now)).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(grantVoucher(admin, { accountEmail: customer.email, terms: cashTerms(u), validity: days30, reason: "   " }, now)).rejects.toMatchObject({
        code: "invalid_input",
      });
      await expect(
        grantVoucher(admin, { accountEmail: customer.email, terms: cashTerms(u), validity: days30, reason: "First grant", requestKey }, now),
      ).rejects.toMatchObject({ code: "conflict" });
    });
  });
});

describe("voucher.voided", () => {
  it("voiding a partly used cash voucher records its balance as the amount lost; a discount loses null", async () => {
    const customer = await newCustomer();
    const cash = await grant(customer, cashTerms(2 * u));
    await pay(customer, 1);
    expect((await voucherRow(cash.publicId)).balance).toBe(u);
    const at = later(3);
    const { rows } = await recorded(() => voidVoucher(admin, { voucherPublicId: cash.publicId, reason: "Fraud suspected" }, at));
    expectEvents(
      rows,
      [{ type: "voucher.voided", accountId: customer.accountId, payload: { voucherId: cash.publicId, kind: "cash", amountLost: u, reason: "Fraud suspected" } }],
      at,
    );

    const discount = await grant(customer, discountTerms(u / 2));
    const { rows: discountRows } = await recorded(() => voidVoucher(admin, { voucherPublicId: discount.publicId, reason: "Issued by mistake" }, now));
    expectEvents(discountRows, [
      { type: "voucher.voided", accountId: customer.accountId, payload: { voucherId: discount.publicId, kind: "discount", amountLost: null, reason: "Issued by mistake" } },
    ]);
  });

  it("voiding an expired voucher records nothing lost: its value was lost when it expired", async () => {
    const customer = await newCustomer();
    const cash = await grant(customer, cashTerms(u));
    const afterExpiry = later(24 * 31);
    const { rows } = await recorded(() => voidVoucher(admin, { voucherPublicId: cash.publicId, reason: "Clean-up after expiry" }, afterExpiry));
    expectEvents(
      rows,
      [{ type: "voucher.voided", accountId: customer.accountId, payload: { voucherId: cash.publicId, kind: "cash", amountLost: 0, reason: "Clean-up after expiry" } }],
      afterExpiry,
    );
  });

  it("voiding an already voided or unknown voucher records nothing", async () => {
    const customer = await newCustomer();
    const v = await grant(customer, cashTerms(u));
    await voidVoucher(admin, { voucherPublicId: v.publicId, reason: "First void" }, now);
    await expectNoEvents(async () => {
      await expect(voidVoucher(admin, { voucherPublicId: v.publicId, reason: "Again" }, later(1))).rejects.toMatchObject({ code: "conflict" });
      await expect(voidVoucher(admin, { voucherPublicId: "vch_doesnotexist00", reason: "Nope" }, now)).rejects.toMatchObject({ code: "not_found" });
    });
  });
});

describe("code.revoked", () => {
  it("revoking a code records one code.revoked with no account, the batch and the code's last 4 (never the code)", async () => {
    const issued = await issueBatch(admin, { name: "Revocations", terms: cashTerms(u), validity: days30, redeemBy: null, quantity: 3 }, now);
    const [toRevoke, toRedeem] = issued.codes as [string, string, string];
    const at = later(1);
    const { rows } = await recorded(() => revokeCode(admin, { code: toRevoke.toLowerCase(), reason: "Customer reported it stolen" }, at));
    expectEvents(
      rows,
      [{ type: "code.revoked", accountId: null, payload: { batchId: issued.batchPublicId, last4: codeLast4(toRevoke), reason: "Customer reported it stolen" } }],
      at,
    );
    expect(JSON.stringify(rows[0]!.payload)).not.toContain(toRevoke);
    const batch = await batchRow(issued.batchPublicId);
    const revoked = await db().select().from(redemptionCodes).where(and(eq(redemptionCodes.batchId, batch.id), isNotNull(redemptionCodes.revokedAt)));
    expect(revoked.map((c) => [c.last4, c.revokedAt])).toEqual([[codeLast4(toRevoke), at]]);

    const customer = await newCustomer();
    expect(await redeemCode(customer.viewer, { code: toRedeem, kind: "cash" }, ctx())).toMatchObject({ ok: true });
    await expectNoEvents(async () => {
      await expect(revokeCode(admin, { code: toRevoke, reason: "Twice" }, now)).rejects.toMatchObject({ code: "conflict" });
      await expect(revokeCode(admin, { code: toRedeem, reason: "Too late" }, now)).rejects.toMatchObject({ code: "conflict" });
      await expect(revokeCode(admin, { code: "1234", reason: "Bad format" }, now)).rejects.toMatchObject({ code: "invalid_input" });
    });
  });

  it("issuing a batch records no event (there is no such event type)", async () => {
    await expectNoEvents(() => issueBatch(admin, { name: "Quiet batch", terms: cashTerms(u), validity: days30, redeemBy: null, quantity: 2 }, now));
  });
});

describe("voiding a batch", () => {
  it("records code.revoked per unredeemed code and voucher.voided per voucher not yet voided, with its account and balance", async () => {
    const issued = await issueBatch(admin, { name: "Leaked batch", terms: cashTerms(2 * u), validity: days30, redeemBy: null, quantity: 6 }, now);
    const codes = issued.codes;
    const [spender, keeper, alreadyVoided] = [await newCustomer(), await newCustomer(), await newCustomer()];
    const redeemed: string[] = [];
    for (const [customer, code] of [
      [spender, codes[0]!],
      [keeper, codes[1]!],
      [alreadyVoided, codes[2]!],
    ] as const) {
      const r = await redeemCode(customer.viewer, { code, kind: "cash" }, ctx());
      if (!r.ok) throw new Error(`redeem failed: ${JSON.stringify(r.failure)}`);
      redeemed.push(r.value.publicId);
    }
    await pay(spender, 1);
    await voidVoucher(admin, { voucherPublicId: redeemed[2]!, reason: "Voided on its own" }, now);
    await revokeCode(admin, { code: codes[3]!, reason: "Revoked on its own" }, now);
    expect((await voucherRow(redeemed[0]!)).balance).toBe(u);

    const at = later(5);
    const { result, rows } = await recorded(() => voidBatch(admin, { batchPublicId: issued.batchPublicId, reason: "Leaked on a forum" }, at));
    expect(result).toEqual({ batchPublicId: issued.batchPublicId, vouchersVoided: 2, voidedAmount: 3 * u, codesRevoked: 2 });
    const voucherReason = `Batch ${issued.batchPublicId} voided: Leaked on a forum`;
    expectEventsInAnyOrder(
      rows,
      [
        ...[codes[4]!, codes[5]!].map((code) => ({
          type: "code.revoked" as const,
          accountId: null,
          payload: { batchId: issued.batchPublicId, last4: codeLast4(code), reason: "Batch voided: Leaked on a forum" },
        })),
        { type: "voucher.voided", accountId: spender.accountId, payload: { voucherId: redeemed[0]!, kind: "cash", amountLost: u, reason: voucherReason } },
        { type: "voucher.voided", accountId: keeper.accountId, payload: { voucherId: redeemed[1]!, kind: "cash", amountLost: 2 * u, reason: voucherReason } },
      ],
      at,
    );
    // Written in SQL: the JSON types are the schema's (numbers, not strings; null account for a code).
    for (const row of rows.filter((r) => r.type === "voucher.voided")) expect(typeof (row.payload as { amountLost: unknown }).amountLost).toBe("number");

    await expectNoEvents(async () => {
      await expect(voidBatch(admin, { batchPublicId: issued.batchPublicId, reason: "Again" }, now)).rejects.toMatchObject({ code: "conflict" });
      await expect(voidBatch(admin, { batchPublicId: "bat_doesnotexist00", reason: "Nope" }, now)).rejects.toMatchObject({ code: "not_found" });
    });
  });

  it("a discount batch: its voucher loses null, its unredeemed code is revoked", async () => {
    const issued = await issueBatch(admin, { name: "Discount batch", terms: discountTerms(u / 2), validity: days30, redeemBy: null, quantity: 2 }, now);
    const customer = await newCustomer();
    const r = await redeemCode(customer.viewer, { code: issued.codes[0]!, kind: "discount" }, ctx());
    if (!r.ok) throw new Error(`redeem failed: ${JSON.stringify(r.failure)}`);
    const { rows } = await recorded(() => voidBatch(admin, { batchPublicId: issued.batchPublicId, reason: "Promotion cancelled" }, now));
    expectEventsInAnyOrder(rows, [
      { type: "code.revoked", accountId: null, payload: { batchId: issued.batchPublicId, last4: codeLast4(issued.codes[1]!), reason: "Batch voided: Promotion cancelled" } },
      {
        type: "voucher.voided",
        accountId: customer.accountId,
        payload: { voucherId: r.value.publicId, kind: "discount", amountLost: null, reason: `Batch ${issued.batchPublicId} voided: Promotion cancelled` },
      },
    ]);
    expect((await batchRow(issued.batchPublicId)).voidedAt).toEqual(now);
  });
});

describe("order.paid and order.payment_failed", () => {
  it("a payment that fails for want of funds records exactly order.payment_failed with its reason code; paying it later records order.paid", async () => {
    const customer = await newCustomer();
    const cash = await grant(customer, cashTerms(u));
    await grant(customer, discountTerms(u / 2));

    // 3 packages, an empty cash balance: the voucher (u) leaves 2u to pay; the discount (u/2, which excludes vouchers) 2.5u.
    const { result: failed, rows: failedRows } = await recorded(() =>
      placeAndPayOrder(customer.viewer, { productPublicId: serverless.publicId, quantity: 3, plan: { automatic: {} }, requestKey: randomUUID() }, now),
    );
    expect(failed).toMatchObject({ ok: false, failure: { reason: "insufficient_funds", shortBy: 2 * u } });
    expectEvents(failedRows, [
      { type: "order.payment_failed", accountId: customer.accountId, payload: { orderId: failed.orderPublicId, amount: 3 * u, reason: "insufficient_funds" } },
    ]);
    expect(await orderRow(failed.orderPublicId)).toMatchObject({ status: "pending" });
    expect((await voucherRow(cash.publicId)).balance).toBe(u);
    expect(await cashOf(customer.accountId)).toBe(0);

    // Refused, not failed: paying the order once it has expired records no failure, and no event.
    await expectNoEvents(async () => {
      await expect(payOrder(customer.viewer, failed.orderPublicId, { automatic: {} }, later(48))).rejects.toMatchObject({ code: "conflict" });
      await expect(payOrder(customer.viewer, "ord_doesnotexist00", { automatic: {} }, now)).rejects.toMatchObject({ code: "not_found" });
    });

    await topUp(customer.viewer, { amount: 3 * u, requestKey: randomUUID() }, now);
    const at = later(0.25);
    // Now the discount plan is payable, and it is the cheaper one: u/2 off, 2.5u from the cash balance.
    const { result: paid, rows: paidRows } = await recorded(() => payOrder(customer.viewer, failed.orderPublicId, { automatic: {} }, at));
    expect(paid).toMatchObject({ ok: true, alreadyPaid: false });
    const order = await orderRow(failed.orderPublicId);
    expect(order).toMatchObject({ status: "paid", discountAmount: u / 2, voucherAmount: 0, cashAmount: (5 * u) / 2 });
    expectEvents(
      paidRows,
      [
        {
          type: "order.paid",
          accountId: customer.accountId,
          payload: { orderId: failed.orderPublicId, amount: 3 * u, discountAmount: u / 2, voucherAmount: 0, cashAmount: (5 * u) / 2 },
        },
      ],
      at,
    );

    // Paying a paid order changes nothing and records nothing.
    await expectNoEvents(async () => {
      expect(await payOrder(customer.viewer, failed.orderPublicId, { automatic: {} }, at)).toMatchObject({ ok: true, alreadyPaid: true });
    });

    // One package: the cash voucher pays it all.
    const { result: second, rows: secondRows } = await recorded(() => pay(customer, 1, at));
    expectEvents(
      secondRows,
      [{ type: "order.paid", accountId: customer.accountId, payload: { orderId: second, amount: u, discountAmount: 0, voucherAmount: u, cashAmount: 0 } }],
      at,
    );
    expect((await voucherRow(cash.publicId)).balance).toBe(0);
    expect(await cashOf(customer.accountId)).toBe(u / 2);
  });

  it("placeAndPayOrderFor (the API's path) records order.paid for the account it pays; a repeated request key records nothing", async () => {
    const customer = await newCustomer();
    await topUp(customer.viewer, { amount: 3 * u, requestKey: randomUUID() }, now);
    const requestKey = randomUUID();
    const request = { productPublicId: serverless.publicId, quantity: 2, plan: { automatic: {} }, requestKey };
    const { result, rows } = await recorded(() => placeAndPayOrderFor(customer.accountId, request, now));
    if (!result.ok) throw new Error(result.message);
    expectEvents(rows, [
      { type: "order.paid", accountId: customer.accountId, payload: { orderId: result.orderPublicId, amount: 2 * u, discountAmount: 0, voucherAmount: 0, cashAmount: 2 * u } },
    ]);
    expect(await cashOf(customer.accountId)).toBe(u);
    await expectNoEvents(async () => {
      expect(await placeAndPayOrderFor(customer.accountId, request, now)).toMatchObject({ ok: true, alreadyPaid: true, orderPublicId: result.orderPublicId });
      // Bad input is refused before an order exists.
      await expect(placeAndPayOrderFor(customer.accountId, { ...request, productPublicId: "prd_doesnotexist00", requestKey: randomUUID() }, now)).rejects.toThrow();
    });
  });
});

describe("order.refunded", () => {
  it("each refund records order.refunded with the running total and the status; a refused or repeated refund records nothing", async () => {
    const customer = await newCustomer();
    await grant(customer, discountTerms(u / 2));
    await topUp(customer.viewer, { amount: (5 * u) / 2, requestKey: randomUUID() }, now);
    const order = await pay(customer, 3);
    expect(await orderRow(order)).toMatchObject({ amount: 3 * u, discountAmount: u / 2, cashAmount: (5 * u) / 2 });
    // Refundable: what the cash balance paid (2.5u); never the discount.
    const key = randomUUID();
    const at = later(1);
    const { result: partial, rows } = await recorded(() => refundOrder(admin, { orderPublicId: order, amount: u, reason: "Customer asked", refundKey: key }, at));
    expectEvents(
      rows,
      [
        {
          type: "order.refunded",
          accountId: customer.accountId,
          payload: { orderId: order, refundId: partial.refundPublicId, amount: u, refundedAmount: u, orderStatus: "partially_refunded" },
        },
      ],
      at,
    );

    await expectNoEvents(async () => {
      // 1.5u is left: 2u is above it.
      await expect(refundOrder(admin, { orderPublicId: order, amount: 2 * u, reason: "Too much", refundKey: randomUUID() }, at)).rejects.toMatchObject({
        code: "invalid_input",
      });
      expect(await refundOrder(admin, { orderPublicId: order, amount: u, reason: "Customer asked", refundKey: key }, at)).toMatchObject({
        refundPublicId: partial.refundPublicId,
        repeated: true,
      });
      await expect(refundOrder(admin, { orderPublicId: "ord_doesnotexist00", amount: "full", reason: "Nope", refundKey: randomUUID() }, at)).rejects.toMatchObject({
        code: "not_found",
      });
    });

    // The rest, by an API key (the same writer).
    const { result: rest, rows: restRows } = await recorded(() =>
      refundOrderBy({ apiKeyId: apiKey.apiKeyId }, { orderPublicId: order, amount: "full", reason: "Service refund", refundKey: randomUUID() }, at),
    );
    expect(rest.amount).toBe((3 * u) / 2);
    expectEvents(
      restRows,
      [
        {
          type: "order.refunded",
          accountId: customer.accountId,
          payload: { orderId: order, refundId: rest.refundPublicId, amount: (3 * u) / 2, refundedAmount: (5 * u) / 2, orderStatus: "refunded" },
        },
      ],
      at,
    );
    expect(await orderRow(order)).toMatchObject({ status: "refunded", refundedAmount: (5 * u) / 2 });
    await expectNoEvents(async () => {
      await expect(refundOrder(admin, { orderPublicId: order, amount: 1, reason: "Once more", refundKey: randomUUID() }, at)).rejects.toMatchObject({ code: "conflict" });
    });
  });
});

describe("account events", () => {
  it("a top-up records account.topped_up with the balance after; a repeated key or an amount over the maximum records nothing", async () => {
    const customer = await newCustomer();
    const key = randomUUID();
    const { result, rows } = await recorded(() => topUp(customer.viewer, { amount: 1_000, requestKey: key }, now));
    expect(result).toEqual({ cashBalance: 1_000, repeated: false });
    expectEvents(rows, [{ type: "account.topped_up", accountId: customer.accountId, payload: { amount: 1_000, cashBalance: 1_000 } }]);
    await expectNoEvents(async () => {
      expect(await topUp(customer.viewer, { amount: 1_000, requestKey: key }, now)).toEqual({ cashBalance: 1_000, repeated: true });
      await expect(topUp(customer.viewer, { amount: MAX_TOP_UP + 1, requestKey: randomUUID() }, now)).rejects.toMatchObject({ code: "invalid_input" });
      await expect(topUp(customer.viewer, { amount: 0, requestKey: randomUUID() }, now)).rejects.toMatchObject({ code: "invalid_input" });
    });
    expect(await cashOf(customer.accountId)).toBe(1_000);
  });

  it("a charge records account.charged, and account.arrears only when it leaves the balance below zero; a top-up then clears it", async () => {
    const customer = await newCustomer();
    await topUp(customer.viewer, { amount: 1_000, requestKey: randomUUID() }, now);
    const charge = (amount: number, at: Date) =>
      recorded(() => chargeUsage(admin, { accountPublicId: customer.accountPublicId, amount, reason: "Post-paid GPU usage", requestKey: randomUUID() }, at));

    const first = await charge(400, later(1));
    expectEvents(first.rows, [{ type: "account.charged", accountId: customer.accountId, payload: { amount: 400, cashBalance: 600, reason: "Post-paid GPU usage" } }], later(1));

    // Exactly to zero: no arrears.
    const toZero = await charge(600, later(2));
    expectEvents(toZero.rows, [{ type: "account.charged", accountId: customer.accountId, payload: { amount: 600, cashBalance: 0, reason: "Post-paid GPU usage" } }], later(2));

    const below = await charge(250, later(3));
    expect(below.result.cashBalance).toBe(-250);
    expectEvents(
      below.rows,
      [
        { type: "account.charged", accountId: customer.accountId, payload: { amount: 250, cashBalance: -250, reason: "Post-paid GPU usage" } },
        { type: "account.arrears", accountId: customer.accountId, payload: { arrears: 250 } },
      ],
      later(3),
    );

    const { rows } = await recorded(() => topUp(customer.viewer, { amount: 1_000, requestKey: randomUUID() }, later(4)));
    expectEvents(rows, [{ type: "account.topped_up", accountId: customer.accountId, payload: { amount: 1_000, cashBalance: 750 } }], later(4));

    await expectNoEvents(async () => {
      await expect(
        chargeUsage(admin, { accountPublicId: customer.accountPublicId, amount: 0, reason: "Nothing", requestKey: randomUUID() }, now),
      ).rejects.toMatchObject({ code: "invalid_input" });
      await expect(
        chargeUsage(admin, { accountPublicId: "acc_doesnotexist00", amount: 100, reason: "Nobody", requestKey: randomUUID() }, now),
      ).rejects.toMatchObject({ code: "not_found" });
    });
  });

  it("an adjustment moves the balance and records no event, by design; a refused adjustment neither", async () => {
    const customer = await newCustomer();
    await topUp(customer.viewer, { amount: 1_000, requestKey: randomUUID() }, now);
    const adjust = (amount: number) => adjustCashBalance(admin, { accountPublicId: customer.accountPublicId, amount, reason: "Ledger correction", requestKey: randomUUID() }, now);
    await expectNoEvents(async () => {
      expect(await adjust(300)).toMatchObject({ cashBalance: 1_300, repeated: false });
      expect(await adjust(-1_300)).toMatchObject({ cashBalance: 0, repeated: false });
      await expect(adjust(-1)).rejects.toMatchObject({ code: "conflict" });
    });
    expect(await cashOf(customer.accountId)).toBe(0);
  });

  it("an API key's charge and top-up (changeCashBy) record the same events for the account it names", async () => {
    const customer = await newCustomer();
    const charged = await recorded(() => moveCashForKey(apiKey, "charge", { accountId: customer.accountPublicId, amount: 900, reason: " GPU job 42 " }, randomUUID(), now));
    expect(charged.result).toMatchObject({ cashBalance: 0, arrears: 900 });
    expectEvents(charged.rows, [
      { type: "account.charged", accountId: customer.accountId, payload: { amount: 900, cashBalance: -900, reason: "GPU job 42" } },
      { type: "account.arrears", accountId: customer.accountId, payload: { arrears: 900 } },
    ]);
    const at = later(6);
    const toppedUp = await recorded(() => moveCashForKey(apiKey, "top_up", { accountId: customer.accountPublicId, amount: 1_000 }, randomUUID(), at));
    expectEvents(toppedUp.rows, [{ type: "account.topped_up", accountId: customer.accountId, payload: { amount: 1_000, cashBalance: 100 } }], at);
    await expectNoEvents(async () => {
      await expect(moveCashForKey(apiKey, "top_up", { accountId: customer.accountPublicId, amount: MAX_TOP_UP + 1 }, randomUUID(), at)).rejects.toMatchObject({
        code: "invalid_input",
      });
    });
  });
});

describe("recordEvents: the same transaction or nothing", () => {
  it("a rolled-back transaction records none of its events", async () => {
    const customer = await newCustomer();
    const inputs: EventInput[] = [
      { type: "account.topped_up", accountId: customer.accountId, payload: { amount: 100, cashBalance: 100 } },
      { type: "code.revoked", accountId: null, payload: { batchId: "bat_0000000000000000", last4: "ABCD", reason: "Test" } },
    ];
    await expectNoEvents(async () => {
      await expect(
        db().transaction(async (tx) => {
          await recordEvents(tx, inputs, now);
          // Inside the transaction the rows exist...
          const [inside] = await tx.select({ n: sql<string | number>`count(*)` }).from(events).where(eq(events.accountId, customer.accountId));
          expect(Number(inside!.n)).toBe(1);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
    });
    // ...and after the rollback they do not.
    expect(await db().select().from(events).where(eq(events.accountId, customer.accountId))).toEqual([]);
  });

  it("the events of one change share its transaction (txid); two changes never share one", async () => {
    const issued = await issueBatch(admin, { name: "Txid batch", terms: cashTerms(u), validity: days30, redeemBy: null, quantity: 3 }, now);
    const customer = await newCustomer();
    const r = await redeemCode(customer.viewer, { code: issued.codes[0]!, kind: "cash" }, ctx());
    expect(r.ok).toBe(true);
    const before = await maxEventId();
    const voided = await recorded(() => voidBatch(admin, { batchPublicId: issued.batchPublicId, reason: "One transaction" }, now));
    const charged = await recorded(() =>
      chargeUsage(admin, { accountPublicId: customer.accountPublicId, amount: 100, reason: "Into arrears", requestKey: randomUUID() }, now),
    );
    const toppedUp = await recorded(() => topUp(customer.viewer, { amount: 100, requestKey: randomUUID() }, now));
    expect([voided.rows.length, charged.rows.length, toppedUp.rows.length]).toEqual([3, 2, 1]);
    // Read as text, by SQL: the column is the writing transaction's pg_current_xact_id().
    const txids = new Map(
      rowsOf<{ id: string | number; txid: string }>(await db().execute(sql`SELECT id, txid::text AS txid FROM events WHERE id > ${before} ORDER BY id`)).map((t) => [
        Number(t.id),
        t.txid,
      ]),
    );
    const txidsOf = (rows: EventRow[]) => new Set(rows.map((row) => txids.get(row.id)));
    const sets = [txidsOf(voided.rows), txidsOf(charged.rows), txidsOf(toppedUp.rows)];
    for (const set of sets) {
      expect(set.size).toBe(1);
      expect([...set][0]).toMatch(/^[0-9]+$/);
    }
    expect(new Set(sets.map((set) => [...set][0])).size).toBe(3);
  });

  it("a committed transaction records them, in order, as given", async () => {
    const customer = await newCustomer();
    const { rows } = await recorded(() =>
      db().transaction(async (tx) => {
        await recordEvents(
          tx,
          [
            { type: "account.charged", accountId: customer.accountId, payload: { amount: 5, cashBalance: -5, reason: "Direct" } },
            { type: "account.arrears", accountId: customer.accountId, payload: { arrears: 5 } },
          ],
          later(7),
        );
        await recordEvents(tx, [], later(7));
      }),
    );
    expectEvents(
      rows,
      [
        { type: "account.charged", accountId: customer.accountId, payload: { amount: 5, cashBalance: -5, reason: "Direct" } },
        { type: "account.arrears", accountId: customer.accountId, payload: { arrears: 5 } },
      ],
      later(7),
    );
  });

  it("a payload that breaks its schema throws before anything is written, even beside a valid one", async () => {
    const customer = await newCustomer();
    const valid: EventInput = { type: "account.topped_up", accountId: customer.accountId, payload: { amount: 100, cashBalance: 100 } };
    const broken = [
      // A fractional amount.
      { type: "account.topped_up", accountId: customer.accountId, payload: { amount: 1.5, cashBalance: 100 } },
      // An extra field (the schemas are strict: a code must never leak into an event).
      { type: "code.revoked", accountId: null, payload: { batchId: "bat_0000000000000000", last4: "ABCD", reason: "x", code: "ABCDEFGHJKMNPQRSTVWX" } },
      // A missing field.
      { type: "order.paid", accountId: customer.accountId, payload: { orderId: "ord_0000000000000000", amount: 100 } },
      // A public id of the wrong kind.
      { type: "voucher.voided", accountId: customer.accountId, payload: { voucherId: "ord_0000000000000000", kind: "cash", amountLost: 0, reason: "x" } },
      // last4 that is not 4 characters.
      { type: "code.revoked", accountId: null, payload: { batchId: "bat_0000000000000000", last4: "ABCDE", reason: "x" } },
    ] as unknown as EventInput[];
    await expectNoEvents(async () => {
      for (const bad of broken) {
        await expect(recordEvents(db(), [valid, bad], now)).rejects.toThrow();
        await expect(
          db().transaction(async (tx) => {
            await recordEvents(tx, [bad], now);
          }),
        ).rejects.toThrow();
      }
    });
  });
});

describe("invariants", () => {
  it("every event in the outbox is well formed, and the money invariants hold after all of the above", async () => {
    const all = await db().select().from(events).orderBy(asc(events.id));
    // Every writer above recorded something: every type a change records is present (the expiry
    // scheduler's two are test/scheduler.test.ts's).
    const scheduled = ["voucher.expiring", "voucher.expired", "balance.low"];
    expect(new Set(all.map((r) => r.type))).toEqual(new Set(Object.keys(EVENT_PAYLOADS).filter((t) => !scheduled.includes(t))));
    expectWellFormed(all);
    // Each row's created_at is its writer's `now` (checked per writer above), never the wall clock.
    for (const row of all) expect(row.version).toBe(1);
    expect(await findInvariantViolations(db())).toEqual({});
  });
});
