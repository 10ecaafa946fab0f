import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortForDeduction } from "../vouchers/deduction-order";
import { forecastExpiry, orderToUse, recentPaces, type ForecastVoucher, type RecentUse } from "./forecast";

const DAY = 86_400_000;
const NOW = new Date("2026-12-01T04:00:00Z");
const day = (n: number) => new Date(NOW.getTime() + n * DAY);
const MUXI = 12;
const MAXX = 11;

function v(id: number, kind: ForecastVoucher["kind"], balance: number | null, o: Partial<ForecastVoucher> = {}): ForecastVoucher {
  return {
    id,
    publicId: `vch_${id}`,
    kind,
    balance,
    providerIds: kind === "compute" ? [MUXI] : null,
    effectiveAt: day(-20),
    expiresAt: day(30),
    createdAt: day(-20),
    voidedAt: null,
    consumedAt: null,
    ...o,
  };
}
const use = (kind: RecentUse["kind"], amount: number, daysAgo: number, providerId: number | null = kind === "compute" ? MUXI : null, type: RecentUse["type"] = "deduction"): RecentUse => ({
  kind,
  providerId,
  type,
  amount,
  at: day(-daysAgo),
});

const left = (f: ReturnType<typeof forecastExpiry>) => Object.fromEntries(f.lines.map((l) => [l.voucherId, l.leftAtExpiry]));

describe("recentPaces", () => {
  it("counts the last 30 days only, deductions less refunds, never below 0, one pool per provider", () => {
    const paces = recentPaces(
      [use("cash", 9_000, 1), use("cash", 1_000, 2, null, "refund"), use("cash", 50_000, 31), use("compute", 3_000, 29.99), use("compute", 500, 1, MAXX), use("compute", 800, 1, MAXX, "refund"), use("cash", 7, -1)],
      NOW,
    );
    expect(paces).toEqual([
      { kind: "compute", providerId: MAXX, netUse: 0, windowDays: 30 },
      { kind: "compute", providerId: MUXI, netUse: 3_000, windowDays: 30 },
      { kind: "cash", providerId: null, netUse: 8_000, windowDays: 30 },
    ]);
  });

  it("refuses a computing power record without its provider", () => {
    expect(() => recentPaces([use("compute", 1, 1, null)], NOW)).toThrow(TypeError);
  });
});

describe("forecastExpiry", () => {
  it("without any recent use everything left expires unused", () => {
    const f = forecastExpiry([v(1, "cash", 5_000), v(2, "compute", 3_000)], [], NOW);
    expect(left(f)).toEqual({ 1: 5_000, 2: 3_000 });
  });

  it("consumes at the pace in deduction order: the soonest expiring first, then the next", () => {
    // 30,000 over 30 days: 1,000 a day. A (5,000, 10 days) is gone after 5 days; B takes days 5..20 (15,000 of 20,000).
    const f = forecastExpiry([v(1, "cash", 20_000, { expiresAt: day(20) }), v(2, "cash", 5_000, { expiresAt: day(10) })], [use("cash", 30_000, 3)], NOW);
    expect(f.lines.map((l) => [l.voucherId, l.expectedUse, l.leftAtExpiry])).toEqual([
      [2, 5_000, 0],
      [1, 15_000, 5_000],
    ]);
    expect(f.totals).toEqual([{ kind: "cash", providerIds: [], expiresOn: "2026-12-21", firstExpiresAt: day(20), amount: 5_000, voucherIds: [1] }]);
  });

  it("at the same expiry the smaller balance goes first", () => {
    const f = forecastExpiry([v(1, "cash", 9_000), v(2, "cash", 4_000)], [use("cash", 6_000, 1)], NOW);
    // 6,000 in 30 days: all of the smaller voucher, 2,000 of the larger.
    expect(left(f)).toEqual({ 1: 7_000, 2: 0 });
  });

  it("each provider's pace only reaches its own computing power vouchers; a voucher for both serves both", () => {
    const vouchers = [v(1, "compute", 10_000, { providerIds: [MUXI] }), v(2, "compute", 10_000, { providerIds: [MAXX] }), v(3, "compute", 10_000, { providerIds: [MAXX, MUXI], expiresAt: day(5) })];
    const f = forecastExpiry(vouchers, [use("compute", 30_000, 1, MUXI), use("compute", 6_000, 1, MAXX)], NOW);
    // Days 0..5: voucher 3 (soonest) takes Muxi's 5,000 and MaxXIntel's 1,000; then Muxi's 25,000 more exceeds voucher 1; MaxXIntel's 5,000 goes to 2.
    expect(left(f)).toEqual({ 1: 0, 2: 5_000, 3: 4_000 });
    expect(f.lines.find((l) => l.voucherId === 3)?.expectedUse).toBe(6_000);
  });

  it("cash pace never touches computing power vouchers, nor the other way round", () => {
    const f = forecastExpiry([v(1, "cash", 1_000), v(2, "compute", 1_000)], [use("compute", 90_000, 1)], NOW);
    expect(left(f)).toEqual({ 1: 1_000, 2: 0 });
  });

  it("value not yet effective waits for its effective date", () => {
    // 1,000 a day from day 25 to day 30: 5,000 of 8,000.
    const f = forecastExpiry([v(1, "cash", 8_000, { effectiveAt: day(25) })], [use("cash", 30_000, 1)], NOW);
    expect(left(f)).toEqual({ 1: 3_000 });
  });

  it("leaves out discount, expired, voided and used-up vouchers", () => {
    const f = forecastExpiry(
      [v(1, "discount", null), v(2, "cash", 1_000, { expiresAt: NOW }), v(3, "cash", 1_000, { voidedAt: day(-1) }), v(4, "cash", 0), v(5, "cash", 1_000)],
      [],
      NOW,
    );
    expect(f.lines.map((l) => l.voucherId)).toEqual([5]);
  });

  it("exact to the fen: a pace of 100 over 30 days uses exactly 100 in 30 days, never a fraction", () => {
    const f = forecastExpiry([v(1, "cash", 1_000, { expiresAt: day(30) })], [use("cash", 100, 1)], NOW);
    expect(f.lines[0]).toMatchObject({ expectedUse: 100, leftAtExpiry: 900 });
    const g = forecastExpiry([v(1, "cash", 1_000, { expiresAt: day(15) })], [use("cash", 101, 1)], NOW);
    expect(g.lines[0]?.expectedUse).toBe(50); // floor(101 × 15 / 30)
  });

  it("groups what is left by kind, providers and expiry day of the platform zone", () => {
    const lastJan = new Date("2027-01-31T15:59:59Z"); // 23:59:59 on the 31st in Asia/Shanghai
    const f = forecastExpiry(
      [v(1, "compute", 7_000, { expiresAt: lastJan }), v(2, "compute", 5_000, { expiresAt: new Date("2027-01-31T01:00:00Z") }), v(3, "compute", 1_000, { expiresAt: new Date("2027-01-31T16:00:00Z") }), v(4, "cash", 2_000, { expiresAt: lastJan })],
      [],
      NOW,
    );
    expect(f.totals.map((t) => [t.kind, t.providerIds, t.expiresOn, t.amount, t.voucherIds])).toEqual([
      ["compute", [MUXI], "2027-01-31", 12_000, [2, 1]],
      ["cash", [], "2027-01-31", 2_000, [4]],
      ["compute", [MUXI], "2027-02-01", 1_000, [3]],
    ]);
    expect(f.totals[0]?.firstExpiresAt).toEqual(new Date("2027-01-31T01:00:00Z"));
  });
});

/**
 * The model as docs/insights.md states it, the slow way: at every slice, the pool's
 * usable vouchers sorted in deduction order, taken from in turn. forecastExpiry
 * must give the same use per voucher (it keeps each pool in a queue instead).
 */
function expectedUseByDefinition(vouchers: ForecastVoucher[], uses: RecentUse[]): Record<number, number> {
  const f = forecastExpiry(vouchers, uses, NOW);
  const live = f.lines.map((l) => {
    const src = vouchers.find((x) => x.id === l.voucherId)!;
    return { ...l, start: Math.max(NOW.getTime(), src.effectiveAt.getTime()), end: src.expiresAt.getTime(), createdAt: src.createdAt, used: 0 };
  });
  const horizon = Math.max(...live.map((l) => l.end), NOW.getTime());
  const cuts = new Set<number>();
  for (let t = NOW.getTime() + DAY; t < horizon; t += DAY) cuts.add(t);
  for (const l of live) cuts.add(l.start).add(l.end);
  const points = [NOW.getTime(), ...[...cuts].filter((t) => t > NOW.getTime() && t <= horizon).sort((a, b) => a - b)];
  const window = 30 * DAY;
  const consumed = (net: number, ms: number) => Number((BigInt(net) * BigInt(ms)) / BigInt(window));
  for (let i = 0; i + 1 < points.length; i++) {
    for (const pace of f.paces.filter((p) => p.netUse > 0)) {
      let demand = consumed(pace.netUse, points[i + 1]! - NOW.getTime()) - consumed(pace.netUse, points[i]! - NOW.getTime());
      const takers = live.filter(
        (l) =>
          l.kind === pace.kind &&
          (l.kind === "cash" || l.providerIds.includes(pace.providerId!)) &&
          l.start <= points[i]! &&
          points[i]! < l.end &&
          l.balance - l.used > 0,
      );
      for (const { l } of sortForDeduction(takers.map((l) => ({ l, id: l.voucherId, expiresAt: l.expiresAt, createdAt: l.createdAt, balance: l.balance - l.used })))) {
        const take = Math.min(demand, l.balance - l.used);
        l.used += take;
        demand -= take;
      }
    }
  }
  return Object.fromEntries(live.map((l) => [l.voucherId, l.used]));
}

describe("forecastExpiry against the model's definition", () => {
  it("uses each voucher exactly as slicing and sorting at every slice would", () => {
    const voucher = fc.record({
      kind: fc.constantFrom("cash" as const, "compute" as const),
      providers: fc.constantFrom([MUXI], [MAXX], [MAXX, MUXI]),
      balance: fc.integer({ min: 0, max: 5_000 }),
      // Few distinct instants, so equal expiries (the balance tie-break) are common.
      effective: fc.integer({ min: -5, max: 20 }),
      expires: fc.integer({ min: 1, max: 60 }),
      created: fc.integer({ min: -30, max: -1 }),
    });
    const pace = fc.record({ kind: fc.constantFrom("cash" as const, "compute" as const), provider: fc.constantFrom(MUXI, MAXX), amount: fc.integer({ min: 0, max: 20_000 }) });
    fc.assert(
      fc.property(fc.array(voucher, { maxLength: 25 }), fc.array(pace, { maxLength: 4 }), (vs, paces) => {
        const vouchers = vs.map((x, i) =>
          v(i + 1, x.kind, x.balance, {
            providerIds: x.kind === "compute" ? [...x.providers] : null,
            effectiveAt: day(Math.min(x.effective, x.expires - 1)),
            expiresAt: day(x.expires),
            createdAt: day(x.created),
          }),
        );
        const uses = paces.map((p) => use(p.kind, p.amount, 3, p.kind === "compute" ? p.provider : null));
        const got = Object.fromEntries(forecastExpiry(vouchers, uses, NOW).lines.map((l) => [l.voucherId, l.expectedUse]));
        expect(got).toEqual(expectedUseByDefinition(vouchers, uses));
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe("orderToUse", () => {
  const catalog = [
    { publicId: "prd_any", unitPrice: 1_000, providerId: null },
    { publicId: "prd_muxi", unitPrice: 5_000, providerId: 2 },
    { publicId: "prd_maxx", unitPrice: 800, providerId: 1 },
    { publicId: "prd_free", unitPrice: 0, providerId: 1 },
  ];

  it("orders the cheapest product of the voucher's providers, as many as the amount left pays", () => {
    expect(orderToUse({ kind: "compute", providerIds: [1, 2], amount: 12_000 }, catalog, 10_000)).toEqual({ productPublicId: "prd_maxx", quantity: 15 });
    expect(orderToUse({ kind: "compute", providerIds: [2], amount: 12_000 }, catalog, 10_000)).toEqual({ productPublicId: "prd_muxi", quantity: 2 });
  });

  it("orders a product of no provider for cash vouchers, so computing power vouchers don't take it", () => {
    expect(orderToUse({ kind: "cash", providerIds: [], amount: 4_500 }, catalog, 10_000)).toEqual({ productPublicId: "prd_any", quantity: 4 });
  });

  it("orders at least one and at most the maximum quantity", () => {
    expect(orderToUse({ kind: "compute", providerIds: [2], amount: 100 }, catalog, 10_000)).toEqual({ productPublicId: "prd_muxi", quantity: 1 });
    expect(orderToUse({ kind: "compute", providerIds: [1], amount: 800 * 20_000 }, catalog, 10_000)).toEqual({ productPublicId: "prd_maxx", quantity: 10_000 });
  });

  it("has no order when no product of the providers is for sale", () => {
    expect(orderToUse({ kind: "compute", providerIds: [3], amount: 5_000 }, catalog, 10_000)).toBeNull();
  });
});
