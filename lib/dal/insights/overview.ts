import "server-only";
import { getDb, type Db } from "@/db";
import { platformTimeZone } from "@/lib/config";
import type { BalancePoint } from "@/lib/insights/balance-history";
import { lastDays, lastMonths, type SpendSeries } from "@/lib/insights/spend";
import { ACCOUNT_CACHE_TTL_MS, accountVersion, cachePerDatabase } from "../account-version";
import { providerNameMap } from "../providers";
import { requireAccount, type Viewer } from "../viewer";
import { balancePoints } from "./balances";
import { forecastFor, type ForecastTotalView } from "./forecast";
import { spendByBucket } from "./spend";

export const SPEND_DAYS = 30;
export const SPEND_MONTHS = 12;
/** At most this many "will expire unused" totals are shown (soonest first); the rest are counted. */
export const FORECAST_LIST_LIMIT = 5;

export interface BillingInsights {
  /** Spend per day of the last SPEND_DAYS days (today included), by source. */
  daily: SpendSeries;
  /** Spend per month of the last SPEND_MONTHS months (this one so far), by source. */
  monthly: SpendSeries;
  /** Each kind's voucher balance at the end of each of the last SPEND_DAYS days (today: now). */
  balances: { points: BalancePoint[] };
  /** What will expire unused at the last 30 days' pace, soonest first: the first FORECAST_LIST_LIMIT. */
  forecast: ForecastTotalView[];
  /** How many totals there are in all, shown or not. */
  forecastCount: number;
  /** Provider display names by id, for the charts' legends and the forecast lines. */
  providerNames: Record<number, string>;
}

/** Customer: the overview's charts and forecast for the caller's own account, as of `now`. Reads only. */
export async function getMyInsights(viewer: Viewer | null, now: Date): Promise<BillingInsights> {
  return insightsOf(requireAccount(viewer), now);
}

const insightsCache = cachePerDatabase<number, BillingInsights>(1_000, ACCOUNT_CACHE_TTL_MS);

/**
 * The core of getMyInsights for an account the caller has already authorized,
 * served from memory while the account's version and the platform day are the
 * ones it was computed for, for at most ACCOUNT_CACHE_TTL_MS (docs/performance.md
 * "The insights cache"). The version is read before the data, so what is kept is
 * never older than the version it is kept under.
 */
export async function insightsOf(accountId: number, now: Date): Promise<BillingInsights> {
  const db = await getDb();
  const timeZone = platformTimeZone();
  const days = lastDays(now, SPEND_DAYS, timeZone);
  const version = `${await accountVersion(db, accountId)}@${days.at(-1)?.label}`;
  return insightsCache(db).get(accountId, version, now, () => computeInsights(db, accountId, now, timeZone, days));
}

async function computeInsights(db: Db, accountId: number, now: Date, timeZone: string, days: ReturnType<typeof lastDays>): Promise<BillingInsights> {
  const [daily, monthly, forecast, names, points] = await Promise.all([
    spendByBucket(db, accountId, days),
    spendByBucket(db, accountId, lastMonths(now, SPEND_MONTHS, timeZone)),
    forecastFor(db, accountId, now, timeZone),
    providerNameMap(db),
    balancePoints(db, accountId, days, now),
  ]);
  const totals: ForecastTotalView[] = forecast.totals;
  return {
    daily,
    monthly,
    balances: { points },
    forecast: totals.slice(0, FORECAST_LIST_LIMIT),
    forecastCount: totals.length,
    providerNames: Object.fromEntries(names),
  };
}
