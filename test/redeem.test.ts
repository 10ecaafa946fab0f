import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { billingAccounts, rateLimitBuckets, redemptionCodes, voucherBatches, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData, type SeedResult } from "@/db/seed";
import { voucherCodeSecret } from "@/lib/config";
import { newPublicId } from "@/lib/ids";
import { countAttemptIn, countAttemptsIn } from "@/lib/dal/rate-limit";
import { checkRedemptionCode, redeemBuckets, redeemCode, type RedeemContext } from "@/lib/dal/redeem";
import type { Viewer } from "@/lib/dal/viewer";
import { countAttempt, verdictOf, type BucketState, type RateLimitRule } from "@/lib/rate-limit";
import { addDays } from "@/lib/time";
import { codeLast4 } from "@/lib/vouchers/code";
import { generateCode, hashCode } from "@/lib/vouchers/code-crypto";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { providerIdsOf, setupTestDatabase, usingPostgres, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
let seeded: SeedResult;
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
let batchOf: Record<VoucherKind, typeof voucherBatches.$inferSelect>;

// Every test runs at its own hour, so attempt windows never carry over between tests.
const start = new Date("2026-11-23T00:00:00Z");
let clock = start;
let ipSerial = 0;
beforeEach(() => {
  clock = new Date(clock.getTime() + 3 * 3600_000);
});
const ctx = (ip = `198.51.100.${++ipSerial % 250}`): RedeemContext => ({ ip, now: clock });

const codesOf = (kind: VoucherKind) => seeded.codes.filter((c) => c.kind === kind).map((c) => c.code);

/** A new code in `batchId` with optional state; returns the plain code. */
async function addCode(kind: VoucherKind, state: Partial<typeof redemptionCodes.$inferInsert> = {}, batchId = batchOf[kind].id) {
  const code = generateCode(kind === "compute" ? "digits16" : "base32x20");
  await getDatabase().db.insert(redemptionCodes).values({ batchId, codeHash: hashCode(code, voucherCodeSecret()), last4: codeLast4(code), ...state });
  return code;
}

async function newBatch(kind: VoucherKind, values: Partial<typeof voucherBatches.$inferInsert>) {
  const { id: _id, createdAt: _createdAt, ...terms } = batchOf[kind];
  const [b] = await getDatabase()
    .db.insert(voucherBatches)
    .values({ ...terms, publicId: newPublicId("bat"), createdAt: start, ...values })
    .returning();
  return b!;
}

/** Everything a redemption could change, to prove a refusal changed nothing. */
async function snapshot() {
  const { db } = getDatabase();
  const [v] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(vouchers);
  const [c] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(redemptionCodes).where(isNotNull(redemptionCodes.redeemedAt));
  return { vouchers: v!.n, redeemedCodes: c!.n };
}

beforeAll(async () => {
  const { db } = getDatabase();
  seeded = await seedDemoData(db, start);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);
  const batches = await db.select().from(voucherBatches);
  const byName = (name: string) => batches.find((b) => b.name === name)!;
  batchOf = { cash: byName("Cloud credit 2026"), discount: byName("¥50 off orders of ¥200"), compute: byName("GPU starter pack") };
});

afterEach(() => {
  delete process.env.REDEEM_LIMIT_PER_ACCOUNT;
  delete process.env.REDEEM_LIMIT_PER_IP;
});

describe("Check shows what a code gives and changes nothing", () => {
  it("previews a cash code's face value and fixed window", async () => {
    const before = await snapshot();
    const result = await checkRedemptionCode(alice, { code: codesOf("cash")[0]!, kind: "cash" }, ctx());
    expect(result).toMatchObject({ ok: true, value: { kind: "cash", faceValue: 10_000, validDays: null, batchName: "Cloud credit 2026" } });
    expect(await snapshot()).toEqual(before);
  });

  it("previews a discount code's terms and the dates N days from now", async () => {
    const c = ctx();
    const result = await checkRedemptionCode(alice, { code: codesOf("discount")[0]!, kind: "discount" }, c);
    expect(result).toMatchObject({
      ok: true,
      value: { terms: { type: "amount_off", amountOff: 5000, minOrderAmount: 20_000 }, validDays: 30, effectiveAt: c.now, expiresAt: addDays(c.now, 30) },
    });
  });

  it("previews a computing power code's providers, typed with spaces, dashes and lower case", async () => {
    const code = codesOf("compute")[0]!;
    const typed = `${code.slice(0, 4)} ${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase();
    const result = await checkRedemptionCode(alice, { code: typed, kind: "compute" }, ctx());
    expect(result).toMatchObject({ ok: true, value: { providers: ["MaxXIntel", "Muxi"], faceValue: 20_000 } });
  });
});

describe("Redeem adds exactly one voucher to the caller's account", () => {
  it("redeems a code once; then it is already redeemed, for the caller and for anyone else", async () => {
    const code = await addCode("cash");
    const before = await snapshot();
    const result = await redeemCode(alice, { code, kind: "cash" }, ctx());
    expect(result.ok).toBe(true);
    const publicId = result.ok ? result.value.publicId : "";
    const { db } = getDatabase();
    const [voucher] = await db.select().from(vouchers).where(eq(vouchers.publicId, publicId));
    expect(voucher).toMatchObject({ accountId: alice.accountId, kind: "cash", faceValue: 10_000, balance: 10_000 });
    expect(await snapshot()).toEqual({ vouchers: before.vouchers + 1, redeemedCodes: before.redeemedCodes + 1 });

    expect(await redeemCode(alice, { code, kind: "cash" }, ctx())).toEqual({ ok: false, failure: { code: "already_redeemed", byCaller: true } });
    expect(await redeemCode(bob, { code, kind: "cash" }, ctx())).toEqual({ ok: false, failure: { code: "already_redeemed", byCaller: false } });
    expect(await checkRedemptionCode(bob, { code, kind: "cash" }, ctx())).toMatchObject({ ok: false, failure: { code: "already_redeemed" } });
    expect(await snapshot()).toEqual({ vouchers: before.vouchers + 1, redeemedCodes: before.redeemedCodes + 1 });
  });

  it("a days-from-redemption code gets its window at the moment of redemption", async () => {
    const code = await addCode("compute");
    const c = ctx();
    const result = await redeemCode(bob, { code, kind: "compute" }, c);
    const [voucher] = await getDatabase().db.select().from(vouchers).where(eq(vouchers.publicId, result.ok ? result.value.publicId : ""));
    expect(voucher).toMatchObject({ accountId: bob.accountId, effectiveAt: c.now, expiresAt: addDays(c.now, 90), providerIds: await providerIdsOf(getDatabase().db, "MaxXIntel", "Muxi") });
  });
});

describe("every error path is refused with its reason and changes nothing", () => {
  const cases: Array<[string, () => Promise<{ code: string; kind: VoucherKind }>, object]> = [
    ["a badly formatted code", async () => ({ code: "ABC-123", kind: "cash" }), { code: "format", reason: "length" }],
    ["a code with a mistyped character", async () => {
      const code = codesOf("cash")[1]!;
      const typo = code.slice(0, 5) + (code[5] === "A" ? "B" : "A") + code.slice(6);
      return { code: typo, kind: "cash" };
    }, { code: "format", reason: "check" }],
    ["an unknown code", async () => ({ code: generateCode("base32x20"), kind: "cash" }), { code: "invalid", reason: "unknown" }],
    ["a revoked code", async () => ({ code: await addCode("cash", { revokedAt: start, revokedBy: admin.userId, revokeReason: "leaked" }), kind: "cash" }), { code: "invalid", reason: "revoked" }],
    ["a code of a voided batch", async () => {
      const b = await newBatch("cash", { voidedAt: start, voidedBy: admin.userId, voidReason: "campaign cancelled" });
      return { code: await addCode("cash", {}, b.id), kind: "cash" };
    }, { code: "invalid", reason: "batch_voided" }],
    ["a code past its redemption deadline", async () => {
      const b = await newBatch("discount", { redeemBy: start });
      return { code: await addCode("discount", {}, b.id), kind: "discount" };
    }, { code: "invalid", reason: "deadline_passed" }],
    ["a code of another kind", async () => ({ code: codesOf("compute")[1]!, kind: "cash" }), { code: "wrong_kind", kind: "compute" }],
  ];

  for (const [name, input, failure] of cases) {
    it(`${name}`, async () => {
      const attempt = await input();
      const before = await snapshot();
      expect(await checkRedemptionCode(alice, attempt, ctx())).toEqual({ ok: false, failure });
      expect(await redeemCode(alice, attempt, ctx())).toEqual({ ok: false, failure });
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe("authorization", () => {
  it("a signed-out caller is refused Check and Redeem, and nothing changes", async () => {
    const before = await snapshot();
    const code = codesOf("cash")[2]!;
    await expect(checkRedemptionCode(null, { code, kind: "cash" }, ctx())).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(redeemCode(null, { code, kind: "cash" }, ctx())).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await snapshot()).toEqual(before);
  });

  it("a user without a billing account is refused, and nothing changes", async () => {
    const before = await snapshot();
    await expect(redeemCode(admin, { code: codesOf("cash")[2]!, kind: "cash" }, ctx())).rejects.toMatchObject({ code: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });

  it("the voucher lands on the caller's account whatever the input says", async () => {
    const code = await addCode("cash");
    const forged = { code, kind: "cash" as const, accountId: alice.accountId } as unknown as { code: string; kind: "cash" };
    const result = await redeemCode(bob, forged, ctx());
    const [voucher] = await getDatabase().db.select().from(vouchers).where(eq(vouchers.publicId, result.ok ? result.value.publicId : ""));
    expect(voucher?.accountId).toBe(bob.accountId);
  });
});

describe("concurrent redemption", () => {
  it("30 accounts redeeming the same code at once get exactly one voucher and 29 'already redeemed'", async () => {
    const { db } = getDatabase();
    const code = await addCode("cash");
    const accounts = await db
      .insert(billingAccounts)
      .values(Array.from({ length: 30 }, (_, i) => ({ publicId: newPublicId("acc"), name: `Racer ${i}`, createdAt: start })))
      .returning();
    const viewers: Viewer[] = accounts.map((a, i) => ({ userId: `racer-${i}`, email: `r${i}@example.com`, name: `R${i}`, role: "customer", accountId: a.id }));
    const c = ctx();
    const results = await Promise.all(viewers.map((v, i) => redeemCode(v, { code, kind: "cash" }, { ...c, ip: `203.0.113.${i}` })));
    const wins = results.filter((r) => r.ok);
    const losses = results.filter((r) => !r.ok);
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(29);
    for (const r of losses) expect(r).toEqual({ ok: false, failure: { code: "already_redeemed", byCaller: false } });

    const [row] = await db.select().from(redemptionCodes).where(eq(redemptionCodes.codeHash, hashCode(code, voucherCodeSecret())));
    const made = await db.select().from(vouchers).where(eq(vouchers.codeId, row!.id));
    expect(made).toHaveLength(1);
    expect(made[0]!.accountId).toBe(row!.redeemedByAccountId);
    const [bad] = await db
      .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(vouchers)
      .where(sql`${vouchers.balance} < 0 OR ${vouchers.balance} > ${vouchers.faceValue}`);
    expect(bad!.n).toBe(0);
    if (!usingPostgres()) console.info("race test ran on PGlite (serial); PostgreSQL run is the real race");
  });
});

describe("rate limits: two buckets kept in the database (SPEC 5)", () => {
  it("the account bucket counts Check and Redeem, right or wrong, and then refuses even a valid code", async () => {
    process.env.REDEEM_LIMIT_PER_ACCOUNT = "3";
    const c = ctx();
    const valid = await addCode("cash");
    expect((await checkRedemptionCode(bob, { code: "WRONG", kind: "cash" }, c)).ok).toBe(false);
    expect((await redeemCode(bob, { code: generateCode("base32x20"), kind: "cash" }, c)).ok).toBe(false);
    expect((await checkRedemptionCode(bob, { code: valid, kind: "cash" }, c)).ok).toBe(true);
    const before = await snapshot();
    // From another IP too: the account is locked, not the address.
    expect(await redeemCode(bob, { code: valid, kind: "cash" }, { ...c, ip: "192.0.2.99" })).toEqual({
      ok: false,
      failure: { code: "rate_limited", retryAfterMinutes: 15 },
    });
    expect(await snapshot()).toEqual(before);
    // Alice's bucket is her own.
    expect((await checkRedemptionCode(alice, { code: valid, kind: "cash" }, c)).ok).toBe(true);
    // Once the window has passed the valid code goes through.
    const after = { ...c, now: new Date(c.now.getTime() + 15 * 60_000) };
    expect((await redeemCode(bob, { code: valid, kind: "cash" }, after)).ok).toBe(true);
  });

  it("the IP bucket counts attempts from every account at that address", async () => {
    process.env.REDEEM_LIMIT_PER_IP = "4";
    const c = ctx("203.0.113.200");
    for (const v of [alice, bob, alice, bob]) expect((await checkRedemptionCode(v, { code: "WRONG", kind: "cash" }, c)).ok).toBe(false);
    expect(await checkRedemptionCode(alice, { code: codesOf("cash")[3]!, kind: "cash" }, c)).toMatchObject({ ok: false, failure: { code: "rate_limited" } });
    expect((await checkRedemptionCode(alice, { code: codesOf("cash")[3]!, kind: "cash" }, ctx("203.0.113.201"))).ok).toBe(true);
  });

  it("the database's atomic upsert counts exactly like countAttempt", async () => {
    const rule = { max: 5, windowMs: 60_000 };
    const { db } = getDatabase();
    let model: BucketState | null = null;
    const steps = [0, 1_000, 20_000, 59_999, 60_000, 60_001, 61_000, 200_000, 200_500, 259_000, 260_500];
    for (const offset of steps) {
      const now = new Date(clock.getTime() + offset);
      model = countAttempt(model, now, rule);
      const verdict = await countAttemptIn(db, "test:model", rule, now);
      const [row] = await db.select().from(rateLimitBuckets).where(and(eq(rateLimitBuckets.key, "test:model")));
      expect({ windowStart: row!.windowStart, count: row!.count }).toEqual(model);
      expect(verdict).toEqual(verdictOf(model, now, rule));
    }
  });

  it("an attempt counts in both buckets with one statement", async () => {
    const { db } = getDatabase();
    const c = ctx("203.0.113.210");
    const [accountKey, ipKey] = redeemBuckets(bob.accountId!, c.ip).map((b) => b.key);
    const count = async (key: string) => (await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, key)))[0]?.count ?? 0;
    const inserts = vi.spyOn(db, "insert");
    try {
      // A malformed code stops right after the limit: the only writes are the attempt's.
      expect(await checkRedemptionCode(bob, { code: "WRONG", kind: "cash" }, c)).toMatchObject({ ok: false, failure: { code: "format" } });
      expect(inserts).toHaveBeenCalledTimes(1);
    } finally {
      inserts.mockRestore();
    }
    // Each test runs at its own hour: both windows start over with this attempt.
    expect({ account: await count(accountKey!), ip: await count(ipKey!) }).toEqual({ account: 1, ip: 1 });
  });

  it("the one statement keeps each bucket's own window, exactly like countAttempt", async () => {
    const { db } = getDatabase();
    const short: RateLimitRule = { max: 2, windowMs: 10_000 };
    const long: RateLimitRule = { max: 4, windowMs: 60_000 };
    let a: BucketState | null = null;
    let b: BucketState | null = null;
    for (const offset of [0, 1_000, 9_999, 10_000, 12_000, 30_000, 59_999, 60_000, 61_000, 75_000]) {
      const now = new Date(clock.getTime() + offset);
      a = countAttempt(a, now, short);
      b = countAttempt(b, now, long);
      // Given in reverse key order: the verdicts still come back in the order asked.
      const verdicts = await countAttemptsIn(db, [{ key: "test:pair:z-short", rule: short }, { key: "test:pair:a-long", rule: long }], now);
      expect(verdicts).toEqual([verdictOf(a, now, short), verdictOf(b, now, long)]);
      const rows = await db.select().from(rateLimitBuckets).where(sql`${rateLimitBuckets.key} LIKE 'test:pair:%'`);
      const stateOf = (key: string) => rows.filter((r) => r.key === key).map((r) => ({ windowStart: r.windowStart, count: r.count }))[0];
      expect({ short: stateOf("test:pair:z-short"), long: stateOf("test:pair:a-long") }).toEqual({ short: a, long: b });
    }
    await expect(countAttemptsIn(db, [{ key: "dup", rule: short }, { key: "dup", rule: long }], clock)).rejects.toThrow(/at most once/);
  });

  it("concurrent attempts sharing buckets are each counted once in every bucket (no lost update, no deadlock)", async () => {
    process.env.REDEEM_LIMIT_PER_ACCOUNT = "1000";
    process.env.REDEEM_LIMIT_PER_IP = "1000";
    const { db } = getDatabase();
    const now = clock;
    const ips = ["203.0.113.230", "203.0.113.231"];
    // 40 attempts: two accounts crossed with two addresses, so every pair of attempts shares a bucket or two.
    const attempts = Array.from({ length: 40 }, (_, i) => ({ viewer: i % 2 === 0 ? alice : bob, ip: ips[Math.floor(i / 2) % 2]! }));
    const results = await Promise.all(attempts.map((a) => checkRedemptionCode(a.viewer, { code: "WRONG", kind: "cash" }, { ip: a.ip, now })));
    expect(results.every((r) => !r.ok && r.failure.code === "format")).toBe(true);
    const keys = [...redeemBuckets(alice.accountId!, ips[0]!), ...redeemBuckets(bob.accountId!, ips[1]!)].map((b) => b.key);
    const rows = await db.select().from(rateLimitBuckets).where(sql`${rateLimitBuckets.key} IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`);
    expect(Object.fromEntries(rows.map((r) => [r.key, r.count]))).toEqual(Object.fromEntries(keys.map((k) => [k, 20])));
    if (!usingPostgres()) console.info("rate-limit race ran on PGlite (serial); PostgreSQL run is the real race");
  });

  it("concurrent attempts are all counted", async () => {
    const rule = { max: 1000, windowMs: 60_000 };
    const { db } = getDatabase();
    const now = clock;
    await Promise.all(Array.from({ length: 40 }, () => countAttemptIn(db, "test:concurrent", rule, now)));
    const [row] = await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, "test:concurrent"));
    expect(row!.count).toBe(40);
  });
});
