/**
 * Every list and summary query of the customer DAL, run the way the pages run
 * them, on the large account of the benchmark shape (and one ordinary account):
 * each voucher tab unfiltered and with each status and an expiry range, its
 * pages forward and back, amounts and counts, the overview, usage history
 * (first page, a deep keyset page, each filter, the export's first batch),
 * orders, one order, and a quote. test/explain.test.ts captures their SQL and
 * checks the plans; bench/explain.ts prints the plans on the full data.
 */
import { getMyAmountsSummary, getMyBillingOverview, getMyDiscountCounts, getMyVoucherTab, hasMyVouchers, listMyVouchers } from "../../lib/dal/vouchers";
import { iterateMyUsage, listMyUsage } from "../../lib/dal/usage";
import { getMyOrder, listMyOrders } from "../../lib/dal/orders/read";
import { quoteOrder } from "../../lib/dal/orders/quote";
import type { Viewer } from "../../lib/dal/viewer";
import { VOUCHER_KINDS, VOUCHER_STATUSES } from "../../lib/vouchers/kinds";
import { formatDate } from "../../lib/time";
import { SHAPE } from "../shape";

export const LARGE_VIEWER: Viewer = {
  userId: "bench-user-1",
  email: SHAPE.largeUserEmail,
  name: "User 1",
  role: "customer",
  accountId: SHAPE.largeAccountId,
};
export const ORDINARY_VIEWER: Viewer = { userId: "bench-user-2", email: SHAPE.userEmail(1), name: "User 2", role: "customer", accountId: 2 };

/**
 * Tables with tens of thousands of rows and more in the benchmark shape: the
 * planner must never read one of them sequentially for a customer's page.
 */
export const LARGE_TABLES = ["usage_records", "orders", "order_items", "payments"];

/**
 * Tables that grow with accounts and time. With sequential scans disabled, each
 * query must find an index on them: a Seq Scan left then means none applies.
 * (vouchers is here, not above: the large account holds most of its rows in the
 * shape, so the planner rightly reads it whole for that account's summaries.)
 */
export const GROWING_TABLES = [...LARGE_TABLES, "vouchers", "cash_movements", "redemption_codes", "refunds", "billing_accounts"];

export async function exerciseReadQueries(now: Date, tz = "Asia/Shanghai"): Promise<void> {
  const v = LARGE_VIEWER;
  const day = (offsetDays: number) => formatDate(new Date(now.getTime() + offsetDays * 86_400_000), tz);
  for (const kind of VOUCHER_KINDS) {
    for (const status of [undefined, ...VOUCHER_STATUSES]) {
      const tab = await getMyVoucherTab(v, kind, now, { status });
      // Forward and back from a cursor, as the Next and Previous links do.
      if (tab.page.nextCursor) {
        const next = await listMyVouchers(v, kind, now, { status, cursor: tab.page.nextCursor });
        if (next.prevCursor) await listMyVouchers(v, kind, now, { status, cursor: next.prevCursor });
      }
    }
    await getMyVoucherTab(v, kind, now, { status: "available", expiresFrom: day(0), expiresTo: day(30) });
    await hasMyVouchers(v, kind);
  }
  await getMyAmountsSummary(v, "cash", now, {});
  await getMyDiscountCounts(v, now, {});
  await getMyBillingOverview(v, now);
  await getMyBillingOverview(ORDINARY_VIEWER, now);

  const first = await listMyUsage(v, {});
  let cursor = first.nextCursor;
  for (let i = 0; i < 3 && cursor; i++) cursor = (await listMyUsage(v, { cursor })).nextCursor;
  const voucherId = first.items.find((r) => r.voucherId)?.voucherId ?? undefined;
  if (voucherId) {
    const byVoucher = await listMyUsage(v, { voucherId });
    if (byVoucher.nextCursor) await listMyUsage(v, { voucherId, cursor: byVoucher.nextCursor });
  }
  await listMyUsage(v, { status: "failure" });
  await listMyUsage(v, { kind: "cash_balance" });
  await listMyUsage(v, { from: day(-30), to: day(0) });
  await listMyUsage(v, { voucherId: "vch_doesnotexist0000" });
  for await (const _ of iterateMyUsage(v, { status: "success" }, { batchSize: 50 })) break;

  const orders = await listMyOrders(v, now);
  if (orders[0]) await getMyOrder(v, orders[0].publicId, now);
  await quoteOrder(v, { productPublicId: SHAPE.products.serverless, quantity: 1 }, {}, now);
  await quoteOrder(ORDINARY_VIEWER, { productPublicId: SHAPE.products.maxx, quantity: 2 }, {}, now);
}

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** The scans of a plan, as "Seq Scan on usage_records" and "Index Scan on vouchers (idx)". */
export function scansOf(plan: PlanNode): string[] {
  const out: string[] = [];
  const walk = (node: PlanNode) => {
    if (node["Relation Name"]) out.push(`${node["Node Type"]} on ${node["Relation Name"]}${node["Index Name"] ? ` (${node["Index Name"]})` : ""}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return out;
}

/** Sequential scans of the given tables in a plan. */
export function seqScansOf(plan: PlanNode, tables: string[]): string[] {
  return scansOf(plan).filter((s) => s.startsWith("Seq Scan on ") && tables.includes(s.slice("Seq Scan on ".length)));
}
