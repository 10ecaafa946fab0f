import "server-only";
import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb, type Db } from "@/db";
import { billingAccounts, voucherBatches, vouchers } from "@/db/schema";
import { platformTimeZone } from "@/lib/config";
import type { DiscountTerms, StoredValueKind, VoucherKind, VoucherStatus } from "@/lib/vouchers/kinds";
import { VOUCHER_STATUSES, isStoredValueKind } from "@/lib/vouchers/kinds";
import {
  CURSOR_RESET_NOTICE,
  VOUCHER_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  expiryBounds,
  voucherFilterSchema,
  type VoucherCursor,
  type VoucherFilter,
  type VoucherListQuery,
} from "@/lib/vouchers/list-filter";
import { emptyAmountsSummary, type AmountsSummary } from "@/lib/vouchers/summary";
import { providerListSql, providerNamesSql } from "./providers";
import { at, voucherStatusSql } from "./status-sql";
import { DalError } from "./errors";
import { requireAccount, type Viewer } from "./viewer";

/** A voucher as the customer sees it. */
export interface VoucherView {
  publicId: string;
  kind: VoucherKind;
  status: VoucherStatus;
  faceValue: number | null;
  balance: number | null;
  terms: DiscountTerms | null;
  providers: string[] | null;
  effectiveAt: Date;
  expiresAt: Date;
  voidedAt: Date | null;
  voidReason: string | null;
  batchName: string | null;
}

type VoucherRow = typeof vouchers.$inferSelect;

export function discountTermsOf(
  v: Pick<VoucherRow, "kind" | "amountOff" | "minOrderAmount" | "payBasisPoints" | "maxDiscount" | "scopeProductId">,
): DiscountTerms | null {
  if (v.kind !== "discount") return null;
  if (v.amountOff !== null) {
    return { type: "amount_off", amountOff: v.amountOff, minOrderAmount: v.minOrderAmount, productId: v.scopeProductId };
  }
  return { type: "percent_off", payBasisPoints: v.payBasisPoints ?? 10_000, maxDiscount: v.maxDiscount, productId: v.scopeProductId };
}

function selectVoucherViews(now: Date) {
  return {
    row: vouchers,
    status: voucherStatusSql(now),
    batchName: voucherBatches.name,
    providerNames: providerNamesSql(vouchers.providerIds),
  };
}

function toView(r: { row: VoucherRow; status: VoucherStatus; batchName: string | null; providerNames: string[] | null }): VoucherView {
  const v = r.row;
  return {
    publicId: v.publicId,
    kind: v.kind,
    status: r.status,
    faceValue: v.faceValue,
    balance: v.balance,
    terms: discountTermsOf(v),
    providers: r.providerNames,
    effectiveAt: v.effectiveAt,
    expiresAt: v.expiresAt,
    voidedAt: v.voidedAt,
    voidReason: v.voidReason,
    batchName: r.batchName,
  };
}

/** One page of a voucher tab, with the cursors of its neighbours. */
export interface VoucherPage {
  items: VoucherView[];
  /** The page after this one, or null on the last page. */
  nextCursor: string | null;
  /** The page before this one, or null on the first page. */
  prevCursor: string | null;
}

export interface VoucherPageOptions {
  /** Rows per page; tests set it small to page through few rows. */
  pageSize?: number;
}

/** Refuses a filter the URL parser would have dropped; callers pass parsed values, this is the second check. */
function checkFilter(filter: VoucherFilter): VoucherFilter {
  const parsed = voucherFilterSchema.safeParse({ status: filter.status, expiresFrom: filter.expiresFrom, expiresTo: filter.expiresTo });
  if (!parsed.success) throw new DalError({ code: "invalid_input", reason: "filter", text: parsed.error.issues[0]?.message ?? null });
  return parsed.data;
}

/**
 * The one WHERE of a tab: the caller's account, the kind and the filter. The
 * list, the amounts summary and the status counts all use it, so the totals
 * always describe exactly the rows the customer can page through.
 */
function tabWhere(accountId: number, kind: VoucherKind, now: Date, filter: VoucherFilter): SQL {
  const f = checkFilter(filter);
  const { from, before } = expiryBounds(f, platformTimeZone());
  return (
    and(
      eq(vouchers.accountId, accountId),
      eq(vouchers.kind, kind),
      f.status ? sql`${voucherStatusSql(now)} = ${f.status}` : undefined,
      from ? gte(vouchers.expiresAt, from) : undefined,
      before ? lt(vouchers.expiresAt, before) : undefined,
    ) ?? sql`false`
  );
}

/**
 * The deduction order of SPEC 3 (soonest expiry, smallest balance, oldest, id)
 * as a row value, so keyset pages list vouchers in the order payments use them.
 * Discount vouchers have no balance; within one kind that column is then all 0.
 */
const listKey = (t: Record<"expiresAt" | "balance" | "createdAt" | "id", AnyPgColumn>) => [
  t.expiresAt,
  sql`coalesce(${t.balance}, 0)`,
  t.createdAt,
  t.id,
];

/**
 * Rows after (or before) the anchor voucher in list order, as one row-value
 * comparison against the anchor's own row: the database compares its stored
 * microsecond timestamps, which a round trip through JS Dates would truncate.
 */
function seekPast(anchorId: number, dir: VoucherCursor["dir"]): SQL {
  const anchor = alias(vouchers, "anchor");
  const row = sql`(${sql.join(listKey(vouchers), sql`, `)})`;
  // Drizzle prints an aliased table as its alias alone, so the FROM spells out both.
  const anchorRow = sql`(select ${sql.join(listKey(anchor), sql`, `)} from ${vouchers} as ${sql.identifier("anchor")} where ${anchor.id} = ${anchorId})`;
  return dir === "after" ? sql`${row} > ${anchorRow}` : sql`${row} < ${anchorRow}`;
}

/** The internal id of the cursor's voucher, only if it is one of the caller's vouchers of this kind. */
async function cursorAnchor(db: Db, accountId: number, kind: VoucherKind, raw: string): Promise<{ id: number; dir: VoucherCursor["dir"] }> {
  const cursor = decodeCursor(raw);
  if (cursor) {
    const [row] = await db
      .select({ id: vouchers.id })
      .from(vouchers)
      .where(and(eq(vouchers.publicId, cursor.id), eq(vouchers.accountId, accountId), eq(vouchers.kind, kind)))
      .limit(1);
    if (row) return { id: row.id, dir: cursor.dir };
  }
  // Same answer for garbage and for another account's voucher: a cursor is no oracle.
  throw new DalError({ code: "invalid_input", reason: "cursor" });
}

/**
 * Customer: one page of the vouchers of one kind on the caller's own account,
 * in deduction order, narrowed by the filter (status derived in SQL at `now`,
 * expiry days in the platform zone). Keyset paging: a cursor that is not valid
 * for this caller and kind is refused with DalError "invalid_input".
 */
export async function listMyVouchers(
  viewer: Viewer | null,
  kind: VoucherKind,
  now: Date,
  query: VoucherListQuery = {},
  options: VoucherPageOptions = {},
): Promise<VoucherPage> {
  return listVouchersFor(requireAccount(viewer), kind, now, query, options);
}

/**
 * The core of listMyVouchers, for an account the caller has already authorized
 * (lib/dal/api/): the same filter, order and cursors, so the API pages exactly as the tab does.
 */
export async function listVouchersFor(
  accountId: number,
  kind: VoucherKind,
  now: Date,
  query: VoucherListQuery = {},
  options: VoucherPageOptions = {},
): Promise<VoucherPage> {
  const pageSize = options.pageSize ?? VOUCHER_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 500) throw new RangeError(`pageSize must be 1..500, got ${pageSize}`);
  const where = tabWhere(accountId, kind, now, query);
  const db = await getDb();
  const anchor = query.cursor === undefined ? null : await cursorAnchor(db, accountId, kind, query.cursor);
  const backwards = anchor?.dir === "before";
  const order = backwards ? desc : asc;
  // One row more than a page tells whether another page follows, without a count.
  const rows = await db
    .select(selectVoucherViews(now))
    .from(vouchers)
    .leftJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
    .where(anchor ? and(where, seekPast(anchor.id, anchor.dir)) : where)
    .orderBy(...listKey(vouchers).map((column) => order(column)))
    .limit(pageSize + 1);
  const more = rows.length > pageSize;
  const pageRows = rows.slice(0, pageSize);
  if (backwards) pageRows.reverse();
  const items = pageRows.map(toView);
  // Reading forwards from a cursor, its anchor (a row of the previous page) lies
  // before this page; reading backwards, it lies after.
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : anchor !== null;
  const first = items[0];
  const last = items.at(-1);
  return {
    items,
    nextCursor: hasNext && last ? encodeCursor({ dir: "after", id: last.publicId }) : null,
    prevCursor: hasPrev && first ? encodeCursor({ dir: "before", id: first.publicId }) : null,
  };
}

/**
 * Customer: the SPEC 4 amounts of the caller's stored-value vouchers of one kind
 * that the filter selects, summed by the database with the same rules as
 * `summarizeAmounts` and the same WHERE as `listMyVouchers`.
 */
export async function getMyAmountsSummary(
  viewer: Viewer | null,
  kind: StoredValueKind,
  now: Date,
  filter: VoucherFilter = {},
): Promise<AmountsSummary> {
  const accountId = requireAccount(viewer);
  const where = tabWhere(accountId, kind, now, filter);
  const db = await getDb();
  const status = voucherStatusSql(now);
  const sumWhere = (s: VoucherStatus) =>
    sql<number>`coalesce(sum(${vouchers.balance}) filter (where ${status} = ${s}), 0)::bigint`.mapWith(Number);
  const [row] = await db
    .select({
      totalFaceValue: sql<number>`coalesce(sum(${vouchers.faceValue}), 0)::bigint`.mapWith(Number),
      used: sql<number>`coalesce(sum(${vouchers.faceValue} - ${vouchers.balance}), 0)::bigint`.mapWith(Number),
      expired: sumWhere("expired"),
      voided: sumWhere("voided"),
      notEffective: sumWhere("not_effective"),
      // Used vouchers hold 0, so this is also the balance of available ones.
      balance: sumWhere("available"),
    })
    .from(vouchers)
    .where(where);
  return row ?? emptyAmountsSummary();
}

/** Customer: how many of the caller's discount vouchers that the filter selects are in each status. */
export async function getMyDiscountCounts(
  viewer: Viewer | null,
  now: Date,
  filter: VoucherFilter = {},
): Promise<Record<VoucherStatus, number>> {
  const accountId = requireAccount(viewer);
  const where = tabWhere(accountId, "discount", now, filter);
  const db = await getDb();
  const status = voucherStatusSql(now);
  const rows = await db
    .select({ status, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(vouchers)
    .where(where)
    .groupBy(sql`1`);
  const counts = Object.fromEntries(VOUCHER_STATUSES.map((s) => [s, 0])) as Record<VoucherStatus, number>;
  for (const r of rows) counts[r.status] = r.count;
  return counts;
}

/** Customer: whether the caller has any voucher of this kind at all, whatever its status. */
export async function hasMyVouchers(viewer: Viewer | null, kind: VoucherKind): Promise<boolean> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), eq(vouchers.kind, kind)))
    .limit(1);
  return rows.length > 0;
}

/** Totals of a tab: amounts for stored-value kinds, counts per status for discounts (SPEC 4). */
export type VoucherTabTotals =
  | { type: "amounts"; summary: AmountsSummary }
  | { type: "counts"; counts: Record<VoucherStatus, number> };

export interface VoucherTabData {
  page: VoucherPage;
  totals: VoucherTabTotals;
  /** No voucher of this kind at all: the empty state asks the customer to redeem a code. */
  tabIsEmpty: boolean;
  /** Set when the cursor was refused; the first page is shown instead of an error page. */
  cursorError: string | null;
}

/**
 * Customer: everything one voucher tab shows for the caller's account: the
 * page, the totals of exactly the filtered set, and what the empty state needs.
 * A refused cursor falls back to the first page with a message.
 */
export async function getMyVoucherTab(
  viewer: Viewer | null,
  kind: VoucherKind,
  now: Date,
  query: VoucherListQuery,
  options: VoucherPageOptions = {},
): Promise<VoucherTabData> {
  let cursorError: string | null = null;
  const loadPage = async (): Promise<VoucherPage> => {
    try {
      return await listMyVouchers(viewer, kind, now, query, options);
    } catch (error) {
      if (!(error instanceof DalError) || error.code !== "invalid_input" || query.cursor === undefined) throw error;
      cursorError = CURSOR_RESET_NOTICE;
      return listMyVouchers(viewer, kind, now, { ...query, cursor: undefined }, options);
    }
  };
  const filter: VoucherFilter = { status: query.status, expiresFrom: query.expiresFrom, expiresTo: query.expiresTo };
  const loadTotals = async (): Promise<VoucherTabTotals> =>
    isStoredValueKind(kind)
      ? { type: "amounts", summary: await getMyAmountsSummary(viewer, kind, now, filter) }
      : { type: "counts", counts: await getMyDiscountCounts(viewer, now, filter) };
  const [page, totals] = await Promise.all([loadPage(), loadTotals()]);
  // Only an empty page needs to know whether the tab has any voucher at all.
  const tabIsEmpty = page.items.length === 0 && !(await hasMyVouchers(viewer, kind));
  return { page, totals, tabIsEmpty, cursorError };
}

export interface BillingOverview {
  cashBalance: number;
  /** What post-paid charges left unpaid: max(0, -cash balance). */
  arrears: number;
  availableBalance: Record<StoredValueKind, number>;
  availableDiscounts: number;
  /**
   * Available computing power balance per provider set, e.g. "MaxXIntel" and
   * "MaxXIntel, Muxi": a voucher valid for several providers is its own group
   * (names sorted and joined), since its balance can't be split between them.
   */
  computeByProviders: Array<{ providers: string; balance: number }>;
  /**
   * The first EXPIRING_LIST_LIMIT available vouchers that expire within
   * EXPIRING_WITHIN_DAYS days, soonest first: a bounded list (issue 18); the rest
   * are one link away, each tab filtered to them.
   */
  expiringSoon: VoucherView[];
  /** How many available vouchers of each kind expire within EXPIRING_WITHIN_DAYS days, listed or not. */
  expiringCounts: Record<VoucherKind, number>;
}

export const EXPIRING_WITHIN_DAYS = 7;
/** At most this many expiring vouchers are listed on the overview. */
export const EXPIRING_LIST_LIMIT = 10;

/** Customer: the Billing Center overview of the caller's own account (balances of available vouchers only). */
export async function getMyBillingOverview(viewer: Viewer | null, now: Date): Promise<BillingOverview> {
  return billingOverviewOf(requireAccount(viewer), now);
}

/**
 * The core of getMyBillingOverview, for an account the caller has already
 * authorized (lib/dal/api/). Reads only: three statements, run concurrently; the
 * sums and counts are one pass over the account's available vouchers (grouped by
 * kind and provider set), the expiring list is bounded.
 */
export async function billingOverviewOf(accountId: number, now: Date): Promise<BillingOverview> {
  const db = await getDb();
  const status = voucherStatusSql(now);
  const soon = sql`${vouchers.expiresAt} < ${at(now)} + make_interval(days => ${EXPIRING_WITHIN_DAYS})`;
  // Summed per kind and id array first (one pass, no lookups), then named once per distinct array and
  // grouped by the names, so two arrays of the same providers in another order are one group.
  // Names sorted by byte value (COLLATE "C") so both drivers, whatever their locale, name a group alike.
  const byIds = db
    .select({
      kind: vouchers.kind,
      ids: vouchers.providerIds,
      balance: sql<number>`sum(${vouchers.balance})`.as("balance"),
      count: sql<number>`count(*)`.as("count"),
      soon: sql<number>`count(*) filter (where ${soon})`.as("soon"),
    })
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), sql`${status} = 'available'`))
    .groupBy(vouchers.kind, vouchers.providerIds)
    .as("by_ids");
  const providerGroup = sql<string | null>`case when ${byIds.kind} = 'compute' then ${providerListSql(byIds.ids)} end`;
  const [[account], groups, soonRows] = await Promise.all([
    db.select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId)),
    db
      .select({
        kind: byIds.kind,
        providers: providerGroup,
        balance: sql<number>`coalesce(sum(${byIds.balance}), 0)::bigint`.mapWith(Number),
        count: sql<number>`sum(${byIds.count})::bigint`.mapWith(Number),
        soon: sql<number>`sum(${byIds.soon})::bigint`.mapWith(Number),
      })
      .from(byIds)
      .groupBy(byIds.kind, sql`2`)
      .orderBy(sql`${providerGroup} collate "C"`),
    db
      .select(selectVoucherViews(now))
      .from(vouchers)
      .leftJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
      .where(and(eq(vouchers.accountId, accountId), sql`${status} = 'available'`, soon))
      .orderBy(asc(vouchers.expiresAt), asc(vouchers.id))
      .limit(EXPIRING_LIST_LIMIT),
  ]);
  const cashBalance = account?.cashBalance ?? 0;
  const ofKind = (k: VoucherKind) => groups.filter((g) => g.kind === k);
  const total = (k: VoucherKind, field: "balance" | "count" | "soon") => ofKind(k).reduce((sum, g) => sum + g[field], 0);
  return {
    cashBalance,
    arrears: cashBalance < 0 ? -cashBalance : 0,
    availableBalance: { cash: total("cash", "balance"), compute: total("compute", "balance") },
    availableDiscounts: total("discount", "count"),
    computeByProviders: ofKind("compute").map((g) => ({ providers: g.providers ?? "", balance: g.balance })),
    expiringSoon: soonRows.map(toView),
    expiringCounts: { cash: total("cash", "soon"), compute: total("compute", "soon"), discount: total("discount", "soon") },
  };
}
