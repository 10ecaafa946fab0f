import "server-only";
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { products, vouchers } from "@/db/schema";
import { forecastExpiry, orderToUse, type ExpiryForecast, type ForecastTotal, type RecentUse } from "@/lib/insights/forecast";
import { MAX_QUANTITY } from "@/lib/orders/request";
import { addDays } from "@/lib/time";
import { usageSums } from "./ledger";

export const FORECAST_WINDOW_DAYS = 30;

/** A "will expire unused" total with what the page links to: the order that would use it. */
export interface ForecastTotalView extends ForecastTotal {
  /** A prefilled order that would use it (/billing/orders/new?product=…&quantity=…), when a product fits. */
  order: { productPublicId: string; quantity: number } | null;
}

/**
 * The account's "will expire unused" forecast at `now` (lib/insights/forecast.ts):
 * its stored-value vouchers that still hold value and can still be used, and its
 * successful voucher records of the last FORECAST_WINDOW_DAYS days, each
 * computing power record attributed to the provider it paid. Reads only.
 */
export async function forecastFor(db: Db, accountId: number, now: Date, timeZone: string): Promise<ExpiryForecast & { totals: ForecastTotalView[] }> {
  const since = addDays(now, -FORECAST_WINDOW_DAYS);
  const [live, recent, catalog] = await Promise.all([
    db
      .select({
        id: vouchers.id,
        publicId: vouchers.publicId,
        kind: vouchers.kind,
        balance: vouchers.balance,
        providerIds: vouchers.providerIds,
        effectiveAt: vouchers.effectiveAt,
        expiresAt: vouchers.expiresAt,
        createdAt: vouchers.createdAt,
        voidedAt: vouchers.voidedAt,
        consumedAt: vouchers.consumedAt,
      })
      .from(vouchers)
      .where(
        and(
          eq(vouchers.accountId, accountId),
          inArray(vouchers.kind, ["cash", "compute"]),
          isNull(vouchers.voidedAt),
          gt(vouchers.expiresAt, now),
          gt(vouchers.balance, 0),
        ),
      )
      .orderBy(asc(vouchers.id)),
    // Only each pool's sums matter to the pace (recentPaces): the hourly rollup gives them
    // without reading the window's records (issue 18).
    usageSums(db, accountId, [since, now], { sources: ["cash", "compute"] }),
    db.select({ publicId: products.publicId, unitPrice: products.unitPrice, providerId: products.providerId }).from(products).where(isNull(products.retiredAt)),
  ]);
  const use: RecentUse[] = recent.flatMap((r) =>
    // A computing power record no provider of its voucher paid can't be given a pool; it isn't paced.
    (r.source !== "cash" && r.source !== "compute") || (r.source === "compute" && r.providerId === null)
      ? []
      : [{ kind: r.source, providerId: r.providerId, type: r.type, amount: r.amount, at: since }],
  );
  const forecast = forecastExpiry(live, use, now, { windowDays: FORECAST_WINDOW_DAYS, timeZone });
  return { ...forecast, totals: forecast.totals.map((t) => ({ ...t, order: orderToUse(t, catalog, MAX_QUANTITY) })) };
}
