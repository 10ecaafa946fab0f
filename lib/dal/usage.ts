import "server-only";
import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { orders, usageRecords, vouchers } from "@/db/schema";
import { platformTimeZone } from "@/lib/config";
import {
  USAGE_PAGE_SIZE,
  createdBounds,
  decodeUsageCursor,
  encodeUsageCursor,
  usageFilterSchema,
  type UsageCursor,
  type UsageFilter,
  type UsageQuery,
} from "@/lib/usage/filter";
import type { UsageRecordView } from "@/lib/usage/record";
import type { PaymentFailure, ToldPayFailure } from "@/lib/failures";
import type { Locale } from "@/lib/i18n/locale";
import { DalError, messageOf } from "./errors";
import { requestLocale } from "./request-locale";
import { requireAccount, type Viewer } from "./viewer";

/**
 * A failed record's reason in the reader's language: told from the failure stored
 * with it, or, for rows recorded before failures were stored, the sentence stored then.
 */
export function failureText(row: { failure: PaymentFailure | null; failureReason: string | null }, locale: Locale): string | null {
  return row.failure ? messageOf(row.failure, locale) : row.failureReason;
}

/** The columns a usage record's failure is told from: select them with `...FAILURE_COLUMNS`, then `withFailureText`. */
export const FAILURE_COLUMNS = { failureReason: usageRecords.failureReason, failure: usageRecords.failure };

/** A row read with FAILURE_COLUMNS, its failure told in `locale` as `failureReason` (the stored failure dropped). */
export function withFailureText<R extends { failure: PaymentFailure | null; failureReason: string | null }>(row: R, locale: Locale): Omit<R, "failure"> {
  const { failure, ...rest } = row;
  return { ...rest, failureReason: failureText({ failure, failureReason: row.failureReason }, locale) };
}

/** A usage record as the DAL reads it: what the page shows, and the failure's reason as data for the API. */
export interface UsageEntry extends UsageRecordView {
  /** The stored failure's reason (lib/failures.ts, e.g. `insufficient_funds`); null on successes and on failures recorded before failures were stored. */
  failureCode: ToldPayFailure["reason"] | null;
}

/** One page of usage history, newest first. */
export interface UsagePage {
  items: UsageEntry[];
  /** The page after this one, or null on the last page. */
  nextCursor: string | null;
}

export interface UsagePageOptions {
  /** Rows per page; tests set it small to page through few rows. */
  pageSize?: number;
  /** The language failures are told in; default the request's. */
  locale?: Locale;
}

/** Rows per read of the CSV export: big enough for few round trips, small enough to stream. */
const EXPORT_BATCH_SIZE = 500;
const MAX_PAGE_SIZE = 500;

/** Refuses a filter the URL parser would have refused; callers pass parsed values, this is the second check. */
function checkFilter(filter: UsageFilter): UsageFilter {
  const { voucherId, from, to, status, kind } = filter;
  const parsed = usageFilterSchema.safeParse({ voucherId, from, to, status, kind });
  if (!parsed.success) throw new DalError({ code: "invalid_input", reason: "filter", text: parsed.error.issues[0]?.message ?? null });
  return parsed.data;
}

function checkPageSize(pageSize: number): number {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be 1..${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  return pageSize;
}

/**
 * The WHERE of the filter on the caller's account, or null when it can match
 * nothing. The Voucher ID is looked up among the caller's own vouchers only, so
 * another account's ID (or an unknown one) matches no record and reveals
 * nothing; resolving it first lets the query walk the (voucher_id, created_at,
 * id) index instead of the account's whole history.
 */
async function scopeWhere(db: Db, accountId: number, f: UsageFilter): Promise<SQL | null> {
  let voucherRowId: number | undefined;
  if (f.voucherId !== undefined) {
    const [row] = await db
      .select({ id: vouchers.id })
      .from(vouchers)
      .where(and(eq(vouchers.publicId, f.voucherId), eq(vouchers.accountId, accountId)))
      .limit(1);
    if (!row) return null;
    voucherRowId = row.id;
  }
  const { from, before } = createdBounds(f, platformTimeZone());
  return (
    and(
      // Kept even with a voucher filter: the account scope never rests on one lookup alone.
      eq(usageRecords.accountId, accountId),
      voucherRowId !== undefined ? eq(usageRecords.voucherId, voucherRowId) : undefined,
      from ? gte(usageRecords.createdAt, from) : undefined,
      before ? lt(usageRecords.createdAt, before) : undefined,
      f.status ? eq(usageRecords.status, f.status) : undefined,
      f.kind ? eq(usageRecords.source, f.kind) : undefined,
    ) ?? sql`false`
  );
}

/**
 * created_at as PostgreSQL prints it, to the microsecond: the cursor carries
 * this text and the next page compares it in SQL, because a JS Date would round
 * to the millisecond and skip or repeat records created within one.
 */
const createdAtKey = sql<string>`to_char(${usageRecords.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** One keyset page after `cursor` (or the first), newest first; one row more tells whether another page follows. */
async function readPage(db: Db, where: SQL, cursor: UsageCursor | null, pageSize: number, locale: Locale) {
  const seek = cursor
    ? sql`(${usageRecords.createdAt}, ${usageRecords.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::bigint)`
    : undefined;
  const rows = await db
    .select({
      id: usageRecords.id,
      createdAtKey,
      createdAt: usageRecords.createdAt,
      voucherId: vouchers.publicId,
      orderId: orders.publicId,
      kind: usageRecords.source,
      type: usageRecords.type,
      status: usageRecords.status,
      amount: usageRecords.amount,
      balanceAfter: usageRecords.balanceAfter,
      ...FAILURE_COLUMNS,
    })
    .from(usageRecords)
    .leftJoin(vouchers, eq(vouchers.id, usageRecords.voucherId))
    .leftJoin(orders, eq(orders.id, usageRecords.orderId))
    .where(seek ? and(where, seek) : where)
    .orderBy(desc(usageRecords.createdAt), desc(usageRecords.id))
    .limit(pageSize + 1);
  const pageRows = rows.slice(0, pageSize);
  const last = pageRows.at(-1);
  const items: UsageEntry[] = pageRows.map((r) => ({
    createdAt: r.createdAt,
    voucherId: r.voucherId,
    orderId: r.orderId,
    kind: r.kind,
    type: r.type,
    status: r.status,
    amount: r.amount,
    balanceAfter: r.balanceAfter,
    failureReason: failureText(r, locale),
    failureCode: r.failure?.reason ?? null,
  }));
  const next: UsageCursor | null = rows.length > pageSize && last ? { createdAt: last.createdAtKey, id: last.id } : null;
  return { items, next };
}

/**
 * Customer: one page of the caller's own usage records (SPEC 7), newest first,
 * narrowed by the filter (Voucher ID exact, days of the platform zone, status,
 * kind). Keyset paging on (created_at, id), no OFFSET. A cursor that does not
 * decode is refused with DalError "invalid_input"; a decoded one only positions
 * the read inside the caller's own records, whoever made it.
 */
export async function listMyUsage(viewer: Viewer | null, query: UsageQuery, options: UsagePageOptions = {}): Promise<UsagePage> {
  return listUsageFor(requireAccount(viewer), query, options);
}

/**
 * The core of listMyUsage, for an account the caller has already authorized
 * (lib/dal/api/): the same filter, order and cursors, so the API pages exactly as the page does.
 */
export async function listUsageFor(accountId: number, query: UsageQuery, options: UsagePageOptions = {}): Promise<UsagePage> {
  const pageSize = checkPageSize(options.pageSize ?? USAGE_PAGE_SIZE);
  const f = checkFilter(query);
  let cursor: UsageCursor | null = null;
  if (query.cursor !== undefined) {
    cursor = decodeUsageCursor(query.cursor);
    if (!cursor) throw new DalError({ code: "invalid_input", reason: "cursor" });
  }
  const db = await getDb();
  const where = await scopeWhere(db, accountId, f);
  if (!where) return { items: [], nextCursor: null };
  const page = await readPage(db, where, cursor, pageSize, options.locale ?? (await requestLocale()));
  return { items: page.items, nextCursor: page.next ? encodeUsageCursor(page.next) : null };
}

/**
 * Customer: every usage record of the caller's own account that the filter
 * selects, newest first, read in keyset pages, for the CSV export. Authorizes
 * and checks the filter when called (throwing DalError before any row is read),
 * so a route can refuse before it starts a response. Not one snapshot (holding
 * a transaction open for a slow download would be worse): a record committed
 * while it runs is normally newer than the rows already read and left out.
 */
export function iterateMyUsage(
  viewer: Viewer | null,
  filter: UsageFilter,
  options: { batchSize?: number; locale?: Locale } = {},
): AsyncGenerator<UsageRecordView, void, undefined> {
  const accountId = requireAccount(viewer);
  const f = checkFilter(filter);
  const batchSize = checkPageSize(options.batchSize ?? EXPORT_BATCH_SIZE);
  return (async function* () {
    const db = await getDb();
    const where = await scopeWhere(db, accountId, f);
    if (!where) return;
    const locale = options.locale ?? (await requestLocale());
    let cursor: UsageCursor | null = null;
    do {
      const page = await readPage(db, where, cursor, batchSize, locale);
      yield* page.items;
      cursor = page.next;
    } while (cursor);
  })();
}

/**
 * An order's usage records, oldest first, with each voucher's public id: how
 * the order was paid and refunded (both order pages show it). For callers that
 * have already authorized the order; `accountId` scopes the rows again.
 */
export async function orderUsage(db: Db, orderId: number, accountId?: number) {
  const ofOrder = eq(usageRecords.orderId, orderId);
  const locale = await requestLocale();
  const rows = await db
    .select({
      createdAt: usageRecords.createdAt,
      voucherPublicId: vouchers.publicId,
      source: usageRecords.source,
      type: usageRecords.type,
      status: usageRecords.status,
      amount: usageRecords.amount,
      balanceAfter: usageRecords.balanceAfter,
      ...FAILURE_COLUMNS,
    })
    .from(usageRecords)
    .leftJoin(vouchers, eq(vouchers.id, usageRecords.voucherId))
    .where(accountId === undefined ? ofOrder : and(ofOrder, eq(usageRecords.accountId, accountId)))
    .orderBy(asc(usageRecords.createdAt), asc(usageRecords.id));
  return rows.map((row) => withFailureText(row, locale));
}
