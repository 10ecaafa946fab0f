/**
 * balance.low (lib/dal/scheduler.ts scheduleLowBalanceEvents) on a real
 * database: a balance crossing below its threshold records one event, however
 * many runs race (10 at once); it is re-armed when the balance is back at or
 * above, so the next crossing records a second event; each kind is watched on
 * its own, counting only vouchers that can pay at `now`.
 */
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { balanceThresholds, billingAccounts, events, providers, users, vouchers } from "@/db/schema";
import { scheduleLowBalanceEvents, runScheduledEvents } from "@/lib/dal/scheduler";
import { EVENT_PAYLOADS } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const DAY = 86_400_000;
const start = new Date("2027-03-01T04:00:00Z");
const day = (n: number) => new Date(start.getTime() + n * DAY);
let adminId: string;
let providerId: number;

async function account(cashBalance = 0) {
  const [row] = await db().insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Low", cashBalance, createdAt: start }).returning();
  return row!;
}

async function voucher(accountId: number, over: Partial<typeof vouchers.$inferInsert> = {}) {
  const [row] = await db()
    .insert(vouchers)
    .values({
      publicId: newPublicId("vch"),
      accountId,
      kind: "cash",
      faceValue: 5_000,
      balance: 5_000,
      effectiveAt: start,
      expiresAt: day(100),
      createdAt: start,
      ...over,
      ...(over.kind === "compute" ? { providerIds: [providerId] } : {}),
    })
    .returning();
  return row!;
}

async function threshold(accountId: number, kind: "cash" | "compute" | "cash_balance", value: number) {
  await db().insert(balanceThresholds).values({ accountId, kind, threshold: value, updatedAt: start });
}

const setBalance = (id: number, balance: number) => db().update(vouchers).set({ balance }).where(eq(vouchers.id, id));

async function lowEvents(accountId: number) {
  const rows = await db()
    .select()
    .from(events)
    .where(and(eq(events.accountId, accountId), eq(events.type, "balance.low")))
    .orderBy(asc(events.id));
  return rows.map((r) => ({ dedupeKey: r.dedupeKey, payload: r.payload, createdAt: r.createdAt.toISOString() }));
}

beforeAll(async () => {
  const [admin] = await db().insert(users).values({ id: "low-admin", email: "low-admin@example.com", name: "Admin", role: "admin", createdAt: start, updatedAt: start }).returning();
  adminId = admin!.id;
  const [provider] = await db().insert(providers).values({ publicId: newPublicId("prv"), name: "LowCompute", createdAt: start }).returning();
  providerId = provider!.id;
});

describe("balance.low", () => {
  it("a crossing records one event; recovery re-arms it; the next crossing records a second", async () => {
    const acc = await account();
    const v = await voucher(acc.id);
    await threshold(acc.id, "cash", 1_000);

    await scheduleLowBalanceEvents(day(1));
    expect(await lowEvents(acc.id)).toEqual([]);

    await setBalance(v.id, 400);
    expect(await scheduleLowBalanceEvents(day(2))).toMatchObject({ alerted: 1, rearmed: 0 });
    expect(await scheduleLowBalanceEvents(day(3))).toMatchObject({ alerted: 0, rearmed: 0 });
    const first = { dedupeKey: `balance.low:${acc.publicId}:cash:1`, payload: { kind: "cash", balance: 400, threshold: 1_000 }, createdAt: day(2).toISOString() };
    expect(await lowEvents(acc.id)).toEqual([first]);
    expect(EVENT_PAYLOADS["balance.low"].safeParse(first.payload).success).toBe(true);

    // Back at the threshold exactly: re-armed, no event.
    await setBalance(v.id, 1_000);
    expect(await scheduleLowBalanceEvents(day(4))).toMatchObject({ alerted: 0, rearmed: 1 });
    const [row] = await db().select().from(balanceThresholds).where(eq(balanceThresholds.accountId, acc.id));
    expect(row).toMatchObject({ alertedAt: null, alerts: 1 });

    await setBalance(v.id, 999);
    await scheduleLowBalanceEvents(day(5));
    expect(await lowEvents(acc.id)).toEqual([
      first,
      { dedupeKey: `balance.low:${acc.publicId}:cash:2`, payload: { kind: "cash", balance: 999, threshold: 1_000 }, createdAt: day(5).toISOString() },
    ]);
  });

  it("10 runs at once record the crossing once", async () => {
    const acc = await account(50);
    await threshold(acc.id, "cash_balance", 100);
    const runs = await Promise.all(Array.from({ length: 10 }, () => scheduleLowBalanceEvents(day(10))));
    expect(runs.reduce((sum, r) => sum + r.alerted, 0)).toBe(1);
    expect(await lowEvents(acc.id)).toHaveLength(1);
    const [row] = await db().select().from(balanceThresholds).where(eq(balanceThresholds.accountId, acc.id));
    expect(row).toMatchObject({ alerts: 1, alertedAt: day(10) });
  });

  it("each kind on its own; only vouchers that can pay at `now` count; arrears are below any threshold", async () => {
    const acc = await account(-300);
    await voucher(acc.id, { kind: "compute", balance: 800, faceValue: 800 });
    // Not counted: expired, voided, not yet effective, and another kind.
    await voucher(acc.id, { kind: "compute", balance: 9_000, faceValue: 9_000, expiresAt: day(1) });
    await voucher(acc.id, { kind: "compute", balance: 9_000, faceValue: 9_000, voidedAt: start, voidedBy: adminId, voidReason: "Test" });
    await voucher(acc.id, { kind: "compute", balance: 9_000, faceValue: 9_000, effectiveAt: day(30) });
    await voucher(acc.id, { kind: "cash", balance: 20_000, faceValue: 20_000 });
    await threshold(acc.id, "compute", 1_000);
    await threshold(acc.id, "cash", 10_000);
    await threshold(acc.id, "cash_balance", 1);

    const run = await runScheduledEvents(day(2));
    expect(run.lowBalance.thresholds).toBeGreaterThanOrEqual(3);
    const byKind = (list: Array<{ kind: string }>) => [...list].sort((a, b) => a.kind.localeCompare(b.kind));
    expect(byKind((await lowEvents(acc.id)).map((e) => e.payload as { kind: string }))).toEqual([
      { kind: "cash_balance", balance: -300, threshold: 1 },
      { kind: "compute", balance: 800, threshold: 1_000 },
    ]);
  });

  it("an account's events carry its own keys: another account's crossing is its own event", async () => {
    const a = await account(0);
    const b = await account(0);
    await threshold(a.id, "cash_balance", 100);
    await threshold(b.id, "cash_balance", 100);
    await scheduleLowBalanceEvents(day(20));
    expect((await lowEvents(a.id)).map((e) => e.dedupeKey)).toEqual([`balance.low:${a.publicId}:cash_balance:1`]);
    expect((await lowEvents(b.id)).map((e) => e.dedupeKey)).toEqual([`balance.low:${b.publicId}:cash_balance:1`]);
  });
});
