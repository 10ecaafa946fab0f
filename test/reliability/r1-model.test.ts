/**
 * R1, the randomized concurrent model test, and R2, its control (docs/reliability.md).
 * Workers call the DAL functions the server actions call, concurrently, over a few
 * accounts with hot vouchers; after every round the model's predicted balances are
 * compared with the database and the SPEC 10 invariant checker runs.
 * Sizes: 2,000 operations here; STRESS=1 (npm run stress) runs 100,000.
 * Reproduce a run with R1_SEED=<seed> (printed at the start and on failure).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { findInvariantViolations } from "../invariants";
import { billingAccounts, usageRecords, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { voidVoucher } from "@/lib/dal/admin/vouchers";
import { adjustCashBalance, chargeUsage, topUp } from "@/lib/dal/cash";
import { placeAndPayOrder, type PayOutcome } from "@/lib/dal/orders/pay";
import { redeemCode, type RedeemResult } from "@/lib/dal/redeem";
import { refundOrder } from "@/lib/dal/refunds";
import { DalError } from "@/lib/dal/errors";
import type { Viewer } from "@/lib/dal/viewer";
import { setupTestDatabase, usingPostgres, viewerOf } from "../db";
import { createWorld, grantHotVouchers, HOUR, Model, redeemedVoucher, refundIds, rng, type ModelProduct, type Rng, type World } from "./workload";

const STRESS = process.env.STRESS === "1";
const TOTAL_OPS = Number(process.env.R1_OPS ?? (STRESS ? 100_000 : 2_000));
const ROUND_OPS = STRESS ? 1_000 : 100;
// More accounts under stress: the same hot vouchers per account, more payers at once.
const ACCOUNTS = STRESS ? 12 : 4;
const WORKERS = 8;
const SEED = Number(process.env.R1_SEED ?? Math.floor(Math.random() * 2 ** 31));

// The buckets are not what R1 is about: R7 and test/redeem.test.ts cover them.
process.env.REDEEM_LIMIT_PER_ACCOUNT = "1000000";
process.env.REDEEM_LIMIT_PER_IP = "1000000";

const getDatabase = setupTestDatabase();
let admin: Viewer;
const accountPublicIds = new Map<number, string>();

beforeAll(async () => {
  if (!usingPostgres()) return;
  const { db } = getDatabase();
  await seedDemoData(db, new Date("2026-11-23T00:00:00Z"), 0);
  admin = await viewerOf(db, DEMO_USERS.admin);
});

type Effect =
  | { type: "pay"; op: string; accountId: number; product: ModelProduct; quantity: number; now: Date; requestKey: string; outcome: PayOutcome }
  | { type: "redeem"; op: string; accountId: number; code: World["codes"][number]; result: RedeemResult<{ publicId: string }> }
  | { type: "refund"; op: string; orderPublicId: string; amount: number | "full"; refundPublicId: string; reported: number; repeated: boolean }
  | { type: "cash"; op: string; accountId: number; delta: number; repeated: boolean }
  | { type: "void"; op: string; voucherPublicId: string; now: Date }
  | { type: "refused"; op: string };

/** Refusals the rules allow (a conflict, bad input, a missing row); anything else is a bug. */
const EXPECTED_REFUSALS = new Set(["conflict", "invalid_input", "not_found"]);

async function attempt(op: string, body: () => Promise<Effect>): Promise<Effect | { type: "error"; op: string; error: unknown }> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof DalError && EXPECTED_REFUSALS.has(error.code)) return { type: "refused", op };
    return { type: "error", op, error };
  }
}

interface Stats {
  ops: number;
  rounds: number;
  byType: Record<string, number>;
  succeeded: number;
  refused: number;
  checks: number;
}

/** Builds one round's operations from the seeded generator (the interleaving is the database's). */
function planRound(r: Rng, world: World, model: Model, now: Date, recentPays: Array<() => Promise<Effect>>, refundKeys: Array<{ order: string; key: string; amount: number | "full" }>) {
  const ops: Array<() => Promise<Effect>> = [];
  const paidOrders = [...model.orders.keys()];
  for (let i = 0; i < ROUND_OPS; i++) {
    const customer = r.pick(world.customers);
    const accountId = customer.accountId!;
    const roll = r.next();
    const op = `#${i}`;
    if (roll < 0.4) {
      if (recentPays.length > 0 && r.chance(0.15)) {
        ops.push(r.pick(recentPays)); // the same request again: a double click or a retry
        continue;
      }
      const product = r.pick(world.products);
      const quantity = r.int(1, 4);
      const requestKey = randomUUID();
      const choices = r.chance(0.2) ? { discount: null } : {};
      const pay = async (): Promise<Effect> => {
        const outcome = await placeAndPayOrder(customer, { productPublicId: product.publicId, quantity, plan: { automatic: choices }, requestKey }, now);
        return { type: "pay", op: `pay ${op}`, accountId, product, quantity, now, requestKey, outcome };
      };
      recentPays.push(pay);
      if (recentPays.length > 20) recentPays.shift();
      ops.push(pay);
    } else if (roll < 0.52) {
      // Codes are drawn from a small window that moves on as codes get used, so
      // several workers often race for one code and fresh codes keep coming.
      const lo = Math.min(model.redeemedCodes.size, world.codes.length - 1);
      const code = world.codes[r.int(lo, Math.min(world.codes.length - 1, lo + 30))]!;
      ops.push(async () => {
        const result = await redeemCode(customer, { code: code.code, kind: code.kind }, { ip: `203.0.113.${r.int(1, 9)}`, now });
        return { type: "redeem", op: `redeem ${op}`, accountId, code, result };
      });
    } else if (roll < 0.67 && paidOrders.length > 0) {
      const reuse = refundKeys.length > 0 && r.chance(0.15) ? r.pick(refundKeys) : null;
      const order = reuse?.order ?? r.pick(paidOrders);
      const amount = reuse?.amount ?? (r.chance(0.3) ? "full" : r.int(1, 1_500));
      const key = reuse?.key ?? randomUUID();
      if (!reuse) refundKeys.push({ order, key, amount });
      ops.push(async () => {
        const out = await refundOrder(admin, { orderPublicId: order, amount, reason: "R1 refund", refundKey: key }, now);
        return { type: "refund", op: `refund ${op}`, orderPublicId: order, amount, refundPublicId: out.refundPublicId, reported: out.amount, repeated: out.repeated };
      });
    } else if (roll < 0.7) {
      // An operator voids a voucher, often one a payment is about to use.
      const candidates = [...model.vouchers.values()].filter((v) => v.accountId === accountId && v.voidedAt === null);
      if (candidates.length === 0) continue;
      const target = r.pick(candidates).publicId;
      ops.push(async () => {
        await voidVoucher(admin, { voucherPublicId: target, reason: "R1 void" }, now);
        return { type: "void", op: `void ${op}`, voucherPublicId: target, now };
      });
    } else if (roll < 0.85) {
      const amount = r.int(1, 50) * 100;
      const requestKey = randomUUID();
      const twice = r.chance(0.2);
      const run = async (): Promise<Effect> => {
        const out = await topUp(customer, { amount, requestKey }, now);
        return { type: "cash", op: `top-up ${op}`, accountId, delta: amount, repeated: out.repeated };
      };
      ops.push(run);
      if (twice) ops.push(run);
    } else {
      const accountPublicId = accountPublicIds.get(accountId)!;
      const amount = r.int(1, 30) * 100;
      const requestKey = randomUUID();
      if (r.chance(0.5)) {
        ops.push(async () => {
          const out = await chargeUsage(admin, { accountPublicId, amount, reason: "R1 usage", requestKey }, now);
          return { type: "cash", op: `charge ${op}`, accountId, delta: -amount, repeated: out.repeated };
        });
      } else {
        const signed = r.chance(0.5) ? amount : -amount;
        ops.push(async () => {
          const out = await adjustCashBalance(admin, { accountPublicId, amount: signed, reason: "R1 adjustment", requestKey }, now);
          return { type: "cash", op: `adjust ${op}`, accountId, delta: signed, repeated: out.repeated };
        });
      }
    }
  }
  return ops;
}

/** Runs `ops` on WORKERS concurrent workers, each in sequence. */
async function runConcurrently<T>(ops: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < ops.length) {
        const i = next++;
        results[i] = await ops[i]!();
      }
    }),
  );
  return results;
}

/** Applies a round's effects to the model: new vouchers first, then payments, then refunds in commit order, then cash. */
async function applyRound(db: Db, model: Model, effects: Array<Effect | { type: "error"; op: string; error: unknown }>, stats: Stats) {
  for (const e of effects) {
    stats.byType[e.type] = (stats.byType[e.type] ?? 0) + 1;
    if (e.type === "error") model.problem(e.op, `unexpected error: ${describeError(e.error)}`);
    if (e.type === "refused") stats.refused++;
  }
  for (const e of effects) {
    if (e.type !== "redeem" || !e.result.ok) continue;
    stats.succeeded++;
    if (model.redeemedCodes.has(e.code.code)) model.problem(e.op, "a code redeemed twice");
    model.redeemedCodes.add(e.code.code);
    const v = await redeemedVoucher(db, e.result.value.publicId, e.accountId);
    if (!v) model.problem(e.op, "the redeemed voucher is not on the account");
    else if (v.faceValue !== e.code.faceValue || v.kind !== e.code.kind) model.problem(e.op, "the voucher does not carry its batch's terms");
    else model.addVoucher(v);
  }
  const pays = effects.filter((e): e is Extract<Effect, { type: "pay" }> => e.type === "pay" && e.outcome.ok);
  for (const e of pays) {
    if (e.outcome.ok && !e.outcome.alreadyPaid) model.applyPayment(e.op, e.accountId, e.product, e.quantity, e.now, e.requestKey, e.outcome.orderPublicId, e.outcome.plan!);
  }
  // A repeat must find the very order its key paid (in this round or before).
  for (const e of pays) {
    stats.succeeded++;
    if (e.outcome.ok && e.outcome.alreadyPaid && model.orderOfKey.get(`${e.accountId}:${e.requestKey}`) !== e.outcome.orderPublicId) {
      model.problem(e.op, "a repeated request found an order its key never paid");
    }
  }
  const refunds = effects.filter((e): e is Extract<Effect, { type: "refund" }> => e.type === "refund" && !e.repeated);
  const order = await refundIds(db, refunds.map((e) => e.refundPublicId));
  refunds.sort((a, b) => order.get(a.refundPublicId)! - order.get(b.refundPublicId)!);
  for (const e of refunds) {
    stats.succeeded++;
    model.applyRefund(e.op, e.orderPublicId, e.amount, e.reported);
  }
  // Voids last: a payment of the same round may have committed before its void.
  for (const e of effects) {
    if (e.type !== "void") continue;
    stats.succeeded++;
    const v = model.vouchers.get(e.voucherPublicId)!;
    if (v.voidedAt) model.problem(e.op, `voucher ${v.publicId} voided twice`);
    v.voidedAt = e.now;
  }
  for (const e of effects) {
    if (e.type !== "cash") continue;
    stats.succeeded++;
    if (!e.repeated) model.moveCash(e.accountId, e.delta);
  }
}

async function checkRound(db: Db, model: Model, label: string) {
  const diffs = await model.compare(db);
  const violations = await findInvariantViolations(db);
  expect({ problems: model.problems, diffs, violations }, `${label} (R1_SEED=${SEED})`).toEqual({ problems: [], diffs: [], violations: {} });
}

describe.runIf(usingPostgres())("R1: randomized concurrent model test", () => {
  it(`${TOTAL_OPS} random operations by ${WORKERS} workers keep the model and every invariant`, { timeout: STRESS ? 900_000 : 300_000 }, async () => {
    const { db } = getDatabase();
    const r = rng(SEED);
    const model = new Model();
    let now = new Date("2026-11-23T01:00:00Z");
    const world = await createWorld(db, model, admin, now, r, ACCOUNTS, Math.ceil(TOTAL_OPS / 20));
    for (const c of world.customers) {
      const [a] = await db.select({ publicId: billingAccounts.publicId }).from(billingAccounts).where(eq(billingAccounts.id, c.accountId!));
      accountPublicIds.set(c.accountId!, a!.publicId);
    }
    const stats: Stats = { ops: 0, rounds: 0, byType: {}, succeeded: 0, refused: 0, checks: 0 };
    const recentPays: Array<() => Promise<Effect>> = [];
    const refundKeys: Array<{ order: string; key: string; amount: number | "full" }> = [];
    const started = Date.now();
    console.info(`[R1] seed ${SEED}, ${TOTAL_OPS} operations, ${WORKERS} workers, rounds of ${ROUND_OPS}`);

    while (stats.ops < TOTAL_OPS) {
      const ops = planRound(r, world, model, now, recentPays, refundKeys);
      const effects = await runConcurrently(ops.map((op, i) => () => attempt(`round ${stats.rounds} op ${i}`, op)));
      stats.ops += ops.length;
      stats.rounds++;
      await applyRound(db, model, effects, stats);
      await checkRound(db, model, `after round ${stats.rounds}`);
      stats.checks++;
      // Time moves on (vouchers expire); fresh hot vouchers keep the contention up.
      if (STRESS && stats.rounds % 10 === 0) console.info(`[R1] ${stats.ops} operations, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      now = new Date(now.getTime() + r.int(0, 3) * HOUR);
      if (stats.rounds % 5 === 0) for (const c of world.customers) await grantHotVouchers(db, model, c.accountId!, now, r);
    }
    const seconds = (Date.now() - started) / 1000;
    console.info(
      `[R1] seed ${SEED}: ${stats.ops} operations in ${stats.rounds} rounds, ${seconds.toFixed(1)} s (${Math.round(stats.ops / seconds)} ops/s); ` +
        `${stats.succeeded} took effect or were found done, ${stats.refused} refused by the rules; ` +
        `${stats.checks} model + invariant checks, 0 violations; ${model.orders.size} orders paid, ${model.redeemedCodes.size} codes redeemed`,
    );
    expect(model.orders.size).toBeGreaterThan(0);
    expect(model.redeemedCodes.size).toBeGreaterThan(0);
  });
});

describe.runIf(usingPostgres())("R2: the control", () => {
  it("a naive read-then-write debit under the same workload is caught by the model or the checker", { timeout: 120_000 }, async () => {
    const { db } = getDatabase();
    const r = rng(SEED + 1);
    const model = new Model();
    const now = new Date("2026-11-23T01:00:00Z");
    const world = await createWorld(db, model, admin, now, r, 2, 1);
    const hot = [...model.vouchers.values()].filter((v) => v.kind !== "discount" && world.customers.some((c) => c.accountId === v.accountId));

    /** Reads the balance, thinks, writes read − amount: the lost update the real pay path locks against. */
    const naiveDebit = async (voucherPublicId: string, amount: number) => {
      const [row] = await db.select({ id: vouchers.id, balance: vouchers.balance, accountId: vouchers.accountId }).from(vouchers).where(eq(vouchers.publicId, voucherPublicId));
      if (!row || row.balance === null || row.balance < amount) return false;
      await new Promise((resolve) => setTimeout(resolve, r.int(0, 3)));
      await db.update(vouchers).set({ balance: row.balance - amount }).where(eq(vouchers.id, row.id));
      const source = hot.find((v) => v.publicId === voucherPublicId)!.kind as "cash" | "compute";
      await db.insert(usageRecords).values({ accountId: row.accountId, voucherId: row.id, source, type: "deduction", status: "success", amount, balanceAfter: row.balance - amount, createdAt: now });
      return true;
    };

    const ops = Array.from({ length: 400 }, () => {
      const v = r.pick(hot);
      return async () => ({ v, ok: await naiveDebit(v.publicId, 100) });
    });
    for (const { v, ok } of await runConcurrently(ops)) if (ok) v.balance -= 100;

    const diffs = await model.compare(db);
    const violations = await findInvariantViolations(db);
    const caught = diffs.length + Object.keys(violations).length;
    console.info(`[R2] naive debit: ${diffs.length} model differences, invariants violated: ${Object.keys(violations).join(", ") || "none"}`);
    expect(caught, "the control passed: R1 cannot tell a lost update from a correct payment").toBeGreaterThan(0);
  });
});

describe.skipIf(usingPostgres())("R1 on PGlite", () => {
  it("needs real concurrency: runs on PostgreSQL only (TEST_DATABASE_URL)", () => {
    console.info("[R1] skipped on PGlite: one connection serializes every operation; the PostgreSQL project runs it");
    expect(usingPostgres()).toBe(false);
  });
});

/** An error's message with its cause's (a driver error wrapped by Drizzle: its SQLSTATE says why). */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause ? `${err.message} (cause: ${cause.code ?? ""} ${cause.message ?? ""})` : err.message;
}
