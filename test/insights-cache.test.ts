/**
 * The insights cache (issue 18, docs/performance.md "The insights cache"): an
 * account's version changes when a transaction that wrote its vouchers or usage
 * records commits, once per transaction, and not on a rollback; the overview's
 * insights are served from memory only while the version, the platform day and
 * the time to live allow, so a payment, a redemption, a void and a refund show
 * at once.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { products } from "@/db/schema";
import { DEMO_USERS, seedDemoData, type SeedResult } from "@/db/seed";
import { voidVoucher } from "@/lib/dal/admin/vouchers";
import { ACCOUNT_CACHE_TTL_MS, accountVersion } from "@/lib/dal/account-version";
import { getMyInsights } from "@/lib/dal/insights/overview";
import { getMyStatement } from "@/lib/dal/insights/statement";
import { monthOf } from "@/lib/insights/month";
import { placeAndPayOrder } from "@/lib/dal/orders/pay";
import { redeemCode } from "@/lib/dal/redeem";
import { refundOrder } from "@/lib/dal/refunds";
import { listMyVouchers } from "@/lib/dal/vouchers";
import type { Viewer } from "@/lib/dal/viewer";
import { rowsOf } from "@/lib/dal/tx";
import { setupTestDatabase, viewerOf } from "./db";
import { shownPlan } from "./plans";

const getDatabase = setupTestDatabase();
// Nothing here reads the wall clock: every call gets its own instant after this one.
const start = new Date("2026-06-15T04:00:00Z");
let clock = start.getTime();
const tick = (ms = 1_000) => new Date((clock += ms));
let seeded: SeedResult;
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
let serverless: string;

beforeAll(async () => {
  const { db } = getDatabase();
  seeded = await seedDemoData(db, start);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);
  serverless = (await db.select().from(products)).find((p) => p.name.startsWith("Serverless"))!.publicId;
});

const versionOf = (accountId: number | null) => accountVersion(getDatabase().db, accountId!);
const sequenceValue = async (db: Db) => Number(rowsOf<{ v: string }>(await db.execute(sql`SELECT last_value::text AS v FROM account_version_seq`))[0]!.v);

describe("the account version", () => {
  it("changes once per committed transaction that wrote the account's vouchers, and not for another account", async () => {
    const { db } = getDatabase();
    const [aliceBefore, bobBefore, seqBefore] = [await versionOf(alice.accountId), await versionOf(bob.accountId), await sequenceValue(db)];
    await db.transaction(async (tx) => {
      // Several rows, two statements: still one new version at commit.
      await tx.execute(sql`UPDATE vouchers SET balance = balance WHERE account_id = ${alice.accountId}`);
      await tx.execute(sql`UPDATE vouchers SET balance = balance WHERE account_id = ${alice.accountId}`);
      // Deferred: inside the transaction the version has not moved yet.
      expect(rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM vouchers WHERE account_id = ${alice.accountId}`))[0]!.n).toBeGreaterThan(1);
    });
    expect(await versionOf(alice.accountId)).not.toBe(aliceBefore);
    expect(await sequenceValue(db)).toBe(seqBefore + 1);
    expect(await versionOf(bob.accountId)).toBe(bobBefore);
  });

  it("does not change when the transaction rolls back", async () => {
    const { db } = getDatabase();
    const before = await versionOf(alice.accountId);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE vouchers SET balance = balance WHERE account_id = ${alice.accountId}`);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await versionOf(alice.accountId)).toBe(before);
  });

  it("never comes back to an earlier value", async () => {
    const seen = new Set([await versionOf(alice.accountId)]);
    for (let i = 0; i < 5; i++) {
      await getDatabase().db.execute(sql`UPDATE vouchers SET balance = balance WHERE account_id = ${alice.accountId}`);
      seen.add(await versionOf(alice.accountId));
    }
    expect(seen.size).toBe(6);
  });

  it("changes for both accounts when a voucher moves from one to the other", async () => {
    const { db } = getDatabase();
    const [voucher] = rowsOf<{ id: number }>(await db.execute(sql`SELECT id FROM vouchers WHERE account_id = ${bob.accountId} LIMIT 1`));
    const [aliceBefore, bobBefore] = [await versionOf(alice.accountId), await versionOf(bob.accountId)];
    await db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE vouchers SET account_id = ${alice.accountId} WHERE id = ${voucher!.id}`);
      await tx.execute(sql`UPDATE vouchers SET account_id = ${bob.accountId} WHERE id = ${voucher!.id}`);
    });
    expect(await versionOf(alice.accountId)).not.toBe(aliceBefore);
    expect(await versionOf(bob.accountId)).not.toBe(bobBefore);
  });
});

describe("the overview's insights", () => {
  it("are served from memory while nothing changes, and computed again after the time to live", async () => {
    const first = await getMyInsights(bob, tick());
    expect(await getMyInsights(bob, tick())).toBe(first);
    const later = await getMyInsights(bob, tick(ACCOUNT_CACHE_TTL_MS));
    expect(later).not.toBe(first);
    expect(later.daily).toEqual(first.daily);
    // A clock set back is never served from memory.
    expect(await getMyInsights(bob, new Date(clock - 5_000))).not.toBe(later);
  });

  it("show a payment at once", async () => {
    const before = await getMyInsights(alice, tick());
    expect(await getMyInsights(alice, tick())).toBe(before);
    const at = tick();
    const plan = await shownPlan(alice, serverless, 3, { discount: null }, at);
    const outcome = await placeAndPayOrder(alice, { productPublicId: serverless, quantity: 3, plan: { shown: plan }, requestKey: randomUUID() }, at);
    expect(outcome.ok).toBe(true);
    const after = await getMyInsights(alice, tick());
    expect(after.daily.total).toBe(before.daily.total + 3_000);
  });

  it("show a refund, a void and a redemption at once", async () => {
    const vouchersLeft = (view: Awaited<ReturnType<typeof getMyInsights>>) => view.balances.points.at(-1)!.cash + view.balances.points.at(-1)!.compute;
    const unpaidView = await getMyInsights(alice, tick());
    const at = tick();
    const plan = await shownPlan(alice, serverless, 2, { discount: null }, at);
    const paid = await placeAndPayOrder(alice, { productPublicId: serverless, quantity: 2, plan: { shown: plan }, requestKey: randomUUID() }, at);
    const paidView = await getMyInsights(alice, tick());
    const fromVouchers = plan.vouchers.reduce((sum, v) => sum + v.amount, 0);
    expect(fromVouchers).toBeGreaterThan(0);
    expect(vouchersLeft(paidView)).toBe(vouchersLeft(unpaidView) - fromVouchers);

    await refundOrder(admin, { orderPublicId: paid.orderPublicId, amount: "full", reason: "Customer asked", refundKey: randomUUID() }, tick());
    const refundedView = await getMyInsights(alice, tick());
    expect(refundedView).not.toBe(paidView);
    expect(vouchersLeft(refundedView)).toBe(vouchersLeft(unpaidView));

    const voucher = (await listMyVouchers(alice, "cash", tick())).items.find((v) => v.status === "available" && (v.balance ?? 0) > 0)!;
    await voidVoucher(admin, { voucherPublicId: voucher.publicId, reason: "Voided in a test" }, tick());
    const voidedView = await getMyInsights(alice, tick());
    expect(voidedView).not.toBe(refundedView);
    expect(voidedView.balances.points.at(-1)!.cash).toBe(refundedView.balances.points.at(-1)!.cash - (voucher.balance ?? 0));

    const code = seeded.codes.find((c) => c.kind === "cash")!;
    const redeemed = await redeemCode(alice, { code: code.code, kind: "cash" }, { ip: "198.51.100.7", now: tick() });
    expect(redeemed.ok).toBe(true);
    const redeemedView = await getMyInsights(alice, tick());
    expect(redeemedView).not.toBe(voidedView);
    expect(redeemedView.balances.points.at(-1)!.cash).toBeGreaterThan(voidedView.balances.points.at(-1)!.cash);
  });

  it("are computed per account: another account's write leaves them in memory", async () => {
    const bobView = await getMyInsights(bob, tick());
    await getDatabase().db.execute(sql`UPDATE vouchers SET balance = balance WHERE account_id = ${alice.accountId}`);
    expect(await getMyInsights(bob, tick())).toBe(bobView);
  });

  it("are refused without a customer account", async () => {
    await expect(getMyInsights(null, tick())).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyInsights(admin, tick())).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the statement page", () => {
  it("is served from memory while nothing changes, shows a payment at once, and the CSV's statement is always read", async () => {
    const month = monthOf(start, "Asia/Shanghai");
    const first = await getMyStatement(alice, "cash", month, tick());
    expect(await getMyStatement(alice, "cash", month, tick())).toBe(first);
    // Another kind, another list size: their own entries.
    expect(await getMyStatement(alice, "compute", month, tick())).not.toBe(first);
    expect(await getMyStatement(alice, "cash", month, tick(), { limit: 5 })).not.toBe(first);
    // The CSV asks for everything: never from memory.
    const csv = await getMyStatement(alice, "cash", month, tick(), { limit: Infinity });
    expect(await getMyStatement(alice, "cash", month, tick(), { limit: Infinity })).not.toBe(csv);

    const at = tick();
    const plan = await shownPlan(alice, serverless, 1, { discount: null }, at);
    expect(plan.vouchers.some((v) => v.amount > 0)).toBe(true);
    expect((await placeAndPayOrder(alice, { productPublicId: serverless, quantity: 1, plan: { shown: plan }, requestKey: randomUUID() }, at)).ok).toBe(true);
    const after = await getMyStatement(alice, "cash", month, tick());
    expect(after).not.toBe(first);
    expect(after.lines.used.recordCount).toBeGreaterThan(first.lines.used.recordCount);
  });
});
