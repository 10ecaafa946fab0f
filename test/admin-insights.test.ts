/**
 * The operator's figures on /admin (issue 17, docs/insights.md "Admin overview"):
 * known answers on a hand-made history, the monthly SQL against the pure
 * `monthlyStatement` summed over accounts (on that history, then on a random one
 * with events on and beside month boundaries), and the refusals.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { billingAccounts, cashMovements, orders, providers, redemptionCodes, refunds, usageRecords, users, voucherBatches, vouchers } from "@/db/schema";
import { getAdminInsights, getBatchRedemption, getMonthlyFlows, getTopArrears, getVoucherLiability, insightMonths, type MonthFlows } from "@/lib/dal/admin/insights";
import { getRefundPreviewParts } from "@/lib/dal/refunds";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { monthlyStatement, type StatementRecord, type StatementVoucher } from "@/lib/insights/statement";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { voucherStatus } from "@/lib/vouchers/status";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();
const ZONE = "Asia/Shanghai";
/** 12:00 in Shanghai on 2026-11-20: the overview's months are 2025-12 … 2026-11, the last running to now. */
const now = new Date("2026-11-20T04:00:00Z");
/** A local Shanghai time. */
const sh = (local: string) => new Date(`${local}+08:00`);

const admin: Viewer = { userId: "insights-admin", email: "ops@example.com", name: "Ops", role: "admin", accountId: null };
let customer: Viewer;
let p1: number;
let p2: number;

type VoucherRow = typeof vouchers.$inferInsert;
type RecordSpec = { type: "deduction" | "refund"; amount: number; at: Date };

/** Inserts an account with an order to hang records and refunds on. */
async function account(db: Db, name: string, cashBalance = 0) {
  const [a] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name, cashBalance, createdAt: sh("2024-01-01T00:00:00") }).returning();
  const created = sh("2024-01-01T00:00:00");
  const [o] = await db
    .insert(orders)
    .values({ publicId: newPublicId("ord"), accountId: a!.id, amount: 0, createdAt: created, expiresAt: new Date(created.getTime() + 60_000) })
    .returning();
  return { id: a!.id, publicId: a!.publicId, orderId: o!.id };
}

/** A stored-value voucher with its history; the stored balance follows the records. */
async function voucher(
  db: Db,
  acc: { id: number; orderId: number },
  v: { kind: StoredValueKind; face: number; created: Date; effective?: Date; expires: Date; voided?: Date; providerIds?: number[]; batchId?: number; codeId?: number },
  records: RecordSpec[] = [],
) {
  const balance = records.reduce((b, r) => b + (r.type === "refund" ? r.amount : -r.amount), v.face);
  const row: VoucherRow = {
    publicId: newPublicId("vch"),
    accountId: acc.id,
    kind: v.kind,
    faceValue: v.face,
    balance,
    providerIds: v.kind === "compute" ? (v.providerIds ?? [p1]) : null,
    effectiveAt: v.effective ?? v.created,
    expiresAt: v.expires,
    voidedAt: v.voided ?? null,
    voidedBy: v.voided ? admin.userId : null,
    voidReason: v.voided ? "test" : null,
    batchId: v.batchId ?? null,
    codeId: v.codeId ?? null,
    createdAt: v.created,
  };
  const [inserted] = await db.insert(vouchers).values(row).returning();
  for (const r of records) await record(db, acc, inserted!.id, v.kind, r);
  return inserted!;
}

async function record(db: Db, acc: { id: number; orderId: number }, voucherId: number | null, source: "cash" | "compute" | "discount" | "cash_balance", r: RecordSpec) {
  let refundId: number | null = null;
  if (r.type === "refund") {
    const [refund] = await db
      .insert(refunds)
      .values({ publicId: newPublicId("rfd"), accountId: acc.id, orderId: acc.orderId, amount: r.amount, reason: "test", refundKey: randomUUID(), createdAt: r.at })
      .returning();
    refundId = refund!.id;
  }
  await db.insert(usageRecords).values({ accountId: acc.id, voucherId, orderId: acc.orderId, refundId, source, type: r.type, status: "success", amount: r.amount, createdAt: r.at });
}

async function batch(db: Db, kind: "cash" | "discount", name: string, created: Date, codes: number) {
  const terms = kind === "cash" ? { faceValue: 5_000 } : { amountOff: 500 };
  const [b] = await db
    .insert(voucherBatches)
    .values({ publicId: newPublicId("bat"), name, kind, ...terms, validDays: 365, quantity: codes, createdAt: created })
    .returning();
  const rows =
    codes === 0
      ? []
      : await db
          .insert(redemptionCodes)
          .values(Array.from({ length: codes }, () => ({ batchId: b!.id, codeHash: randomBytes(32).toString("hex"), last4: "ABCD" })))
          .returning();
  return { id: b!.id, publicId: b!.publicId, codes: rows.map((c) => c.id) };
}

const ded = (amount: number, at: Date): RecordSpec => ({ type: "deduction", amount, at });
const ref = (amount: number, at: Date): RecordSpec => ({ type: "refund", amount, at });

let batchX: { publicId: string };
let batchY: { publicId: string };
let batchZ: { publicId: string };
let accountB: { publicId: string };
let accountC: { publicId: string };

beforeAll(async () => {
  const { db } = getDatabase();
  await db.insert(users).values({ id: admin.userId, name: admin.name, email: admin.email, role: "admin" });
  const [one, two] = await db
    .insert(providers)
    .values([
      { publicId: newPublicId("prv"), name: "InsightOne", createdAt: sh("2024-01-01T00:00:00") },
      { publicId: newPublicId("prv"), name: "InsightTwo", createdAt: sh("2024-01-01T00:00:00") },
    ])
    .returning();
  p1 = one!.id;
  p2 = two!.id;

  const a = await account(db, "Insights A", 500);
  const b = await account(db, "Insights B", -1_200);
  const c = await account(db, "Insights C", -300);
  accountB = b;
  accountC = c;
  customer = { userId: "insights-customer", email: "a@example.com", name: "A", role: "customer", accountId: a.id };

  const x = await batch(db, "cash", "Batch X", sh("2026-08-01T10:00:00"), 4);
  const y = await batch(db, "discount", "Batch Y", sh("2026-08-02T10:00:00"), 2);
  const z = await batch(db, "cash", "Batch Z", sh("2026-08-03T10:00:00"), 0);
  batchX = x;
  batchY = y;
  batchZ = z;
  await db.update(redemptionCodes).set({ redeemedAt: sh("2026-09-01T10:00:00"), redeemedByAccountId: a.id }).where(inIds(x.codes.slice(0, 2)));
  await db.update(redemptionCodes).set({ redeemedAt: sh("2026-05-01T10:00:00"), redeemedByAccountId: b.id }).where(inIds(y.codes.slice(0, 1)));

  // V1: redeemed in March, used in April, expires at 00:00 on 1 June (lost in May), ¥10 refunded onto it in July.
  await voucher(db, a, { kind: "cash", face: 10_000, created: sh("2026-03-10T12:00:00"), expires: sh("2026-06-01T00:00:00") }, [
    ded(3_000, sh("2026-04-05T12:00:00")),
    ref(1_000, sh("2026-07-01T09:00:00")),
  ]);
  // V2: compute, redeemed in January, takes effect at 00:00 on 1 February (enters the balance in January), used in October.
  await voucher(db, a, { kind: "compute", face: 5_000, created: sh("2026-01-15T10:00:00"), effective: sh("2026-02-01T00:00:00"), expires: sh("2027-01-01T00:00:00"), providerIds: [p1] }, [
    ded(2_000, sh("2026-10-10T10:00:00")),
  ]);
  // V3 (batch X): redeemed and used in September, voided in October.
  await voucher(
    db,
    a,
    { kind: "cash", face: 4_000, created: sh("2026-09-01T10:00:00"), expires: sh("2027-09-01T00:00:00"), voided: sh("2026-10-20T10:00:00"), batchId: x.id, codeId: x.codes[0] },
    [ded(500, sh("2026-09-15T10:00:00"))],
  );
  // V4: voided in November before it took effect.
  await voucher(db, a, { kind: "cash", face: 2_000, created: sh("2026-10-01T10:00:00"), effective: sh("2026-12-01T00:00:00"), expires: sh("2027-12-01T00:00:00"), voided: sh("2026-11-05T10:00:00") });
  // V5 (batch X): redeemed and used in November, available now.
  await voucher(db, a, { kind: "cash", face: 6_000, created: sh("2026-11-01T10:00:00"), expires: sh("2027-06-01T00:00:00"), batchId: x.id, codeId: x.codes[1] }, [
    ded(1_000, sh("2026-11-10T10:00:00")),
  ]);
  // V6: not effective until 2027.
  await voucher(db, a, { kind: "cash", face: 3_000, created: sh("2026-11-02T10:00:00"), effective: sh("2027-01-01T00:00:00"), expires: sh("2027-12-31T00:00:00") });
  // V7: compute for both providers, from 2025; used at 00:00 on 1 December 2025, the first instant of the window.
  await voucher(db, a, { kind: "compute", face: 8_000, created: sh("2025-06-01T10:00:00"), expires: sh("2026-12-31T00:00:00"), providerIds: [p1, p2] }, [
    ded(1_000, sh("2025-07-01T10:00:00")),
    ded(500, sh("2025-12-01T00:00:00")),
  ]);
  // V8: expired long before the window.
  await voucher(db, a, { kind: "cash", face: 1_000, created: sh("2025-01-10T10:00:00"), expires: sh("2025-06-01T00:00:00") });
  // V9: redeemed in June, expires on the 25th of this month, after now: not counted yet.
  await voucher(db, a, { kind: "cash", face: 1_500, created: sh("2026-06-01T10:00:00"), expires: sh("2026-11-25T00:00:00") });
  // V10: account B, redeemed in February, used up in March, expires empty in July.
  await voucher(db, b, { kind: "cash", face: 2_500, created: sh("2026-02-14T10:00:00"), expires: sh("2026-08-01T00:00:00") }, [ded(2_500, sh("2026-03-03T10:00:00"))]);
  // V12: compute, one millisecond before the window to its first instant: every event in November 2025.
  await voucher(db, b, { kind: "compute", face: 1_000, created: new Date(sh("2025-12-01T00:00:00").getTime() - 1), expires: sh("2025-12-01T00:00:00"), providerIds: [p2] });
  // A discount voucher of batch Y, used once for ¥5 (no stored value: on no monthly line).
  const [discount] = await db
    .insert(vouchers)
    .values({
      publicId: newPublicId("vch"),
      accountId: b.id,
      kind: "discount",
      amountOff: 500,
      effectiveAt: sh("2026-05-01T10:00:00"),
      expiresAt: sh("2027-05-01T10:00:00"),
      batchId: y.id,
      codeId: y.codes[0],
      createdAt: sh("2026-05-01T10:00:00"),
    })
    .returning();
  await record(db, b, discount!.id, "discount", ded(500, sh("2026-05-02T10:00:00")));
  // Cash-balance records are not vouchers: on no line.
  await record(db, b, null, "cash_balance", ded(1_700, sh("2026-10-03T10:00:00")));
  await db.insert(cashMovements).values([
    { accountId: b.id, type: "top_up", amount: 500, balanceAfter: 500, createdAt: sh("2026-09-01T10:00:00") },
    { accountId: b.id, type: "charge", amount: 1_700, balanceAfter: -1_200, createdAt: sh("2026-10-03T10:00:00") },
    { accountId: c.id, type: "charge", amount: 300, balanceAfter: -300, createdAt: sh("2026-11-01T10:00:00") },
  ]);
});

function inIds(ids: number[]) {
  return sql`${redemptionCodes.id} IN (${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}

const zero: MonthFlows = { redeemed: 0, refunded: 0, used: 0, expired: 0, voided: 0, voidedNotEffective: 0 };

describe("known answers", () => {
  it("liability: available balances by kind and provider set, with the not-effective value beside them", async () => {
    expect(await getVoucherLiability(admin, now)).toEqual([
      { kind: "cash", providers: [], available: 6_500, notEffective: 3_000, vouchers: 3 },
      { kind: "compute", providers: ["InsightOne"], available: 3_000, notEffective: 0, vouchers: 1 },
      { kind: "compute", providers: ["InsightOne", "InsightTwo"], available: 6_500, notEffective: 0, vouchers: 1 },
    ]);
  });

  it("monthly flows: the last 12 months of the zone, each line on its month's boundaries, the current month to now", async () => {
    const months = await getMonthlyFlows(admin, now, ZONE);
    expect(months.map((m) => m.month)).toEqual(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(months[0]!.start).toEqual(new Date("2025-11-30T16:00:00Z"));
    expect(months[11]!.end).toEqual(now);
    const cash = Object.fromEntries(months.map((m) => [m.month, m.byKind.cash]));
    const compute = Object.fromEntries(months.map((m) => [m.month, m.byKind.compute]));
    expect(cash).toEqual({
      "2025-12": zero,
      "2026-01": zero,
      "2026-02": { ...zero, redeemed: 2_500 },
      "2026-03": { ...zero, redeemed: 10_000, used: 2_500 },
      "2026-04": { ...zero, used: 3_000 },
      "2026-05": { ...zero, expired: 7_000 },
      "2026-06": { ...zero, redeemed: 1_500 },
      "2026-07": { ...zero, refunded: 1_000, expired: 1_000 },
      "2026-08": zero,
      "2026-09": { ...zero, redeemed: 4_000, used: 500 },
      "2026-10": { ...zero, voided: 3_500 },
      "2026-11": { ...zero, redeemed: 6_000, used: 1_000, voided: 2_000, voidedNotEffective: 2_000 },
    });
    expect(compute).toEqual({
      ...Object.fromEntries(months.map((m) => [m.month, zero])),
      "2025-12": { ...zero, used: 500 },
      "2026-01": { ...zero, redeemed: 5_000 },
      "2026-10": { ...zero, used: 2_000 },
    });
  });

  it("batches: codes issued and redeemed, rate, value redeemed and used, latest first", async () => {
    expect(await getBatchRedemption(admin)).toEqual([
      { publicId: batchZ.publicId, name: "Batch Z", kind: "cash", voided: false, codesIssued: 0, codesRedeemed: 0, redemptionRate: null, valueRedeemed: 0, valueUsed: 0 },
      { publicId: batchY.publicId, name: "Batch Y", kind: "discount", voided: false, codesIssued: 2, codesRedeemed: 1, redemptionRate: 0.5, valueRedeemed: null, valueUsed: 500 },
      { publicId: batchX.publicId, name: "Batch X", kind: "cash", voided: false, codesIssued: 4, codesRedeemed: 2, redemptionRate: 0.5, valueRedeemed: 10_000, valueUsed: 1_500 },
    ]);
  });

  it("arrears: deepest first, since the balance last went below zero", async () => {
    expect(await getTopArrears(admin)).toEqual([
      { publicId: accountB.publicId, name: "Insights B", arrears: 1_200, since: sh("2026-10-03T10:00:00") },
      { publicId: accountC.publicId, name: "Insights C", arrears: 300, since: sh("2026-11-01T10:00:00") },
    ]);
    expect(await getTopArrears(admin, 1)).toHaveLength(1);
  });
});

/** Every voucher and record of the database, as the pure statement takes them, by account. */
async function historyByAccount(db: Db) {
  const vs = await db.select().from(vouchers);
  const rs = await db.select().from(usageRecords);
  const accounts = new Map<number, { vouchers: StatementVoucher[]; records: StatementRecord[] }>();
  const of = (id: number) => accounts.get(id) ?? accounts.set(id, { vouchers: [], records: [] }).get(id)!;
  for (const v of vs) of(v.accountId).vouchers.push({ id: v.id, publicId: v.publicId, kind: v.kind, faceValue: v.faceValue, createdAt: v.createdAt, effectiveAt: v.effectiveAt, expiresAt: v.expiresAt, voidedAt: v.voidedAt });
  for (const r of rs) of(r.accountId).records.push({ id: r.id, voucherId: r.voucherId, type: r.type, status: r.status, amount: r.amount, createdAt: r.createdAt });
  return [...accounts.values()];
}

/** The overview's months computed with the pure statement, summed over accounts; voided before taking effect by its own rule. */
async function pureFlows(db: Db) {
  const history = await historyByAccount(db);
  return insightMonths(now, ZONE).map((period) => {
    const byKind = {} as Record<StoredValueKind, MonthFlows>;
    for (const kind of ["cash", "compute"] as const) {
      const flows = { ...zero };
      for (const acc of history) {
        const s = monthlyStatement(
          kind,
          acc.vouchers,
          acc.records.filter((r) => r.createdAt < period.end),
          period,
        );
        flows.redeemed += s.redeemed.amount;
        flows.refunded += s.refunded.amount;
        flows.used += s.used.amount;
        flows.expired += s.expired.amount;
        flows.voided += s.voided.amount;
        // SPEC 4's voided amount of a voucher voided while not yet effective: what it held then.
        for (const v of acc.vouchers) {
          if (v.kind !== kind || v.voidedAt === null || v.voidedAt < period.start || v.voidedAt >= period.end) continue;
          const notEffective = voucherStatus({ kind, balance: 1, consumedAt: null, voidedAt: null, effectiveAt: v.effectiveAt, expiresAt: v.expiresAt }, v.voidedAt) === "not_effective";
          if (!notEffective) continue;
          const held = acc.records
            .filter((r) => r.voucherId === v.id && r.status === "success" && r.createdAt < v.voidedAt!)
            .reduce((sum, r) => sum + (r.type === "refund" ? r.amount : -r.amount), v.faceValue!);
          flows.voidedNotEffective += held;
          flows.voided += held;
        }
      }
      byKind[kind] = flows;
    }
    return { month: period.month, byKind };
  });
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the SQL agrees with the pure monthly statement summed over accounts", () => {
  it("on the hand-made history", async () => {
    const { db } = getDatabase();
    const sqlFlows = (await getMonthlyFlows(admin, now, ZONE)).map((m) => ({ month: m.month, byKind: m.byKind }));
    expect(sqlFlows).toEqual(await pureFlows(db));
  });

  it("on a random history with events on, and a millisecond beside, month boundaries", async () => {
    const { db } = getDatabase();
    const next = random(17);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    // Instants: the month boundaries around the window (and ±1 ms), and random ones from 2025-10 to now.
    const boundaries = insightMonths(now, ZONE, 14).flatMap((m) => [m.start, m.end]).flatMap((d) => [d, new Date(d.getTime() - 1), new Date(d.getTime() + 1)]);
    const from = sh("2025-10-01T00:00:00").getTime();
    const instant = () => (next() < 0.4 ? pick(boundaries) : new Date(from + Math.floor(next() * (now.getTime() - from))));
    const after = (d: Date, upTo = now.getTime()) => {
      const candidates = boundaries.filter((b) => b > d && b.getTime() <= upTo);
      if (candidates.length > 0 && next() < 0.4) return pick(candidates);
      return new Date(d.getTime() + 1 + Math.floor(next() * Math.max(1, upTo - d.getTime())));
    };
    let count = 0;
    for (let i = 0; i < 6; i++) {
      const acc = await account(db, `Random ${i}`);
      for (let j = 0; j < 12; j++) {
        const kind = next() < 0.5 ? "cash" : ("compute" as const);
        const created = instant();
        if (created >= now) continue;
        const effective = next() < 0.6 ? created : after(created, now.getTime() + 90 * 86_400_000);
        const expires = after(effective, now.getTime() + 180 * 86_400_000);
        const voided = next() < 0.3 ? after(created) : undefined;
        const face = 1_000 + Math.floor(next() * 9_000);
        // Records from redemption on, the amount kept within [0, face].
        const records: RecordSpec[] = [];
        let held = face;
        let at = created;
        for (let k = Math.floor(next() * 5); k > 0 && at < now; k--) {
          at = after(at);
          if (at >= now) break;
          const refund = next() < 0.35 && held < face;
          const amount = 1 + Math.floor(next() * (refund ? face - held : held));
          if (!refund && held === 0) continue;
          records.push(refund ? ref(Math.min(amount, face - held), at) : ded(Math.min(amount, held), at));
          held += refund ? Math.min(amount, face - held) : -Math.min(amount, held);
        }
        await voucher(db, acc, { kind, face, created, effective, expires, voided: voided && voided < now ? voided : undefined, providerIds: next() < 0.5 ? [p1] : [p1, p2] }, records);
        count++;
      }
    }
    expect(count).toBeGreaterThan(40);
    const sqlFlows = (await getMonthlyFlows(admin, now, ZONE)).map((m) => ({ month: m.month, byKind: m.byKind }));
    const pure = await pureFlows(db);
    expect(sqlFlows).toEqual(pure);
    // The history is rich enough to mean something: every line is non-zero in some month.
    for (const line of ["redeemed", "refunded", "used", "expired", "voided", "voidedNotEffective"] as const) {
      expect(pure.some((m) => m.byKind.cash[line] !== 0 || m.byKind.compute[line] !== 0), line).toBe(true);
    }
  });
});

describe("authorization", () => {
  it("refuses a customer and a signed-out caller every figure and the refund preview", async () => {
    const calls = [
      (v: Viewer | null) => getAdminInsights(v, now),
      (v: Viewer | null) => getVoucherLiability(v, now),
      (v: Viewer | null) => getMonthlyFlows(v, now, ZONE),
      (v: Viewer | null) => getBatchRedemption(v),
      (v: Viewer | null) => getTopArrears(v),
      (v: Viewer | null) => getRefundPreviewParts(v, "ord_00000000000000000", now),
    ];
    for (const call of calls) {
      await expect(call(customer)).rejects.toMatchObject({ code: "forbidden" });
      await expect(call(null)).rejects.toMatchObject({ code: "unauthenticated" });
    }
  });
});
