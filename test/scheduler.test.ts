/**
 * The expiry scheduler (lib/dal/scheduler.ts) over a voucher's life: run 10
 * times at once on each day of a clock moved day by day, it writes each
 * reminder (30, 7, 1 days) and the expiry once, with the account and what the
 * voucher held; nothing for vouchers with nothing to lose; and once a voucher's
 * value is gone, no later reminder.
 */
import { asc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, events, usageRecords, users, vouchers } from "@/db/schema";
import { scheduleExpiryEvents } from "@/lib/dal/scheduler";
import { EVENT_PAYLOADS, type EventType } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();
const DAY = 86_400_000;
/** The voucher's start; it expires 40 days later, at 16:00 UTC (midnight in Asia/Shanghai). */
const start = new Date("2027-03-01T16:00:00Z");
const day = (n: number) => new Date(start.getTime() + n * DAY);
let accountId: number;
let adminId: string;

async function voucher(over: Partial<typeof vouchers.$inferInsert>) {
  const [row] = await getDatabase()
    .db.insert(vouchers)
    .values({ publicId: newPublicId("vch"), accountId, kind: "cash", faceValue: 5_000, balance: 5_000, effectiveAt: start, expiresAt: day(40), createdAt: start, ...over })
    .returning();
  return row!;
}

async function eventsOf(voucherPublicId: string) {
  const rows = await getDatabase().db.select().from(events).where(like(events.dedupeKey, `%:${voucherPublicId}%`)).orderBy(asc(events.id));
  return rows.map((r) => ({ type: r.type, accountId: r.accountId, dedupeKey: r.dedupeKey, createdAt: r.createdAt.toISOString(), payload: r.payload as Record<string, unknown> }));
}

beforeAll(async () => {
  const [account] = await getDatabase().db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Scheduler", createdAt: start }).returning();
  accountId = account!.id;
  const [admin] = await getDatabase().db.insert(users).values({ id: "scheduler-admin", email: "scheduler-admin@example.com", name: "Admin", role: "admin", createdAt: start, updatedAt: start }).returning();
  adminId = admin!.id;
});

describe("the expiry scheduler", () => {
  it("run 10 times at once on every day of a voucher's life, writes each reminder and the expiry once", async () => {
    const db = getDatabase().db;
    const live = await voucher({});
    const spent = await voucher({ balance: 0 });
    const discount = await voucher({ kind: "discount", faceValue: null, balance: null, amountOff: 500 });
    const emptiedLater = await voucher({});

    for (let n = 0; n <= 45; n++) {
      if (n === 36) await db.update(vouchers).set({ balance: 0 }).where(eq(vouchers.id, emptiedLater.id));
      const runs = await Promise.all(Array.from({ length: 10 }, () => scheduleExpiryEvents(day(n))));
      // However the ten raced, together they wrote what was due and never more.
      expect(runs.reduce((sum, r) => sum + r.written, 0), `day ${n}`).toBeLessThanOrEqual(runs[0]!.due);
    }

    // No usage at all: each reminder forecasts the whole balance left at expiry (a discount has no forecast).
    const expected = (id: string, kind: string, balance: number | null, left = balance === null ? {} : { leftAtExpiry: balance }) => [
      { type: "voucher.expiring", dedupeKey: `voucher.expiring:${id}:30`, createdAt: day(10).toISOString(), payload: { voucherId: id, kind, balance, expiresAt: day(40).toISOString(), daysBefore: 30, ...left } },
      { type: "voucher.expiring", dedupeKey: `voucher.expiring:${id}:7`, createdAt: day(33).toISOString(), payload: { voucherId: id, kind, balance, expiresAt: day(40).toISOString(), daysBefore: 7, ...left } },
      { type: "voucher.expiring", dedupeKey: `voucher.expiring:${id}:1`, createdAt: day(39).toISOString(), payload: { voucherId: id, kind, balance, expiresAt: day(40).toISOString(), daysBefore: 1, ...left } },
      { type: "voucher.expired", dedupeKey: `voucher.expired:${id}`, createdAt: day(40).toISOString(), payload: { voucherId: id, kind, amountLost: balance, expiredAt: day(40).toISOString() } },
    ];
    expect(await eventsOf(live.publicId)).toEqual(expected(live.publicId, "cash", 5_000).map((e) => ({ ...e, accountId })));
    expect(await eventsOf(discount.publicId)).toEqual(expected(discount.publicId, "discount", null).map((e) => ({ ...e, accountId })));
    expect(await eventsOf(spent.publicId)).toEqual([]);
    // Emptied on day 36, after its 30- and 7-day reminders: no 1-day reminder, no expiry.
    expect((await eventsOf(emptiedLater.publicId)).map((e) => e.dedupeKey)).toEqual([`voucher.expiring:${emptiedLater.publicId}:30`, `voucher.expiring:${emptiedLater.publicId}:7`]);

    for (const e of await db.select().from(events)) expect(EVENT_PAYLOADS[e.type as EventType].safeParse(e.payload).success).toBe(true);
  });

  it("a reminder carries the forecast at the account's pace: what the last 30 days' use will leave at expiry", async () => {
    const soon = await voucher({ expiresAt: day(210), createdAt: day(150), effectiveAt: day(150) });
    const later = await voucher({ faceValue: 100_000, balance: 97_000, expiresAt: day(400), createdAt: day(150), effectiveAt: day(150) });
    // ¥30.00 used a day before: a pace of ¥30.00 per 30 days, which the soonest-expiring voucher takes first.
    await getDatabase().db.insert(usageRecords).values({ accountId, voucherId: later.id, source: "cash", type: "deduction", status: "success", amount: 3_000, balanceAfter: 97_000, createdAt: day(202) });
    await scheduleExpiryEvents(day(203));
    const [reminder] = await eventsOf(soon.publicId);
    // 7 days at ¥30.00 per 30 days: ¥7.00 used, ¥43.00 left.
    expect(reminder).toMatchObject({ dedupeKey: `voucher.expiring:${soon.publicId}:7`, payload: { balance: 5_000, leftAtExpiry: 4_300 } });
  });

  it("a scheduler first run 5 days before expiry sends the 7-day reminder, not a stale 30-day one; a voided voucher gets none", async () => {
    const late = await voucher({ expiresAt: day(100) });
    const voided = await voucher({ expiresAt: day(100), voidedAt: day(50), voidedBy: adminId, voidReason: "Test" });
    await scheduleExpiryEvents(day(95));
    expect((await eventsOf(late.publicId)).map((e) => e.dedupeKey)).toEqual([`voucher.expiring:${late.publicId}:7`]);
    expect(await eventsOf(voided.publicId)).toEqual([]);
  });
});
