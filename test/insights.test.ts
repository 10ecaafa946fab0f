import { and, eq, gte, lt, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { products, usageRecords, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { getMyInsights, SPEND_DAYS, SPEND_MONTHS } from "@/lib/dal/insights/overview";
import { balancePoints } from "@/lib/dal/insights/balances";
import { loadKindHistory } from "@/lib/dal/insights/history";
import { balanceHistory } from "@/lib/insights/balance-history";
import { lastDays } from "@/lib/insights/spend";
import { getMyBillingOverview } from "@/lib/dal/vouchers";
import type { Viewer } from "@/lib/dal/viewer";
import { forecastExpiry } from "@/lib/insights/forecast";
import { addDays, formatDate } from "@/lib/time";
import { providerIdsOf, setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
// Seeded relative to `now`; nothing here reads the wall clock.
const now = new Date("2026-06-15T04:00:00Z");
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;

beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  bob = await viewerOf(db, DEMO_USERS.bob);
  admin = await viewerOf(db, DEMO_USERS.admin);
});

/** The account's successful deductions in [from, to) per source, straight from the table. */
async function deductionsBySource(accountId: number, from: Date, to: Date) {
  const { db } = getDatabase();
  const rows = await db
    .select({ source: usageRecords.source, amount: sql<number>`sum(${usageRecords.amount})::bigint`.mapWith(Number) })
    .from(usageRecords)
    .where(
      and(
        eq(usageRecords.accountId, accountId),
        eq(usageRecords.type, "deduction"),
        eq(usageRecords.status, "success"),
        gte(usageRecords.createdAt, from),
        lt(usageRecords.createdAt, to),
      ),
    )
    .groupBy(usageRecords.source);
  return Object.fromEntries(rows.map((r) => [r.source, r.amount]));
}

describe("spend by source", () => {
  it("has one bar per day of the last 30 days, ending today in the platform zone", async () => {
    const { daily, monthly } = await getMyInsights(alice, now);
    expect(daily.buckets).toHaveLength(SPEND_DAYS);
    expect(daily.buckets.at(-1)?.label).toBe(formatDate(now, "Asia/Shanghai"));
    expect(monthly.buckets).toHaveLength(SPEND_MONTHS);
    expect(monthly.buckets.at(-1)?.label).toBe("2026-06");
    for (const series of [daily, monthly]) {
      series.buckets.forEach((b, i) => {
        if (i > 0) expect(b.start).toEqual(series.buckets[i - 1]?.end);
      });
    }
  });

  it("sums every successful deduction of the account in the period, per source, and nothing else", async () => {
    for (const viewer of [alice, bob]) {
      const insights = await getMyInsights(viewer, now);
      for (const series of [insights.daily, insights.monthly]) {
        const from = series.buckets[0]!.start;
        const to = series.buckets.at(-1)!.end;
        const expected = await deductionsBySource(viewer.accountId!, from, to);
        const got: Record<string, number> = {};
        series.sources.forEach((s, k) => {
          got[s.kind] = (got[s.kind] ?? 0) + series.totals[k]!;
        });
        expect(got).toEqual(expected);
        expect(series.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
        expect(series.total).toBeGreaterThan(0);
        // Each bar is the sum of its parts.
        for (const b of series.buckets) expect(b.total).toBe(b.amounts.reduce((a, c) => a + c, 0));
      }
    }
  });

  it("attributes computing power spend to the provider of the item paid", async () => {
    const { db } = getDatabase();
    const [maxx] = await providerIdsOf(db, "MaxXIntel");
    const { monthly } = await getMyInsights(alice, now);
    const compute = monthly.sources.filter((s) => s.kind === "compute");
    expect(compute).toEqual([{ kind: "compute", providerId: maxx }]);
  });
});

describe("balances over time", () => {
  it("ends at today's available balances (SPEC 4), the same figures as the overview", async () => {
    for (const viewer of [alice, bob]) {
      const [insights, overview] = await Promise.all([getMyInsights(viewer, now), getMyBillingOverview(viewer, now)]);
      const last = insights.balances.points.at(-1)!;
      expect(last.at).toEqual(now);
      expect({ cash: last.cash, compute: last.compute }).toEqual(overview.availableBalance);
      expect(insights.balances.points).toHaveLength(SPEND_DAYS);
    }
  });

  it("are the figures of balanceHistory over the whole history, read from the window's records only", async () => {
    const { db } = getDatabase();
    // Instants around the seed's records: today, days back, and exactly at a record (a point on a record's instant).
    const [record] = await db.select({ at: usageRecords.createdAt }).from(usageRecords).where(eq(usageRecords.accountId, alice.accountId!)).limit(1);
    const instants = [now, addDays(now, -10), addDays(now, -20), addDays(now, 40), record!.at];
    for (const viewer of [alice, bob]) {
      for (const at of instants) {
        const days = lastDays(at, SPEND_DAYS, "Asia/Shanghai");
        const [cash, compute] = await Promise.all([
          loadKindHistory(db, viewer.accountId!, "cash", at),
          loadKindHistory(db, viewer.accountId!, "compute", at),
        ]);
        const expected = balanceHistory({ cash, compute }, days, at);
        expect(expected.some((p) => p.cash > 0 || p.compute > 0)).toBe(true);
        expect(await balancePoints(db, viewer.accountId!, days, at)).toEqual(expected);
      }
    }
  });

  it("moves on the day of a payment by what it took, and not on a quiet day", async () => {
    const { balances } = await getMyInsights(alice, now);
    const dayOf = (d: Date) => balances.points.findIndex((p) => p.label === formatDate(d, "Asia/Shanghai"));
    // The seed pays 5 units from a cash voucher (¥10 each) and from a MaxXIntel voucher (¥8 each) 25 days ago.
    const paid = dayOf(addDays(now, -25));
    expect(paid).toBeGreaterThan(0);
    expect(balances.points[paid - 1]!.cash - balances.points[paid]!.cash).toBe(5 * 1000);
    expect(balances.points[paid - 1]!.compute - balances.points[paid]!.compute).toBe(5 * 800);
    // Nothing happens 24 days ago: the balances stay.
    const quiet = dayOf(addDays(now, -24));
    expect(balances.points[quiet]).toMatchObject({ cash: balances.points[quiet - 1]!.cash, compute: balances.points[quiet - 1]!.compute });
  });
});

describe("will expire unused", () => {
  it("forecasts the vouchers that will keep value past their expiry, with an order that would use it", async () => {
    const { db } = getDatabase();
    const { forecast } = await getMyInsights(alice, now);
    expect(forecast.length).toBeGreaterThan(0);
    // Soonest first, each with something left.
    forecast.forEach((f, i) => {
      expect(f.amount).toBeGreaterThan(0);
      if (i > 0) expect(f.firstExpiresAt.getTime()).toBeGreaterThanOrEqual(forecast[i - 1]!.firstExpiresAt.getTime());
    });
    // The seed's "partly used" vouchers expire in 5 days: both kinds are forecast to lose value then.
    const inFiveDays = formatDate(addDays(now, 5), "Asia/Shanghai");
    const soon = forecast.filter((f) => f.expiresOn === inFiveDays);
    expect(soon.map((f) => f.kind).sort()).toEqual(["cash", "compute"]);
    const [maxx] = await providerIdsOf(db, "MaxXIntel");
    const compute = soon.find((f) => f.kind === "compute")!;
    expect(compute.providerIds).toContain(maxx);
    // Its order is the cheapest product of its providers (MaxXIntel), in a quantity within the amount left.
    const [product] = await db.select().from(products).where(eq(products.publicId, compute.order!.productPublicId));
    expect(product?.providerId).toBe(maxx);
    expect(compute.order!.quantity * product!.unitPrice).toBeLessThanOrEqual(compute.amount);
    // A cash total's order is a product of no provider, so computing power vouchers don't take it.
    const cash = soon.find((f) => f.kind === "cash")!;
    const [cashProduct] = await db.select().from(products).where(eq(products.publicId, cash.order!.productPublicId));
    expect(cashProduct?.providerId).toBeNull();
  });

  it("is the pure forecast of the account's live vouchers", async () => {
    const { db } = getDatabase();
    const { forecast } = await getMyInsights(alice, now);
    const live = await db.select().from(vouchers).where(eq(vouchers.accountId, alice.accountId!));
    // With no pace at all, every live stored-value voucher would lose its whole balance: the paced forecast loses less or the same.
    const idle = forecastExpiry(live, [], now, { timeZone: "Asia/Shanghai" });
    const total = (xs: Array<{ amount: number }>) => xs.reduce((a, x) => a + x.amount, 0);
    expect(total(forecast)).toBeLessThan(total(idle.totals));
  });
});

describe("authorization", () => {
  it("refuses a signed-out caller and a user without a billing account", async () => {
    await expect(getMyInsights(null, now)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyInsights(admin, now)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("counts only the caller's own records", async () => {
    const [a, b] = await Promise.all([getMyInsights(alice, now), getMyInsights(bob, now)]);
    // The seed gives bob twice alice's spending (scale 2).
    expect(b.monthly.total).not.toBe(a.monthly.total);
  });
});
