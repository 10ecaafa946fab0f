/**
 * "Will expire unused" (issue 17): at the account's pace of the last `windowDays`
 * days, how much of each stored-value voucher will still be left when it expires.
 * Pure: the DAL passes the vouchers as they are now and the recent usage records,
 * attributed to a provider for computing power vouchers.
 *
 * The model (docs/insights.md):
 * - One pace per pool: cash vouchers together, and computing power vouchers per
 *   provider. A pool's pace is its successful deductions minus refunds in
 *   [now − window, now), never below 0, spread evenly over time: by an instant t
 *   the pool will have consumed floor(net × (t − now) / window), so every amount is
 *   an integer of minor units and nothing is lost to rounding between steps.
 * - The future is cut at every day (24 h from `now`) and at every voucher's
 *   effective and expiry instant. In each slice the pool's consumption is taken
 *   from the vouchers of the pool that are available in it, in deduction order
 *   (SPEC 3, lib/vouchers/deduction-order.ts), exactly as a payment would; value
 *   not yet effective waits for its effective date. Demand no voucher can take
 *   (all used up) goes to the cash balance and is not forecast.
 * - A computing power voucher for several providers serves each of their pools;
 *   within a slice the pools draw in ascending provider id. Pools don't spill into
 *   one another (a Muxi order paid by cash vouchers once Muxi vouchers run out
 *   already shows in the cash pool's pace when it happened).
 */
import type { PlanVoucher } from "../orders/plan";
import type { StoredValueKind } from "../vouchers/kinds";
import { compareForDeduction, sortForDeduction } from "../vouchers/deduction-order";
import { voucherStatus } from "../vouchers/status";
import { DEFAULT_TIME_ZONE, formatDate } from "../time";

const DAY_MS = 86_400_000;
const MAX_DAILY_SLICES = 3_660;

export type ForecastVoucher = Pick<
  PlanVoucher,
  "id" | "publicId" | "kind" | "balance" | "providerIds" | "effectiveAt" | "expiresAt" | "createdAt" | "voidedAt" | "consumedAt"
>;

/** One successful usage record on a voucher of the account, as the pace counts it. */
export interface RecentUse {
  kind: StoredValueKind;
  /** Computing power: the provider of the item it paid (the DAL attributes it); cash: null. */
  providerId: number | null;
  type: "deduction" | "refund";
  amount: number;
  at: Date;
}

/** A pool's pace: net use over the window. */
export interface ForecastPace {
  kind: StoredValueKind;
  providerId: number | null;
  /** Deductions − refunds in [now − window, now), at least 0. */
  netUse: number;
  windowDays: number;
}

export interface ForecastLine {
  voucherId: number;
  publicId: string;
  kind: StoredValueKind;
  providerIds: number[];
  expiresAt: Date;
  /** The balance now (for a not-effective voucher, all of it). */
  balance: number;
  /** What the pace will use of it before it expires. */
  expectedUse: number;
  /** balance − expectedUse: what will expire unused. */
  leftAtExpiry: number;
}

/** "¥120.00 of Muxi vouchers will expire unused on 2027-01-31": one group of vouchers of a kind and provider set expiring the same day. */
export interface ForecastTotal {
  kind: StoredValueKind;
  providerIds: number[];
  /** The expiry day in the platform zone, "YYYY-MM-DD". */
  expiresOn: string;
  /** The first instant one of them expires: the date reminders count down to. */
  firstExpiresAt: Date;
  amount: number;
  voucherIds: number[];
}

export interface ExpiryForecast {
  now: Date;
  paces: ForecastPace[];
  /** Every stored-value voucher still holding value that can be used (available or not yet effective), in deduction order per kind. */
  lines: ForecastLine[];
  /** Only groups with something left, soonest first. */
  totals: ForecastTotal[];
}

export interface ForecastOptions {
  windowDays?: number;
  timeZone?: string;
}

interface Live {
  voucher: ForecastVoucher;
  kind: StoredValueKind;
  providerIds: number[];
  balance: number;
  start: number;
  end: number;
  used: number;
}

/**
 * A pool's vouchers in the order they serve it: `first(at)` is the first voucher in
 * deduction order (SPEC 3) among those usable at `at` with something left, without
 * sorting the pool at every slice (issue 18: a large account's forecast has
 * thousands of vouchers and slices). They are kept by expiry, age and id; the
 * balance, second in the order, only decides among the same expiry, so only that
 * group is compared. Vouchers expired or used up by `at` never serve again (`at`
 * only grows) and are dropped from the front.
 */
class ServingQueue {
  private readonly items: Live[];
  private head = 0;

  constructor(items: Live[]) {
    this.items = [...items].sort((a, b) => a.end - b.end || a.voucher.createdAt.getTime() - b.voucher.createdAt.getTime() || a.voucher.id - b.voucher.id);
  }

  first(at: number): Live | undefined {
    const items = this.items;
    while (this.head < items.length && ((items[this.head] as Live).end <= at || isUsedUp(items[this.head] as Live))) this.head++;
    let best: Live | undefined;
    for (let i = this.head; i < items.length; i++) {
      const l = items[i] as Live;
      if (best && l.end !== best.end) break;
      if (l.start > at || isUsedUp(l)) continue;
      if (!best || compareForDeduction(candidateOf(l), candidateOf(best)) < 0) best = l;
    }
    return best;
  }
}

const isUsedUp = (l: Live) => l.balance - l.used <= 0;
const candidateOf = (l: Live) => ({ id: l.voucher.id, expiresAt: l.voucher.expiresAt, createdAt: l.voucher.createdAt, balance: l.balance - l.used });

/** Pool key: "cash", or "compute:<provider id>". */
type PoolKey = string;
const poolKey = (kind: StoredValueKind, providerId: number | null): PoolKey => (kind === "cash" ? "cash" : `compute:${String(providerId)}`);

function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** Each pool's net use over [now − window, now). */
export function recentPaces(use: readonly RecentUse[], now: Date, windowDays = 30): ForecastPace[] {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError(`windowDays must be a positive integer, got ${String(windowDays)}`);
  const from = now.getTime() - windowDays * DAY_MS;
  const net = new Map<PoolKey, ForecastPace>();
  for (const u of use) {
    assertAmount(u.amount, "amount of a usage record");
    if (u.kind === "compute" && u.providerId === null) throw new TypeError("a computing power record needs its provider");
    const t = u.at.getTime();
    if (t < from || t >= now.getTime()) continue;
    const key = poolKey(u.kind, u.providerId);
    const pace = net.get(key) ?? { kind: u.kind, providerId: u.kind === "cash" ? null : u.providerId, netUse: 0, windowDays };
    pace.netUse += u.type === "deduction" ? u.amount : -u.amount;
    net.set(key, pace);
  }
  return [...net.values()]
    .map((p) => ({ ...p, netUse: Math.max(0, p.netUse) }))
    .sort((a, b) => (a.kind === b.kind ? (a.providerId ?? 0) - (b.providerId ?? 0) : a.kind === "compute" ? -1 : 1));
}

/** By code units, never by locale, so the order is the same on every server. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** floor(net × elapsed / window) in BigInt: what the pool has consumed `elapsed` ms after now. */
function consumedBy(net: number, elapsed: number, windowMs: number): number {
  return Number((BigInt(net) * BigInt(elapsed)) / BigInt(windowMs));
}

/**
 * The forecast for the account's vouchers at `now` (any kinds may be passed;
 * discount vouchers and vouchers that can never be used again are left out).
 */
export function forecastExpiry(vouchers: readonly ForecastVoucher[], recentUse: readonly RecentUse[], now: Date, options: ForecastOptions = {}): ExpiryForecast {
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  const windowDays = options.windowDays ?? 30;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const paces = recentPaces(recentUse, now, windowDays);
  const windowMs = windowDays * DAY_MS;
  const t0 = now.getTime();

  const live: Live[] = [];
  for (const v of vouchers) {
    if (v.kind === "discount") continue;
    if (v.balance === null) throw new TypeError(`${v.kind} voucher ${v.id} has no balance`);
    assertAmount(v.balance, `balance of voucher ${v.id}`);
    const status = voucherStatus(v, now);
    if ((status !== "available" && status !== "not_effective") || v.balance === 0) continue;
    const providerIds = v.kind === "compute" ? [...(v.providerIds ?? [])].sort((a, b) => a - b) : [];
    live.push({ voucher: v, kind: v.kind, providerIds, balance: v.balance, start: Math.max(t0, v.effectiveAt.getTime()), end: v.expiresAt.getTime(), used: 0 });
  }

  const active = paces.filter((p) => p.netUse > 0);
  if (active.length > 0 && live.length > 0) {
    const horizon = Math.max(...live.map((l) => l.end));
    const cuts = new Set<number>();
    // Daily slices interleave the pools that share a voucher; past ten years (never in practice) the events alone cut.
    const dailyUntil = Math.min(horizon, t0 + MAX_DAILY_SLICES * DAY_MS);
    for (let t = t0 + DAY_MS; t < dailyUntil; t += DAY_MS) cuts.add(t);
    for (const l of live) {
      cuts.add(l.start);
      cuts.add(l.end);
    }
    const points = [t0, ...[...cuts].filter((t) => t > t0 && t <= horizon).sort((a, b) => a - b)];
    // Each pool's vouchers by expiry (then age, id): the deduction order but for the
    // balance, which only breaks ties between vouchers expiring at the same instant.
    const queues = active.map((pace) => ({
      pace,
      queue: new ServingQueue(
        live.filter((l) => l.kind === pace.kind && (l.kind === "cash" || (pace.providerId !== null && l.providerIds.includes(pace.providerId)))),
      ),
    }));
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i] as number;
      const to = points[i + 1] as number;
      for (const { pace, queue } of queues) {
        let demand = consumedBy(pace.netUse, to - t0, windowMs) - consumedBy(pace.netUse, from - t0, windowMs);
        // Deduction order on the balances as they stand, as a payment would see them.
        for (let l = demand > 0 ? queue.first(from) : undefined; l && demand > 0; l = demand > 0 ? queue.first(from) : undefined) {
          const take = Math.min(demand, l.balance - l.used);
          l.used += take;
          demand -= take;
        }
      }
    }
  }

  const lines: ForecastLine[] = sortForDeduction(live.map((l) => ({ l, id: l.voucher.id, expiresAt: l.voucher.expiresAt, createdAt: l.voucher.createdAt, balance: l.balance })))
    .sort((a, b) => (a.l.kind === b.l.kind ? 0 : a.l.kind === "compute" ? -1 : 1))
    .map(({ l }) => ({
      voucherId: l.voucher.id,
      publicId: l.voucher.publicId,
      kind: l.kind,
      providerIds: l.providerIds,
      expiresAt: l.voucher.expiresAt,
      balance: l.balance,
      expectedUse: l.used,
      leftAtExpiry: l.balance - l.used,
    }));

  const groups = new Map<string, ForecastTotal>();
  for (const line of lines) {
    if (line.leftAtExpiry === 0) continue;
    const expiresOn = formatDate(line.expiresAt, timeZone);
    const key = `${line.kind}|${line.providerIds.join(",")}|${expiresOn}`;
    const group = groups.get(key) ?? { kind: line.kind, providerIds: line.providerIds, expiresOn, firstExpiresAt: line.expiresAt, amount: 0, voucherIds: [] };
    group.amount += line.leftAtExpiry;
    group.voucherIds.push(line.voucherId);
    if (line.expiresAt < group.firstExpiresAt) group.firstExpiresAt = line.expiresAt;
    groups.set(key, group);
  }
  const totals = [...groups.values()].sort(
    (a, b) => a.firstExpiresAt.getTime() - b.firstExpiresAt.getTime() || (a.kind === b.kind ? 0 : a.kind === "compute" ? -1 : 1) || compareText(a.providerIds.join(","), b.providerIds.join(",")),
  );
  return { now, paces, lines, totals };
}

/** A catalog product as the forecast's "use it" link needs it. */
export interface PrefillProduct {
  publicId: string;
  unitPrice: number;
  providerId: number | null;
}

/**
 * The order that would use `total` before it expires: a product its vouchers pay
 * for (computing power: one of its providers' products; cash: a product of no
 * provider first, so computing power vouchers don't take it), the cheapest, in
 * the largest quantity that stays within the amount left (at least 1, at most
 * `maxQuantity`). Null when no product fits.
 */
export function orderToUse(total: Pick<ForecastTotal, "kind" | "providerIds" | "amount">, products: readonly PrefillProduct[], maxQuantity: number): { productPublicId: string; quantity: number } | null {
  const priced = products.filter((p) => p.unitPrice > 0);
  const fits =
    total.kind === "compute"
      ? priced.filter((p) => p.providerId !== null && total.providerIds.includes(p.providerId))
      : priced.filter((p) => p.providerId === null).length > 0
        ? priced.filter((p) => p.providerId === null)
        : priced;
  const cheapest = [...fits].sort((a, b) => a.unitPrice - b.unitPrice || compareText(a.publicId, b.publicId))[0];
  if (cheapest === undefined) return null;
  const quantity = Math.min(maxQuantity, Math.max(1, Math.floor(total.amount / cheapest.unitPrice)));
  return { productPublicId: cheapest.publicId, quantity };
}
