/**
 * The /api/v1 lists through their route handlers (no server): an account's
 * vouchers and usage history with the pages' filters (Voucher ID exact), the
 * pages' keyset cursors walked to the end, cursors refused with other filters
 * (400, reason `cursor`), and the refusals every endpoint shares (401, 403, 404,
 * 422 with per-field errors). Every answer is checked against the document.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { usageRecords, vouchers } from "@/db/schema";
import { createBillingClient } from "@/lib/api/client";
import { platformTimeZone } from "@/lib/config";
import { listUsageFor } from "@/lib/dal/usage";
import { listVouchersFor } from "@/lib/dal/vouchers";
import { formatDate } from "@/lib/time";
import { USAGE_KINDS, USAGE_STATUSES } from "@/lib/usage/filter";
import { VOUCHER_KINDS, VOUCHER_STATUSES, type VoucherKind } from "@/lib/vouchers/kinds";
import { contractCheck } from "./api-contract";
import { DOCUMENT, callApi, inProcessFetch, insertApiKey, seedApiWorld } from "./api-harness";
import { findInvariantViolations } from "./invariants";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();
// The handlers read the clock (as actions do): the demo data is seeded around the real now.
const now = new Date();

let alice: { id: number; publicId: string };
let bob: { id: number; publicId: string };
const keys: Record<"read" | "pay" | "revoked", { secret: string }> = {} as never;

interface Voucher {
  id: string;
  kind: VoucherKind;
  status: string;
  expiresAt: string;
  terms: { productId: string | null } | null;
}
interface UsageRecord {
  createdAt: string;
  voucherId: string | null;
  kind: string;
  status: string;
  failure: { reason: string | null; detail: string } | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const get = (path: string, secret: string = keys.read.secret) => callApi({ path, secret });

/** One page of a list, which must be a 200. */
async function page<T>(path: string): Promise<Page<T>> {
  const response = await get(path);
  expect(response.status, `${path}: ${response.text}`).toBe(200);
  return response.json as unknown as Page<T>;
}

const search = (query: Record<string, string | number>) => new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
const vouchersPath = (account: string, query: Record<string, string | number>) => `/api/v1/accounts/${account}/vouchers?${search(query)}`;
const usagePath = (account: string, query: Record<string, string | number> = {}) => `/api/v1/accounts/${account}/usage?${search(query)}`;

/** Every page of a list, `limit` at a time, following nextCursor with the same filters. */
async function walk<T>(path: (query: Record<string, string | number>) => string, filter: Record<string, string>, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const next: Page<T> = await page<T>(path({ ...filter, limit, ...(cursor ? { cursor } : {}) }));
    expect(next.items.length).toBeLessThanOrEqual(limit);
    items.push(...next.items);
    cursor = next.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

const allVouchers = (account: string, kind: VoucherKind, filter: Record<string, string> = {}) => page<Voucher>(vouchersPath(account, { kind, ...filter, limit: 100 }));
const allUsage = (account: string, filter: Record<string, string> = {}) => page<UsageRecord>(usagePath(account, { ...filter, limit: 100 }));
const day = (iso: string) => formatDate(new Date(iso), platformTimeZone());

beforeAll(async () => {
  const { db } = getDatabase();
  const world = await seedApiWorld(db, now);
  ({ alice, bob } = world);
  keys.read = await insertApiKey(db, "Dashboard", ["read"], now);
  keys.pay = await insertApiKey(db, "Payer", ["pay", "charge", "refund"], now);
  keys.revoked = await insertApiKey(db, "Old", ["read"], now, true);
});

describe("GET /api/v1/accounts/{accountId}/vouchers", () => {
  it("lists each tab as the page's core does: the account's vouchers of the kind, in deduction order, public ids only", async () => {
    for (const kind of VOUCHER_KINDS) {
      const list = await allVouchers(alice.publicId, kind);
      expect(list.nextCursor).toBeNull();
      expect(list.items.length).toBeGreaterThan(0);
      const core = await listVouchersFor(alice.id, kind, now, {}, { pageSize: 500 });
      expect(list.items.map((v) => v.id)).toEqual(core.items.map((v) => v.publicId));
      expect(list.items.every((v) => v.kind === kind && /^vch_/.test(v.id))).toBe(true);
      const expiries = list.items.map((v) => v.expiresAt);
      expect(expiries).toEqual([...expiries].sort());
      for (const v of list.items) if (v.terms) expect(v.terms.productId === null || v.terms.productId.startsWith("prd_")).toBe(true);
    }
    // No code (or its last 4), no internal id, no batch: the item is exactly the document's Voucher.
    const { items } = await allVouchers(alice.publicId, "cash");
    expect(Object.keys(items[0]!).sort()).toEqual(["balance", "currency", "effectiveAt", "expiresAt", "faceValue", "id", "kind", "providers", "status", "terms", "voidedAt"]);
  });

  it("filters by status, as derived now", async () => {
    for (const kind of VOUCHER_KINDS) {
      const all = (await allVouchers(alice.publicId, kind)).items;
      for (const status of VOUCHER_STATUSES) {
        const filtered = (await allVouchers(alice.publicId, kind, { status })).items;
        expect(filtered.map((v) => v.id), `${kind} ${status}`).toEqual(all.filter((v) => v.status === status).map((v) => v.id));
      }
    }
    // The seed has every status of the cash kind, so the loop above filtered for real.
    const statuses = new Set((await allVouchers(alice.publicId, "cash")).items.map((v) => v.status));
    expect(statuses.size).toBe(VOUCHER_STATUSES.length);
  });

  it("filters by expiry days of the platform time zone, both included", async () => {
    const all = (await allVouchers(alice.publicId, "cash")).items;
    const days = [...new Set(all.map((v) => day(v.expiresAt)))].sort();
    expect(days.length).toBeGreaterThan(2);
    const [from, to] = [days[1]!, days.at(-2)!];
    const within = (await allVouchers(alice.publicId, "cash", { expiresFrom: from, expiresTo: to })).items;
    expect(within.map((v) => v.id)).toEqual(all.filter((v) => day(v.expiresAt) >= from && day(v.expiresAt) <= to).map((v) => v.id));
    const oneDay = (await allVouchers(alice.publicId, "cash", { expiresFrom: from, expiresTo: from })).items;
    expect(oneDay.length).toBeGreaterThan(0);
    expect(oneDay.every((v) => day(v.expiresAt) === from)).toBe(true);
  });

  it("lists only the named account's vouchers", async () => {
    const { db } = getDatabase();
    for (const account of [alice, bob]) {
      const ids = (await allVouchers(account.publicId, "compute")).items.map((v) => v.id).sort();
      const stored = await db.select({ id: vouchers.publicId }).from(vouchers).where(and(eq(vouchers.accountId, account.id), eq(vouchers.kind, "compute")));
      expect(ids).toEqual(stored.map((v) => v.id).sort());
    }
  });

  it("pages through a whole tab with cursors: the same list as unpaged, no duplicate, no gap", async () => {
    for (const kind of VOUCHER_KINDS) {
      for (const filter of [{}, { status: "available" }] as Array<Record<string, string>>) {
        const unpaged = (await allVouchers(alice.publicId, kind, filter)).items;
        const walked = await walk<Voucher>((q) => vouchersPath(alice.publicId, { kind, ...q }), filter, 2);
        expect(walked.items).toEqual(unpaged);
        expect(new Set(walked.items.map((v) => v.id)).size).toBe(walked.items.length);
        if (unpaged.length > 2) expect(walked.pages).toBeGreaterThan(1);
      }
    }
  });
});

describe("GET /api/v1/accounts/{accountId}/usage", () => {
  it("lists the account's records newest first, as the page's core does", async () => {
    const { db } = getDatabase();
    const list = await allUsage(alice.publicId);
    expect(list.nextCursor).toBeNull();
    const stored = await db.select({ id: usageRecords.id }).from(usageRecords).where(eq(usageRecords.accountId, alice.id));
    expect(list.items.length).toBe(stored.length);
    const times = list.items.map((r) => r.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const core = await listUsageFor(alice.id, {}, { pageSize: 500, locale: "en" });
    expect(list.items.map((r) => [r.createdAt, r.voucherId, r.kind, r.status])).toEqual(
      core.items.map((r) => [r.createdAt.toISOString(), r.voucherId, r.kind, r.status]),
    );
  });

  it("filters by exact Voucher ID: that voucher's records only; a prefix, or another account's voucher, matches nothing", async () => {
    const { db } = getDatabase();
    const all = (await allUsage(alice.publicId)).items;
    const voucherId = all.find((r) => r.voucherId !== null)!.voucherId!;
    const [voucher] = await db.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.publicId, voucherId));
    const stored = await db.select({ id: usageRecords.id }).from(usageRecords).where(eq(usageRecords.voucherId, voucher!.id));
    const filtered = (await allUsage(alice.publicId, { voucherId })).items;
    expect(filtered.length).toBe(stored.length);
    expect(filtered).toEqual(all.filter((r) => r.voucherId === voucherId));
    expect((await allUsage(alice.publicId, { voucherId: voucherId.slice(0, -2) })).items).toEqual([]);
    const bobsVoucher = (await allUsage(bob.publicId)).items.find((r) => r.voucherId !== null)!.voucherId!;
    expect((await allUsage(alice.publicId, { voucherId: bobsVoucher })).items).toEqual([]);
  });

  it("filters by status, with the failure's reason code on failed records only", async () => {
    const all = (await allUsage(alice.publicId)).items;
    for (const status of USAGE_STATUSES) {
      const filtered = (await allUsage(alice.publicId, { status })).items;
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered).toEqual(all.filter((r) => r.status === status));
    }
    const failed = (await allUsage(alice.publicId, { status: "failure" })).items;
    // The seed's failed attempt: a voucher that had expired.
    expect(failed[0]!.failure).toEqual({ reason: "voucher_not_usable", detail: expect.stringMatching(/expired/) });
    expect((await allUsage(alice.publicId, { status: "success" })).items.every((r) => r.failure === null)).toBe(true);
  });

  it("filters by kind and by days of the platform time zone", async () => {
    const all = (await allUsage(alice.publicId)).items;
    for (const kind of USAGE_KINDS) {
      expect((await allUsage(alice.publicId, { kind })).items, kind).toEqual(all.filter((r) => r.kind === kind));
    }
    const days = [...new Set(all.map((r) => day(r.createdAt)))].sort();
    expect(days.length).toBeGreaterThan(2);
    const [from, to] = [days[1]!, days.at(-2)!];
    const within = (await allUsage(alice.publicId, { from, to })).items;
    expect(within).toEqual(all.filter((r) => day(r.createdAt) >= from && day(r.createdAt) <= to));
  });

  it("pages through the whole history with cursors: the same list as unpaged, no duplicate, no gap", async () => {
    for (const filter of [{}, { status: "success" }, { kind: "cash" }] as Array<Record<string, string>>) {
      const unpaged = (await allUsage(alice.publicId, filter)).items;
      const walked = await walk<UsageRecord>((q) => usagePath(alice.publicId, q), filter, 3);
      expect(walked.items).toEqual(unpaged);
      expect(new Set(walked.items.map((r) => JSON.stringify(r))).size).toBe(walked.items.length);
      if (unpaged.length > 3) expect(walked.pages).toBeGreaterThan(1);
    }
  });

  it("the typed client walks the history page by page", async () => {
    const api = createBillingClient({ baseUrl: "http://localhost", apiKey: keys.read.secret, fetch: inProcessFetch });
    api.use(contractCheck(DOCUMENT));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const { data, error } = await api.GET("/api/v1/accounts/{accountId}/usage", {
        params: { path: { accountId: alice.publicId }, query: { status: "success", limit: 4, ...(cursor ? { cursor } : {}) } },
      });
      expect(error).toBeUndefined();
      seen.push(...data!.items.map((r) => JSON.stringify(r)));
      if (!data!.nextCursor) break;
      cursor = data!.nextCursor;
    }
    const unpaged = await api.GET("/api/v1/accounts/{accountId}/usage", { params: { path: { accountId: alice.publicId }, query: { status: "success", limit: 100 } } });
    expect(seen).toEqual(unpaged.data!.items.map((r) => JSON.stringify(r)));
    const compute = await api.GET("/api/v1/accounts/{accountId}/vouchers", { params: { path: { accountId: alice.publicId }, query: { kind: "compute" } } });
    expect(compute.data!.items.every((v) => v.kind === "compute" && v.providers !== null)).toBe(true);
  });
});

describe("cursors", () => {
  it("a cursor sent with other filters, to another account or to the other list is refused: 400, reason cursor", async () => {
    const first = await page<Voucher>(vouchersPath(alice.publicId, { kind: "cash", limit: 1 }));
    const cursor = first.nextCursor!;
    expect(cursor).toEqual(expect.any(String));
    const usageCursor = (await page<UsageRecord>(usagePath(alice.publicId, { limit: 1 }))).nextCursor!;
    for (const path of [
      vouchersPath(alice.publicId, { kind: "cash", status: "available", cursor }),
      vouchersPath(alice.publicId, { kind: "compute", cursor }),
      vouchersPath(alice.publicId, { kind: "cash", expiresTo: "2999-01-01", cursor }),
      vouchersPath(bob.publicId, { kind: "cash", cursor }),
      vouchersPath(alice.publicId, { kind: "cash", cursor: usageCursor }),
      usagePath(alice.publicId, { cursor }),
      usagePath(alice.publicId, { status: "failure", cursor: usageCursor }),
      usagePath(bob.publicId, { cursor: usageCursor }),
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.json, path).toMatchObject({ code: "invalid_input", reason: "cursor", status: 400 });
    }
    // The same cursors still work where they came from, however the filters are ordered.
    expect((await get(vouchersPath(alice.publicId, { limit: 1, cursor, kind: "cash" }))).status).toBe(200);
    expect((await get(usagePath(alice.publicId, { limit: 1, cursor: usageCursor }))).status).toBe(200);
  });

  it("a cursor that is not one, or one whose page cursor was altered, is refused alike", async () => {
    const cursor = (await page<Voucher>(vouchersPath(alice.publicId, { kind: "cash", limit: 1 }))).nextCursor!;
    const [pageCursor, tag] = [cursor.slice(0, cursor.lastIndexOf(".")), cursor.slice(cursor.lastIndexOf(".") + 1)];
    for (const bad of ["", "x", ".", `${pageCursor}`, `x.${tag}`, `${pageCursor.slice(1)}.${tag}`, `${cursor}x`]) {
      const response = await get(vouchersPath(alice.publicId, { kind: "cash", cursor: bad }));
      expect(response.status, bad).toBe(400);
      expect(response.json).toMatchObject({ reason: "cursor" });
    }
  });
});

describe("refusals", () => {
  const paths = (account: string) => [vouchersPath(account, { kind: "cash" }), usagePath(account)];

  it("404 for an unknown account, or a segment that can't be an account ID", async () => {
    for (const account of ["acc_doesnotexist000", "not-an-id"]) {
      for (const path of paths(account)) {
        const response = await get(path);
        expect(response.status, path).toBe(404);
        expect(response.json).toMatchObject({ code: "not_found" });
      }
    }
  });

  it("403 for a key without read, 401 for a revoked one", async () => {
    for (const path of paths(alice.publicId)) {
      const noRead = await get(path, keys.pay.secret);
      expect(noRead.status).toBe(403);
      expect(noRead.json).toMatchObject({ code: "forbidden", reason: "missing_scope", values: { scope: "read" } });
      expect((await get(path, keys.revoked.secret)).status).toBe(401);
      expect((await callApi({ path, secret: null })).status).toBe(401);
    }
  });

  it("422 with per-field errors for invalid filter values", async () => {
    const cases: Array<[string, string[]]> = [
      [vouchersPath(alice.publicId, {}), ["kind"]],
      [vouchersPath(alice.publicId, { kind: "gold" }), ["kind"]],
      [vouchersPath(alice.publicId, { kind: "cash", status: "spent" }), ["status"]],
      [vouchersPath(alice.publicId, { kind: "cash", expiresFrom: "2026-13-01" }), ["expiresFrom"]],
      [vouchersPath(alice.publicId, { kind: "cash", expiresFrom: "2026-06-02", expiresTo: "2026-06-01" }), ["expiresFrom", "expiresTo"]],
      [vouchersPath(alice.publicId, { kind: "cash", limit: 0 }), ["limit"]],
      [vouchersPath(alice.publicId, { kind: "cash", limit: 101 }), ["limit"]],
      [vouchersPath(alice.publicId, { kind: "cash", voucherId: "vch_x" }), ["voucherId"]],
      [usagePath(alice.publicId, { voucherId: "VCH-1" }), ["voucherId"]],
      [usagePath(alice.publicId, { status: "ok" }), ["status"]],
      [usagePath(alice.publicId, { kind: "gold" }), ["kind"]],
      [usagePath(alice.publicId, { from: "yesterday" }), ["from"]],
      [usagePath(alice.publicId, { from: "2026-06-02", to: "2026-06-01" }), ["from", "to"]],
      [usagePath(alice.publicId, { limit: "ten" }), ["limit"]],
      [usagePath(alice.publicId, { limit: "2.5" }), ["limit"]],
      [usagePath(alice.publicId, { voucher: "vch_x" }), ["voucher"]],
    ];
    for (const [path, fields] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(422);
      expect(response.json).toMatchObject({ code: "validation_failed" });
      const errors = response.json!.errors as Array<{ field: string; message: string }>;
      // A field may have several messages (each rule of the page's schema that it breaks), never another field.
      expect([...new Set(errors.map((e) => e.field))].sort(), path).toEqual(fields);
      expect(errors.every((e) => e.message.length > 0)).toBe(true);
    }
    const status = await get(usagePath(alice.publicId, { status: "ok" }));
    expect(status.json!.errors).toEqual([{ field: "status", message: "Choose a status from the list." }]);
  });
});

describe("after the suite", () => {
  it("every invariant holds (SPEC 10)", async () => {
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });
});
