/**
 * A plan that explains itself (issue 17): the order page's quote says why each
 * of the account's vouchers is left out and offers the other plans worth a
 * choice; picking one quotes, and pays, exactly that plan. Both drivers.
 */
import { randomUUID } from "node:crypto";
import { eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, products, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { topUp } from "@/lib/dal/cash";
import { placeAndPayOrder } from "@/lib/dal/orders/pay";
import { getMyOrder } from "@/lib/dal/orders/read";
import { quoteOrder, type Quote, type QuoteAlternative } from "@/lib/dal/orders/quote";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import type { ChoicesInput } from "@/lib/orders/request";
import { shownPlanOf } from "@/lib/orders/shown-plan";
import { addDays } from "@/lib/time";
import { findInvariantViolations } from "./invariants";
import { providerIdsOf, setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
const now = new Date("2026-11-23T08:00:00Z");
let viewer: Viewer;
let alice: Viewer;
let muxiProduct: string;
/** The account's vouchers by role in the scenario. */
const v: Record<"muxiSoon" | "muxiLater" | "maxx" | "cash" | "discount40" | "discount60" | "percentLater" | "serverlessOnly" | "expiredCash", string> = {
  muxiSoon: newPublicId("vch"),
  muxiLater: newPublicId("vch"),
  maxx: newPublicId("vch"),
  cash: newPublicId("vch"),
  discount40: newPublicId("vch"),
  discount60: newPublicId("vch"),
  percentLater: newPublicId("vch"),
  serverlessOnly: newPublicId("vch"),
  expiredCash: newPublicId("vch"),
};

/**
 * A fresh account: Muxi vouchers (¥100 expiring in 5 days, ¥80 in 60), a MaxXIntel
 * one, a ¥20 cash voucher, ¥40 off orders of ¥100, ¥60 off orders of ¥300, 20% off
 * from in 10 days, 10% off the Serverless product only, a long-expired cash voucher,
 * and ¥100 of cash. The order: 2 × Muxi at ¥50 = ¥100.
 */
beforeAll(async () => {
  const { db } = getDatabase();
  await seedDemoData(db, now);
  alice = await viewerOf(db, DEMO_USERS.alice);
  const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Explained", createdAt: now }).returning();
  viewer = { userId: "explained", email: "explained@example.com", name: "E", role: "customer", accountId: account!.id };
  const rows = await db.select().from(products);
  const muxi = rows.find((p) => p.name.startsWith("Muxi"))!;
  const serverless = rows.find((p) => p.name.startsWith("Serverless"))!;
  muxiProduct = muxi.publicId;
  const [maxxIntel, muxiProvider] = await providerIdsOf(db, "MaxXIntel", "Muxi");
  const base = { accountId: account!.id, effectiveAt: addDays(now, -1), createdAt: addDays(now, -1) };
  const stored = (publicId: string, kind: "cash" | "compute", value: number, days: number, providerIds: number[] | null = null) => ({
    ...base,
    publicId,
    kind,
    faceValue: value,
    balance: value,
    providerIds,
    expiresAt: addDays(now, days),
  });
  await db.insert(vouchers).values([
    stored(v.muxiSoon, "compute", 10_000, 5, [muxiProvider!]),
    stored(v.muxiLater, "compute", 8_000, 60, [muxiProvider!]),
    stored(v.maxx, "compute", 3_000, 30, [maxxIntel!]),
    stored(v.cash, "cash", 2_000, 30),
    { ...stored(v.expiredCash, "cash", 5_000, -3), effectiveAt: addDays(now, -40) },
    { ...base, publicId: v.discount40, kind: "discount", amountOff: 4_000, minOrderAmount: 10_000, expiresAt: addDays(now, 20) },
    { ...base, publicId: v.discount60, kind: "discount", amountOff: 6_000, minOrderAmount: 30_000, expiresAt: addDays(now, 20) },
    { ...base, publicId: v.percentLater, kind: "discount", payBasisPoints: 8_000, effectiveAt: addDays(now, 10), expiresAt: addDays(now, 40) },
    { ...base, publicId: v.serverlessOnly, kind: "discount", payBasisPoints: 9_000, scopeProductId: serverless.id, expiresAt: addDays(now, 20) },
  ]);
  await topUp(viewer, { amount: 10_000, requestKey: randomUUID() }, now);
});

const quote = (choices: ChoicesInput = {}, who: Viewer | null = viewer, locale: "en" | "zh-CN" = "en") => quoteOrder(who, { productPublicId: muxiProduct, quantity: 2 }, choices, now, locale, true);

/** Reason and sentence per voucher public id. */
const reasonsOf = (q: Quote) => Object.fromEntries(q.explanation!.unused.map((u) => [u.publicId, [u.reason, u.text]]));

const choicesOf = (a: QuoteAlternative): ChoicesInput => ({
  discount: a.choices.discount === "none" ? null : a.choices.discount,
  ...(a.choices.vouchers === null ? {} : { vouchers: a.choices.vouchers }),
});

const byLabel = (q: Quote, label: QuoteAlternative["label"]) => {
  const found = q.explanation!.alternatives.find((a) => a.label === label);
  if (!found) throw new Error(`no alternative ${label}`);
  return found;
};

describe("why a voucher is not in the plan", () => {
  it("the default plan (¥40 off) gives every other voucher of the account its reason, worded, and no long-dead voucher", async () => {
    const q = await quote();
    expect(q.result.ok && shownPlanOf(q.result.plan)).toEqual({ amount: 10_000, discount: { voucher: v.discount40, amount: 4_000 }, vouchers: [], cash: 6_000 });
    expect(reasonsOf(q)).toEqual({
      [v.muxiSoon]: ["discount_excludes_vouchers", `A discount is used (${v.discount40}), and a discount excludes other vouchers`],
      [v.muxiLater]: ["discount_excludes_vouchers", `A discount is used (${v.discount40}), and a discount excludes other vouchers`],
      [v.maxx]: ["another_provider", "For another provider (MaxXIntel)"],
      [v.cash]: ["discount_excludes_vouchers", `A discount is used (${v.discount40}), and a discount excludes other vouchers`],
      [v.discount60]: ["below_minimum", "Below the discount's minimum of ¥300.00"],
      // 2026-12-03 08:00 UTC is 16:00 in Asia/Shanghai, the platform zone.
      [v.percentLater]: ["not_effective", "Not effective until 2026-12-03"],
      [v.serverlessOnly]: ["another_product", "Only for orders of Serverless API - token package"],
    });
    expect(JSON.stringify(q.explanation)).not.toContain(v.expiredCash);
  });

  it("is worded in the request's language", async () => {
    const q = await quote({}, viewer, "zh-CN");
    const reasons = reasonsOf(q);
    expect(reasons[v.percentLater]).toEqual(["not_effective", "尚未生效，2026-12-03 起生效"]);
    expect(reasons[v.maxx]![1]).toBe("仅限其他算力提供方使用（MaxXIntel）");
    expect(byLabel(q, "best_discount").title).toBe("最优折扣");
  });
});

describe("alternative plans", () => {
  it("offers the plans worth a choice, each once, the default marked and the shown one current", async () => {
    const q = await quote();
    const alternatives = q.explanation!.alternatives;
    expect(alternatives.map((a) => [a.label, a.alsoLabels, a.isDefault, a.current])).toEqual([
      ["best_discount", [], true, true],
      ["vouchers", ["compute_vouchers"], false, false],
      ["cash_vouchers", [], false, false],
      ["cash_balance", [], false, false],
    ]);
    expect(byLabel(q, "best_discount")).toMatchObject({
      title: "Best discount",
      lines: [`¥40.00 off with discount voucher ${v.discount40}`, "¥60.00 from cash balance"],
      choices: { discount: v.discount40, vouchers: null },
    });
    expect(byLabel(q, "vouchers")).toMatchObject({
      lines: ["Uses ¥100.00 of Muxi computing power vouchers expiring 2026-11-28", "¥0.00 from cash balance"],
      choices: { discount: "none", vouchers: null },
      plan: { amount: 10_000, discount: null, vouchers: [{ voucher: v.muxiSoon, amount: 10_000 }], cash: 0 },
    });
    expect(byLabel(q, "cash_vouchers")).toMatchObject({
      lines: ["Uses ¥20.00 of cash vouchers expiring 2026-12-23", "¥80.00 from cash balance"],
      choices: { discount: "none", vouchers: [v.cash] },
    });
    expect(byLabel(q, "cash_balance").choices).toEqual({ discount: "none", vouchers: [] });
  });

  it("picking an alternative's choices quotes exactly its plan, and then explains that plan", async () => {
    const first = await quote();
    for (const alternative of first.explanation!.alternatives) {
      const picked = await quote(choicesOf(alternative));
      expect(picked.result.ok).toBe(true);
      if (!picked.result.ok) continue;
      expect(shownPlanOf(picked.result.plan)).toEqual(alternative.plan);
      expect(picked.explanation!.alternatives.filter((a) => a.current).map((a) => a.label)).toEqual([alternative.label]);
    }
    const onVouchers = await quote(choicesOf(byLabel(first, "vouchers")));
    expect(reasonsOf(onVouchers)).toMatchObject({
      [v.muxiLater]: ["expires_later", `Expires later than the vouchers used (${v.muxiSoon})`],
      [v.cash]: ["balance_covered", expect.stringMatching(/^Balance already covered/)],
      [v.discount40]: ["not_chosen", "Left out by your choice"],
      [v.maxx]: ["another_provider", "For another provider (MaxXIntel)"],
    });
  });

  it("Pay with the picked alternative's quote pays exactly that plan", async () => {
    const alternative = byLabel(await quote(), "vouchers");
    const picked = await quote(choicesOf(alternative));
    if (!picked.result.ok) throw new Error("no plan");
    const outcome = await placeAndPayOrder(
      viewer,
      { productPublicId: muxiProduct, quantity: 2, plan: { shown: shownPlanOf(picked.result.plan) }, requestKey: randomUUID() },
      now,
    );
    expect(outcome.ok).toBe(true);
    const order = await getMyOrder(viewer, outcome.orderPublicId, now);
    expect([order.discountAmount, order.voucherAmount, order.cashAmount]).toEqual([0, 10_000, 0]);
    expect(order.usage.filter((u) => u.status === "success").map((u) => [u.voucherPublicId, u.amount])).toEqual([[v.muxiSoon, 10_000]]);
    expect(await findInvariantViolations(getDatabase().db)).toEqual({});
  });
});

describe("authorization", () => {
  it("refuses a signed-out caller", async () => {
    await expect(quote({}, null)).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("never lists another account's vouchers, even when the caller names them", async () => {
    const { db } = getDatabase();
    const others = (await db.select({ publicId: vouchers.publicId }).from(vouchers).where(ne(vouchers.accountId, viewer.accountId!))).map((r) => r.publicId);
    expect(others.length).toBeGreaterThan(5);
    const aliceVouchers = (await db.select({ publicId: vouchers.publicId }).from(vouchers).where(eq(vouchers.accountId, alice.accountId!))).map((r) => r.publicId);
    const probes = [await quote(), await quote({ discount: null, vouchers: aliceVouchers.slice(0, 3) }), await quote({ discount: aliceVouchers[0]! })];
    for (const q of probes) {
      const text = JSON.stringify(q);
      for (const id of others) expect(text).not.toContain(id);
    }
    // Naming someone else's voucher is an unknown voucher: no plan, so nothing to explain, and the alternatives are the caller's own.
    expect(probes[1]!.result.ok).toBe(false);
    expect(probes[1]!.explanation!.unused).toEqual([]);
    expect(probes[1]!.explanation!.alternatives.map((a) => a.label)).toContain("best_discount");
    // And alice's quote names none of this account's vouchers.
    const hers = JSON.stringify(await quoteOrder(alice, { productPublicId: muxiProduct, quantity: 2 }, {}, now, "en", true));
    for (const id of Object.values(v)) expect(hers).not.toContain(id);
  });
});
