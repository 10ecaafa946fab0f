/**
 * The session cookie cache (docs/security.md, "Session cookie cache") and the
 * pay and redeem actions that no longer render a page into their response.
 *
 * Real better-auth, real sessions and the real getViewer: only the request's
 * cookie header (next/headers) and Next's cache functions (next/cache, spied
 * on, to show that pay and redeem never call them) stand in for Next. Time is
 * the fake Date: better-auth stamps sessions and judges the cache's age with
 * the wall clock.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { products, sessions, users, vouchers } from "@/db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData, type SeedResult } from "@/db/seed";
import { getAuth, SESSION_CACHE_SECONDS } from "@/lib/auth";
import { quoteOrder } from "@/lib/dal/orders/quote";
import { viewerFromHeaders } from "@/lib/dal/session";
import type { Viewer } from "@/lib/dal/viewer";
import { shownPlanOf } from "@/lib/orders/shown-plan";
import { setupTestDatabase, viewerOf } from "./db";

const request = vi.hoisted(() => ({ cookie: "" }));
const nextCache = vi.hoisted(() => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
vi.mock("next/cache", () => nextCache);
vi.mock("next/headers", () => {
  const jar = () => {
    const pairs = request.cookie
      .split(";")
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const);
    return {
      get: (name: string) => pairs.filter(([n]) => n === name).map(([n, value]) => ({ name: n, value }))[0],
      getAll: () => pairs.map(([name, value]) => ({ name, value })),
      toString: () => request.cookie,
      set: () => undefined,
    };
  };
  return {
    cookies: async () => jar(),
    headers: async () => new Headers(request.cookie ? { cookie: request.cookie } : {}),
  };
});

const { redeemCodeAction } = await import("@/app/(billing)/billing/actions");
const { placeAndPayOrderAction, payOrderAction } = await import("@/app/(billing)/billing/orders/actions");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;

const T0 = new Date("2026-11-23T10:00:00Z");
const BOUND_MS = SESSION_CACHE_SECONDS * 1000;
let seeded: SeedResult;
let productPublicId: string;
let nextCode = 0;

/** Signs in over better-auth's API; the cookie header a browser would send next (session token and cache). */
async function signIn(email: string): Promise<{ cookie: string; token: string }> {
  const auth = await getAuth();
  const { headers, response } = await auth.api.signInEmail({ body: { email, password: DEMO_PASSWORD }, returnHeaders: true });
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  return { cookie, token: response.token };
}

const at = (ms: number) => vi.setSystemTime(new Date(T0.getTime() + ms));
const viewerFor = (cookie: string) => viewerFromHeaders(new Headers({ cookie }), new Date());
const revoke = (token: string) => db().delete(sessions).where(eq(sessions.token, token));
const cashCode = () => seeded.codes.filter((c) => c.kind === "cash")[nextCode++]!.code;

async function payInput(viewer: Viewer) {
  const quote = await quoteOrder(viewer, { productPublicId, quantity: 1 }, {}, new Date());
  if (!quote.result.ok) throw new Error(`no plan: ${quote.result.message}`);
  return { productPublicId, quantity: 1, requestKey: randomUUID(), plan: shownPlanOf(quote.result.plan) };
}

const countOf = async (table: typeof vouchers | typeof sessions) => (await db().select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  seeded = await seedDemoData(db(), T0);
  const [product] = await db().select({ publicId: products.publicId }).from(products).orderBy(products.unitPrice).limit(1);
  productPublicId = product!.publicId;
});

afterAll(() => {
  vi.useRealTimers();
});

beforeEach(() => {
  vi.setSystemTime(T0);
  request.cookie = "";
  nextCache.revalidatePath.mockClear();
  nextCache.revalidateTag.mockClear();
  nextCache.refresh.mockClear();
});

describe("the session cookie cache", () => {
  it("sign-in sets the cache cookie next to the session token", async () => {
    const { cookie } = await signIn(DEMO_USERS.alice);
    expect(cookie).toMatch(/session_token=/);
    expect(cookie).toMatch(/session_data=/);
    expect(await viewerFor(cookie)).toMatchObject({ email: DEMO_USERS.alice, role: "customer" });
  });

  it(`a customer's revoked session is refused once the cache is ${SESSION_CACHE_SECONDS} s old, and served from the cookie until then`, async () => {
    const { cookie, token } = await signIn(DEMO_USERS.alice);
    await revoke(token);
    // Within the bound the cookie answers alone: proof that no session query ran.
    at(BOUND_MS - 1_000);
    expect(await viewerFor(cookie)).toMatchObject({ email: DEMO_USERS.alice });
    at(BOUND_MS + 1_000);
    expect(await viewerFor(cookie)).toBeNull();
  });

  it("a session still alive is read from the database again after the bound (and the cache is then rewritten)", async () => {
    const { cookie } = await signIn(DEMO_USERS.alice);
    at(BOUND_MS + 1_000);
    expect(await viewerFor(cookie)).toMatchObject({ email: DEMO_USERS.alice });
  });

  it("a cache cookie without its session token, or with another session's token, is not a session", async () => {
    const alice = await signIn(DEMO_USERS.alice);
    const bob = await signIn(DEMO_USERS.bob);
    const only = (cookie: string, name: string) =>
      cookie
        .split("; ")
        .filter((c) => c.includes(name))
        .join("; ");
    expect(await viewerFor(only(alice.cookie, "session_data"))).toBeNull();
    // Alice's cache with Bob's token: the token decides, and it is Bob (read from the database).
    expect(await viewerFor(`${only(bob.cookie, "session_token")}; ${only(alice.cookie, "session_data")}`)).toMatchObject({ email: DEMO_USERS.bob });
  });

  it("sign-out deletes the session row and clears both cookies", async () => {
    const { cookie, token } = await signIn(DEMO_USERS.bob);
    const auth = await getAuth();
    const { headers } = await auth.api.signOut({ headers: new Headers({ cookie }), returnHeaders: true });
    const cleared = headers.getSetCookie().filter((c) => /Max-Age=0/i.test(c));
    expect(cleared.some((c) => c.includes("session_token="))).toBe(true);
    expect(cleared.some((c) => c.includes("session_data="))).toBe(true);
    expect(await db().select().from(sessions).where(eq(sessions.token, token))).toEqual([]);
    // What the browser sends after that: nothing.
    expect(await viewerFromHeaders(new Headers(), new Date())).toBeNull();
  });

  it("an admin's session is confirmed in the database on every request: a revoked one is refused at once", async () => {
    const { cookie, token } = await signIn(DEMO_USERS.admin);
    expect(await viewerFor(cookie)).toMatchObject({ role: "admin" });
    await revoke(token);
    at(1_000);
    expect(await viewerFor(cookie)).toBeNull();
  });

  it("an admin demoted in the database is a customer at once, whatever the cache says", async () => {
    const { cookie } = await signIn(DEMO_USERS.admin);
    // A customer has an account (a CHECK): give the demoted admin Bob's.
    const bob = await viewerOf(db(), DEMO_USERS.bob);
    await db().update(users).set({ role: "customer", billingAccountId: bob.accountId }).where(eq(users.email, DEMO_USERS.admin));
    try {
      expect(await viewerFor(cookie)).toMatchObject({ email: DEMO_USERS.admin, role: "customer", accountId: bob.accountId });
    } finally {
      await db().update(users).set({ role: "admin", billingAccountId: null }).where(eq(users.email, DEMO_USERS.admin));
    }
  });
});

describe("redeemCodeAction: returns the new voucher and renders nothing", () => {
  it("redeems onto the caller's account without revalidating any page", async () => {
    request.cookie = (await signIn(DEMO_USERS.bob)).cookie;
    const bob = await viewerOf(db(), DEMO_USERS.bob);
    const result = await redeemCodeAction({ code: cashCode(), kind: "cash" });
    expect(result).toMatchObject({ ok: true, data: { kind: "cash" } });
    if (!result.ok) return;
    const [voucher] = await db().select().from(vouchers).where(eq(vouchers.publicId, result.data.publicId));
    expect(voucher?.accountId).toBe(bob.accountId);
    expect(nextCache.revalidatePath).not.toHaveBeenCalled();
    expect(nextCache.revalidateTag).not.toHaveBeenCalled();
    expect(nextCache.refresh).not.toHaveBeenCalled();
  });

  it("refuses a signed-out caller and an admin without an account; nothing is redeemed", async () => {
    const before = await countOf(vouchers);
    const code = cashCode();
    expect(await redeemCodeAction({ code, kind: "cash" })).toMatchObject({ ok: false, code: "unauthenticated" });
    request.cookie = (await signIn(DEMO_USERS.admin)).cookie;
    expect(await redeemCodeAction({ code, kind: "cash" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await countOf(vouchers)).toBe(before);
  });

  it("refuses a revoked session once the cache bound has passed", async () => {
    const { cookie, token } = await signIn(DEMO_USERS.bob);
    request.cookie = cookie;
    await revoke(token);
    at(BOUND_MS + 1_000);
    const before = await countOf(vouchers);
    expect(await redeemCodeAction({ code: cashCode(), kind: "cash" })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await countOf(vouchers)).toBe(before);
  });
});

describe("placeAndPayOrderAction and payOrderAction: return the outcome and render nothing", () => {
  it("pays without revalidating any page; the order belongs to the caller", async () => {
    request.cookie = (await signIn(DEMO_USERS.bob)).cookie;
    const bob = await viewerOf(db(), DEMO_USERS.bob);
    const result = await placeAndPayOrderAction(await payInput(bob));
    expect(result).toMatchObject({ ok: true, data: { alreadyPaid: false } });
    expect(nextCache.revalidatePath).not.toHaveBeenCalled();
    expect(nextCache.refresh).not.toHaveBeenCalled();
    if (!result.ok) return;
    // Another customer cannot pay (or learn about) that order.
    request.cookie = (await signIn(DEMO_USERS.alice)).cookie;
    const alice = await viewerOf(db(), DEMO_USERS.alice);
    const again = await payOrderAction({ orderPublicId: result.data.orderPublicId, plan: (await payInput(alice)).plan });
    expect(again).toMatchObject({ ok: false, code: "not_found" });
    expect(nextCache.revalidatePath).not.toHaveBeenCalled();
  });

  it("refuses a signed-out caller, an admin without an account, and a revoked session past the bound", async () => {
    const bob = await viewerOf(db(), DEMO_USERS.bob);
    const input = await payInput(bob);
    expect(await placeAndPayOrderAction(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await payOrderAction({ orderPublicId: "ord_000000000000000000000", plan: input.plan })).toMatchObject({ ok: false, code: "unauthenticated" });
    request.cookie = (await signIn(DEMO_USERS.admin)).cookie;
    expect(await placeAndPayOrderAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    const { cookie, token } = await signIn(DEMO_USERS.bob);
    request.cookie = cookie;
    await revoke(token);
    at(BOUND_MS + 1_000);
    expect(await placeAndPayOrderAction({ ...input, requestKey: randomUUID() })).toMatchObject({ ok: false, code: "unauthenticated" });
  });
});
