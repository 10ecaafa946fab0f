import "server-only";
/**
 * Service-side voucher and usage lists for /api/v1 (docs/api.md): the pages'
 * own cores (listVouchersFor, listUsageFor) on the account the key named, so
 * the filters, the order and the keyset cursors are the pages'. The cursors
 * given out are tagged with their list, account and filter
 * (lib/api/list-cursor.ts): one sent with other filters is refused, as a
 * cursor the page's core does not accept is.
 */
import { inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { products } from "@/db/schema";
import { listTag, tagCursor, untagCursor } from "@/lib/api/list-cursor";
import type { ApiPrincipal } from "@/lib/api/spec";
import { platformCurrency } from "@/lib/config";
import type { UsageFilter, UsageKind, UsageStatus, UsageType } from "@/lib/usage/filter";
import type { VoucherKind, VoucherStatus } from "@/lib/vouchers/kinds";
import type { VoucherFilter } from "@/lib/vouchers/list-filter";
import { DalError } from "../errors";
import { listUsageFor, type UsageEntry } from "../usage";
import { listVouchersFor, type VoucherView } from "../vouchers";
import { resolveAccount } from "./accounts";
import { requireScope } from "./principal";

export interface ApiList<T> {
  items: T[];
  /** The next page's cursor (tagged), or null on the last page. */
  nextCursor: string | null;
}

/** Where a list starts and how long a page is; no cursor is the first page, no limit the page's own size. */
export interface ApiPaging {
  cursor?: string | undefined;
  limit?: number | undefined;
}

export type ApiDiscountTerms =
  | { type: "amount_off"; amountOff: number; minOrderAmount: number | null; productId: string | null }
  | { type: "percent_off"; payBasisPoints: number; maxDiscount: number | null; productId: string | null };

export interface ApiVoucher {
  id: string;
  kind: VoucherKind;
  status: VoucherStatus;
  currency: string;
  faceValue: number | null;
  balance: number | null;
  terms: ApiDiscountTerms | null;
  providers: string[] | null;
  effectiveAt: string;
  expiresAt: string;
  voidedAt: string | null;
}

export interface ApiUsageRecord {
  createdAt: string;
  voucherId: string | null;
  orderId: string | null;
  kind: UsageKind;
  type: UsageType;
  status: UsageStatus;
  currency: string;
  amount: number;
  balanceAfter: number | null;
  /** On failed records: the reason's code (null on records older than the codes) and its English sentence. */
  failure: { reason: string | null; detail: string } | null;
}

/** The page's cursor under a client's cursor, or the same refusal the page's core gives a cursor it does not accept. */
function pageCursorOf(raw: string, tag: string): string {
  const cursor = untagCursor(raw, tag);
  if (cursor === null) throw new DalError({ code: "invalid_input", reason: "cursor" });
  return cursor;
}

const pageOptions = (paging: ApiPaging) => (paging.limit === undefined ? {} : { pageSize: paging.limit });

/** Public ids of the products that discount terms are limited to (the terms carry internal ids). */
async function scopeProductIds(items: readonly VoucherView[]): Promise<Map<number, string>> {
  const ids = [...new Set(items.flatMap((v) => (v.terms?.productId == null ? [] : [v.terms.productId])))];
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.select({ id: products.id, publicId: products.publicId }).from(products).where(inArray(products.id, ids));
  return new Map(rows.map((r) => [r.id, r.publicId]));
}

function apiTermsOf(terms: VoucherView["terms"], productIds: ReadonlyMap<number, string>): ApiDiscountTerms | null {
  if (!terms) return null;
  const productId = terms.productId === null ? null : (productIds.get(terms.productId) ?? null);
  return terms.type === "amount_off"
    ? { type: terms.type, amountOff: terms.amountOff, minOrderAmount: terms.minOrderAmount, productId }
    : { type: terms.type, payBasisPoints: terms.payBasisPoints, maxDiscount: terms.maxDiscount, productId };
}

function apiVoucherOf(v: VoucherView, productIds: ReadonlyMap<number, string>, currency: string): ApiVoucher {
  return {
    id: v.publicId,
    kind: v.kind,
    status: v.status,
    currency,
    faceValue: v.faceValue,
    balance: v.balance,
    terms: apiTermsOf(v.terms, productIds),
    providers: v.providers,
    effectiveAt: v.effectiveAt.toISOString(),
    expiresAt: v.expiresAt.toISOString(),
    voidedAt: v.voidedAt?.toISOString() ?? null,
  };
}

function apiUsageOf(r: UsageEntry, currency: string): ApiUsageRecord {
  return {
    createdAt: r.createdAt.toISOString(),
    voucherId: r.voucherId,
    orderId: r.orderId,
    kind: r.kind,
    type: r.type,
    status: r.status,
    currency,
    amount: r.amount,
    balanceAfter: r.balanceAfter,
    // A failed record always has its sentence (a CHECK of usage_records); the fallback only satisfies the type.
    failure: r.status === "failure" ? { reason: r.failureCode, detail: r.failureReason ?? "" } : null,
  };
}

/**
 * Key with `read`: one page of an account's vouchers of one kind, as its
 * Billing Center tab lists them at `now` (same filter, deduction order, keyset cursors).
 */
export async function listAccountVouchers(
  principal: ApiPrincipal | null,
  accountPublicId: string,
  query: VoucherFilter & ApiPaging & { kind: VoucherKind },
  now: Date,
): Promise<ApiList<ApiVoucher>> {
  requireScope(principal, "read");
  const account = await resolveAccount({ accountId: accountPublicId });
  const { cursor, limit, kind, ...filter } = query;
  const tag = listTag("vouchers", account.publicId, { kind, ...filter });
  const page = await listVouchersFor(
    account.id,
    kind,
    now,
    { ...filter, ...(cursor === undefined ? {} : { cursor: pageCursorOf(cursor, tag) }) },
    pageOptions({ limit }),
  );
  const productIds = await scopeProductIds(page.items);
  const currency = platformCurrency();
  return {
    items: page.items.map((v) => apiVoucherOf(v, productIds, currency)),
    nextCursor: page.nextCursor === null ? null : tagCursor(page.nextCursor, tag),
  };
}

/**
 * Key with `read`: one page of an account's usage history, newest first, as its
 * usage page lists it (same filter, Voucher ID exact, keyset cursors); failures told in English.
 */
export async function listAccountUsage(
  principal: ApiPrincipal | null,
  accountPublicId: string,
  query: UsageFilter & ApiPaging,
): Promise<ApiList<ApiUsageRecord>> {
  requireScope(principal, "read");
  const account = await resolveAccount({ accountId: accountPublicId });
  const { cursor, limit, ...filter } = query;
  const tag = listTag("usage", account.publicId, { ...filter });
  const page = await listUsageFor(
    account.id,
    { ...filter, ...(cursor === undefined ? {} : { cursor: pageCursorOf(cursor, tag) }) },
    { ...pageOptions({ limit }), locale: "en" },
  );
  const currency = platformCurrency();
  return {
    items: page.items.map((r) => apiUsageOf(r, currency)),
    nextCursor: page.nextCursor === null ? null : tagCursor(page.nextCursor, tag),
  };
}
