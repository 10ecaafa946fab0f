/**
 * R1's world and its model (see docs/reliability.md). The world: a few accounts
 * with deliberately hot vouchers, a pool of codes, the demo catalog. The model: a
 * ledger of what every operation reported, applied in commit order, that predicts
 * every voucher balance, every discount's consumption and every cash balance, and
 * checks each reported effect against the rules it can judge without the database.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { billingAccounts, products, providers, refunds, vouchers } from "@/db/schema";
import { issueBatch, type IssueBatchRequest } from "@/lib/dal/admin/batches";
import { providerNamesSql } from "@/lib/dal/providers";
import { newPublicId } from "@/lib/ids";
import { planRefund, type PaidPart } from "@/lib/orders/refund";
import type { PaymentPlan } from "@/lib/orders/plan";
import type { Viewer } from "@/lib/dal/viewer";

export const HOUR = 3_600_000;

/** A small seeded PRNG (mulberry32): the same seed gives the same workload. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

export interface ModelVoucher {
  publicId: string;
  accountId: number;
  kind: "cash" | "discount" | "compute";
  faceValue: number | null;
  balance: number;
  providers: string[] | null;
  effectiveAt: Date;
  expiresAt: Date;
  consumed: boolean;
  /** When an admin voided it (applied at the end of its round). */
  voidedAt: Date | null;
}

export interface ModelProduct {
  publicId: string;
  unitPrice: number;
  provider: string | null;
}

export interface ModelOrder {
  publicId: string;
  accountId: number;
  /** What each source paid, in deduction order (the refund model needs the order). */
  parts: Array<{ source: "cash" | "compute" | "cash_balance"; voucherPublicId: string | null; amount: number }>;
  refunded: Map<string, number>;
  refundable: number;
}

export interface Problem {
  op: string;
  detail: string;
}

/**
 * Available as far as the model can judge: within its window and not voided in an
 * earlier round (a void racing a payment in the same round may commit after it).
 */
function usableAt(v: ModelVoucher, now: Date): boolean {
  return v.effectiveAt <= now && now < v.expiresAt && (v.voidedAt === null || v.voidedAt > now);
}

/** The model: what the database must hold if every reported effect happened exactly once. */
export class Model {
  vouchers = new Map<string, ModelVoucher>();
  cash = new Map<number, number>();
  orders = new Map<string, ModelOrder>();
  /** Order public id per account and request key: a key names one order forever. */
  orderOfKey = new Map<string, string>();
  redeemedCodes = new Set<string>();
  problems: Problem[] = [];

  problem(op: string, detail: string) {
    this.problems.push({ op, detail });
  }

  addVoucher(v: ModelVoucher) {
    this.vouchers.set(v.publicId, v);
  }

  applyPayment(op: string, accountId: number, product: ModelProduct, quantity: number, now: Date, requestKey: string, orderPublicId: string, plan: PaymentPlan) {
    const keyId = `${accountId}:${requestKey}`;
    const known = this.orderOfKey.get(keyId);
    if (known && known !== orderPublicId) this.problem(op, `request key ${requestKey} gave a second order`);
    this.orderOfKey.set(keyId, orderPublicId);
    if (this.orders.has(orderPublicId)) return this.problem(op, `order ${orderPublicId} paid twice`);
    const amount = product.unitPrice * quantity;
    const paidTotal = (plan.discount?.amount ?? 0) + plan.voucherTotal + plan.cashBalancePart;
    if (plan.orderAmount !== amount || paidTotal !== amount) this.problem(op, `parts ${paidTotal} ≠ catalog amount ${amount}`);
    const order: ModelOrder = { publicId: orderPublicId, accountId, parts: [], refunded: new Map(), refundable: 0 };
    if (plan.discount) {
      if (plan.allocations.length > 0) this.problem(op, "a discount with stored-value vouchers");
      const d = this.vouchers.get(plan.discount.publicId);
      if (!d || d.accountId !== accountId || d.kind !== "discount") this.problem(op, `discount ${plan.discount.publicId} not the account's`);
      else if (d.consumed) this.problem(op, `discount ${d.publicId} used twice`);
      else if (!usableAt(d, now)) this.problem(op, `discount ${d.publicId} not available at ${now.toISOString()}`);
      else d.consumed = true;
    }
    for (const a of plan.allocations) {
      const v = this.vouchers.get(a.publicId);
      if (!v || v.accountId !== accountId) {
        this.problem(op, `voucher ${a.publicId} not the account's`);
        continue;
      }
      if (!usableAt(v, now)) this.problem(op, `voucher ${v.publicId} spent while not available`);
      if (v.kind === "compute" && !(product.provider && v.providers?.includes(product.provider))) {
        this.problem(op, `compute voucher ${v.publicId} paid a ${product.provider ?? "general"} product`);
      }
      // Effects of one round are applied in a fixed order, not the commit order, so a
      // balance may dip below zero on the way: only the end of the round is judged.
      v.balance -= a.amount;
      order.parts.push({ source: a.kind, voucherPublicId: a.publicId, amount: a.amount });
    }
    if (plan.cashBalancePart > 0) {
      this.moveCash(accountId, -plan.cashBalancePart);
      order.parts.push({ source: "cash_balance", voucherPublicId: null, amount: plan.cashBalancePart });
    }
    order.refundable = plan.voucherTotal + plan.cashBalancePart;
    this.orders.set(orderPublicId, order);
  }

  /** Applies a refund the way SPEC 6 says it must go, and checks the reported amount. */
  applyRefund(op: string, orderPublicId: string, requested: number | "full", reported: number) {
    const order = this.orders.get(orderPublicId);
    if (!order) return this.problem(op, `refund of unknown order ${orderPublicId}`);
    const paid: PaidPart[] = order.parts.map((p, i) => ({
      source: p.source,
      voucherId: i,
      paid: p.amount,
      refunded: order.refunded.get(String(i)) ?? 0,
      deductionId: i,
    }));
    const planned = planRefund(paid, requested);
    if (!planned.ok) return this.problem(op, `refund of ${String(requested)} succeeded but the model refuses it (${planned.failure.code})`);
    const total = planned.parts.reduce((s, p) => s + p.amount, 0);
    if (total !== reported) this.problem(op, `refund reported ${reported}, model says ${total}`);
    for (const p of planned.parts) {
      const part = order.parts[p.voucherId!]!;
      order.refunded.set(String(p.voucherId), (order.refunded.get(String(p.voucherId)) ?? 0) + p.amount);
      if (part.voucherPublicId) this.vouchers.get(part.voucherPublicId)!.balance += p.amount;
      else this.cash.set(order.accountId, (this.cash.get(order.accountId) ?? 0) + p.amount);
    }
  }

  moveCash(accountId: number, delta: number) {
    this.cash.set(accountId, (this.cash.get(accountId) ?? 0) + delta);
  }

  /** Compares the model with the database: returns one line per difference. */
  async compare(db: Db): Promise<string[]> {
    const diffs: string[] = [];
    const ids = [...this.vouchers.keys()];
    const rows = ids.length
      ? await db
          .select({ publicId: vouchers.publicId, balance: vouchers.balance, consumedAt: vouchers.consumedAt, kind: vouchers.kind })
          .from(vouchers)
          .where(inArray(vouchers.publicId, ids))
      : [];
    for (const row of rows) {
      const v = this.vouchers.get(row.publicId)!;
      if (row.kind === "discount") {
        if ((row.consumedAt !== null) !== v.consumed) diffs.push(`${row.publicId}: consumed ${row.consumedAt !== null}, model ${v.consumed}`);
      } else if (row.balance !== v.balance) diffs.push(`${row.publicId}: balance ${row.balance}, model ${v.balance}`);
    }
    for (const v of this.vouchers.values()) {
      if (v.kind !== "discount" && (v.balance < 0 || v.balance > v.faceValue!)) diffs.push(`${v.publicId}: model balance ${v.balance} outside 0..${v.faceValue}`);
    }
    if (rows.length !== ids.length) diffs.push(`${ids.length - rows.length} vouchers of the model are missing`);
    const accounts = [...this.cash.keys()];
    const cash = await db.select({ id: billingAccounts.id, cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(inArray(billingAccounts.id, accounts));
    for (const a of cash) if (a.cashBalance !== this.cash.get(a.id)) diffs.push(`account ${a.id}: cash ${a.cashBalance}, model ${this.cash.get(a.id)}`);
    return diffs;
  }
}

/** Refund ids in commit order: refunds of one order commit in id order (the order row is locked). */
export async function refundIds(db: Db, publicIds: string[]): Promise<Map<string, number>> {
  if (publicIds.length === 0) return new Map();
  const rows = await db.select({ publicId: refunds.publicId, id: refunds.id }).from(refunds).where(inArray(refunds.publicId, publicIds));
  return new Map(rows.map((r) => [r.publicId, r.id]));
}

export interface World {
  customers: Viewer[];
  products: ModelProduct[];
  codes: Array<{ code: string; kind: "cash" | "compute" | "discount"; faceValue: number | null; providers: string[] | null }>;
}

/** Hot vouchers for one account: small balances, some expiring within hours, so payments contend and time matters. */
export async function grantHotVouchers(db: Db, model: Model, accountId: number, now: Date, r: Rng) {
  const values: Array<typeof vouchers.$inferInsert> = [];
  const idOf = new Map((await db.select({ id: providers.id, name: providers.name }).from(providers)).map((p) => [p.name, p.id]));
  const add = (kind: ModelVoucher["kind"], faceValue: number | null, names: string[] | null, expiresInHours: number) => {
    const v = {
      publicId: newPublicId("vch"),
      accountId,
      kind,
      faceValue,
      balance: faceValue,
      effectiveAt: new Date(now.getTime() - HOUR),
      expiresAt: new Date(now.getTime() + expiresInHours * HOUR),
      createdAt: now,
      ...(kind === "discount" ? { amountOff: 500, minOrderAmount: 2_000 } : {}),
    };
    values.push({ ...v, providerIds: names ? names.map((n) => idOf.get(n)!).sort((a, b) => a - b) : null });
    // The model keeps provider names; names are unique, so matching them is matching providers.
    model.addVoucher({ ...v, kind, faceValue, balance: faceValue ?? 0, providers: names, consumed: false, voidedAt: null });
  };
  add("compute", r.int(10, 40) * 100, ["MaxXIntel"], r.int(2, 48));
  add("compute", r.int(10, 40) * 100, ["Muxi", "MaxXIntel"], r.int(2, 48));
  add("cash", r.int(10, 30) * 100, null, r.int(2, 48));
  add("cash", r.int(10, 30) * 100, null, r.int(24, 96));
  add("discount", null, null, r.int(2, 48));
  await db.insert(vouchers).values(values);
}

export async function createWorld(db: Db, model: Model, admin: Viewer, now: Date, r: Rng, accounts: number, codesPerKind: number): Promise<World> {
  const customers: Viewer[] = [];
  for (let i = 0; i < accounts; i++) {
    const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: `R1 ${i}`, createdAt: now }).returning();
    customers.push({ userId: `r1-${randomUUID()}`, email: `r1-${i}@example.com`, name: `R1 ${i}`, role: "customer", accountId: account!.id });
    model.cash.set(account!.id, 0);
    await grantHotVouchers(db, model, account!.id, now, r);
  }
  const catalog = await db
    .select({ publicId: products.publicId, unitPrice: products.unitPrice, retiredAt: products.retiredAt, provider: providers.name })
    .from(products)
    .leftJoin(providers, eq(providers.id, products.providerId));
  // The codes come from the admin's own issue function, as in production.
  const validity = { type: "fixed" as const, effectiveAt: new Date(now.getTime() - HOUR), expiresAt: new Date(now.getTime() + 24 * 365 * HOUR) };
  const issue = (name: string, terms: IssueBatchRequest["terms"]) => issueBatch(admin, { name, terms, validity, redeemBy: null, quantity: codesPerKind }, now);
  const codes: World["codes"] = [];
  for (const [issued, faceValue, providers] of [
    [await issue("R1 cash", { kind: "cash", faceValue: 2_000 }), 2_000, null],
    [await issue("R1 compute", { kind: "compute", faceValue: 3_000, providers: ["MaxXIntel"] }), 3_000, ["MaxXIntel"]],
    [await issue("R1 discount", { kind: "discount", discount: { type: "amount_off", amountOff: 300, minOrderAmount: 1_000, productPublicId: null } }), null, null],
  ] as const) {
    for (const code of issued.codes) codes.push({ code, kind: issued.kind, faceValue, providers: providers ? [...providers] : null });
  }
  // Mixed kinds in any window of the pool.
  for (let i = codes.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
  }
  return {
    customers,
    products: catalog.filter((p) => p.retiredAt === null).map((p) => ({ publicId: p.publicId, unitPrice: p.unitPrice, provider: p.provider })),
    codes,
  };
}

/** The window and terms a redeemed voucher got, read back to add it to the model. */
export async function redeemedVoucher(db: Db, publicId: string, accountId: number): Promise<ModelVoucher | null> {
  const [row] = await db
    .select({ v: vouchers, providers: providerNamesSql(vouchers.providerIds) })
    .from(vouchers)
    .where(and(eq(vouchers.publicId, publicId), eq(vouchers.accountId, accountId)));
  if (!row) return null;
  const v = row.v;
  return {
    publicId: v.publicId,
    accountId: v.accountId,
    kind: v.kind,
    faceValue: v.faceValue,
    balance: v.faceValue ?? 0,
    // The model matches by name: names are unique (ignoring case), so that is matching by provider.
    providers: row.providers,
    effectiveAt: v.effectiveAt,
    expiresAt: v.expiresAt,
    consumed: false,
    voidedAt: null,
  };
}
