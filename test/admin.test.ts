/**
 * The admin DAL (SPEC 8) against a real database: issuing codes, granting,
 * voiding vouchers and batches, revoking codes, the catalog, look-ups and the
 * audit log. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findInvariantViolations } from "./invariants";
import { auditLog, orderItems, products, providers, redemptionCodes, voucherBatches, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData, type SeedResult } from "@/db/seed";
import type { TermsInput } from "@/lib/admin/terms-form";
import { voucherCodeSecret } from "@/lib/config";
import { getAccountDetail, searchAccounts } from "@/lib/dal/admin/accounts";
import { listAudit } from "@/lib/dal/admin/audit";
import { findCode, getBatch, issueBatch, listBatches, revokeCode, voidBatch } from "@/lib/dal/admin/batches";
import { createProduct, listCatalog, retireProduct, updateProduct } from "@/lib/dal/admin/catalog";
import { createProvider, listProviders, renameProvider } from "@/lib/dal/admin/providers";
import { getOrderDetail, searchOrders } from "@/lib/dal/admin/orders";
import { getVoucherDetail, grantVoucher, searchVouchers, voidVoucher } from "@/lib/dal/admin/vouchers";
import { redeemCode } from "@/lib/dal/redeem";
import { listMyOrders } from "@/lib/dal/orders/read";
import { listProducts } from "@/lib/dal/products";
import { getMyAmountsSummary, listMyVouchers } from "@/lib/dal/vouchers";
import type { Viewer } from "@/lib/dal/viewer";
import { addDays } from "@/lib/time";
import { formatCodeForDisplay, parseCode } from "@/lib/vouchers/code";
import { hashCode } from "@/lib/vouchers/code-crypto";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { databaseText, fingerprint } from "./admin-db";
import { providerIdsOf, setupTestDatabase, viewerOf } from "./db";

// Lets one test force the CSPRNG's first codes, to prove a clash with an earlier batch is handled.
const forced = vi.hoisted(() => ({ codes: null as string[] | null }));
vi.mock("@/lib/vouchers/code-crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/vouchers/code-crypto")>();
  return {
    ...actual,
    generateCodes: (format: Parameters<typeof actual.generateCodes>[0], n: number) => {
      const first = forced.codes;
      if (!first) return actual.generateCodes(format, n);
      forced.codes = null;
      return [...first, ...actual.generateCodes(format, n - first.length)];
    },
  };
});

const getDatabase = setupTestDatabase();
const now = new Date("2026-11-23T08:00:00Z");
let seeded: SeedResult;
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
let ctxSerial = 0;
const ctx = (at = now) => ({ ip: `203.0.113.${++ctxSerial % 250}`, now: at });

const db = () => getDatabase().db;
const compute = (faceValue = 30_000): TermsInput => ({ kind: "compute", faceValue, providers: ["MaxXIntel", "Muxi"] });
const cash = (faceValue = 5_000): TermsInput => ({ kind: "cash", faceValue });
const days30 = { type: "days" as const, days: 30 };

async function issue(terms: TermsInput, quantity: number, at = now) {
  return issueBatch(admin, { name: `Batch ${++ctxSerial}`, terms, validity: days30, redeemBy: null, quantity }, at);
}

async function auditOf(targetId: string) {
  return db().select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(desc(auditLog.id));
}

beforeAll(async () => {
  seeded = await seedDemoData(db(), now);
  alice = await viewerOf(db(), DEMO_USERS.alice);
  bob = await viewerOf(db(), DEMO_USERS.bob);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

afterEach(() => {
  forced.codes = null;
  vi.restoreAllMocks();
});

describe("issuing a batch", () => {
  it("returns CSPRNG codes of the kind's format, stores only their keyed hashes, and writes no plain code anywhere", async () => {
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    const issued = await issue(compute(), 40);
    const cashIssued = await issue(cash(), 40);
    expect(issued.codes).toHaveLength(40);
    expect(new Set(issued.codes).size).toBe(40);
    for (const code of issued.codes) expect(parseCode(code)).toMatchObject({ ok: true, format: "digits16" });
    for (const code of cashIssued.codes) expect(parseCode(code)).toMatchObject({ ok: true, format: "base32x20" });

    const [batch] = await db().select().from(voucherBatches).where(eq(voucherBatches.publicId, issued.batchPublicId));
    const stored = await db().select().from(redemptionCodes).where(eq(redemptionCodes.batchId, batch!.id));
    const secret = voucherCodeSecret();
    expect(new Set(stored.map((c) => c.codeHash))).toEqual(new Set(issued.codes.map((c) => hashCode(c, secret))));
    expect(stored.map((c) => c.last4).sort()).toEqual(issued.codes.map((c) => c.slice(-4)).sort());

    const everything = await databaseText(db());
    for (const code of [...issued.codes, ...cashIssued.codes]) {
      expect(everything.includes(code)).toBe(false);
      expect(everything.includes(formatCodeForDisplay(code))).toBe(false);
      expect(everything.toLowerCase().includes(code.toLowerCase())).toBe(false);
      expect(logged.some((line) => line.includes(code))).toBe(false);
    }
  });

  it("the issued codes redeem (each once), with the batch's terms", async () => {
    const issued = await issue(compute(12_300), 3);
    const first = await redeemCode(alice, { code: issued.codes[0]!, kind: "compute" }, ctx());
    expect(first.ok).toBe(true);
    const again = await redeemCode(bob, { code: issued.codes[0]!, kind: "compute" }, ctx());
    expect(again).toMatchObject({ ok: false, failure: { code: "already_redeemed" } });
    if (!first.ok) return;
    const [v] = await db().select().from(vouchers).where(eq(vouchers.publicId, first.value.publicId));
    // "MaxXIntel" and "Muxi" were resolved to the catalogue's providers: the voucher holds their ids.
    expect(v).toMatchObject({ kind: "compute", faceValue: 12_300, balance: 12_300, providerIds: await providerIdsOf(db(), "MaxXIntel", "Muxi") });
  });

  it("replaces a code that an earlier batch already holds, so every code shown is a stored, redeemable one", async () => {
    const existing = seeded.codes.find((c) => c.kind === "compute")!.code;
    forced.codes = [existing];
    const issued = await issue(compute(), 3);
    expect(issued.codes).toHaveLength(3);
    expect(issued.codes).not.toContain(existing);
    const [batch] = await db().select().from(voucherBatches).where(eq(voucherBatches.publicId, issued.batchPublicId));
    const stored = await db().select().from(redemptionCodes).where(eq(redemptionCodes.batchId, batch!.id));
    expect(new Set(stored.map((c) => c.codeHash))).toEqual(new Set(issued.codes.map((c) => hashCode(c, voucherCodeSecret()))));
    // The earlier batch's code is untouched.
    const [old] = await db().select().from(redemptionCodes).where(eq(redemptionCodes.codeHash, hashCode(existing, voucherCodeSecret())));
    expect(old!.batchId).not.toBe(batch!.id);
  });

  it("writes a batch.issue audit row with the terms and quantity, never a code", async () => {
    const issued = await issue(cash(7_700), 2);
    const rows = await auditOf(issued.batchPublicId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "batch.issue", targetType: "batch", actorUserId: admin.userId, before: null });
    expect(rows[0]!.after).toMatchObject({ kind: "cash", faceValue: 7_700, quantity: 2, validDays: 30 });
    expect(JSON.stringify(rows[0])).not.toContain(issued.codes[0]!);
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    const before = await fingerprint(db());
    const base = { name: "x", terms: cash(), validity: days30, redeemBy: null, quantity: 1 };
    await expect(issueBatch(admin, { ...base, quantity: 0 }, now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(issueBatch(admin, { ...base, quantity: 100_001 }, now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(issueBatch(admin, { ...base, redeemBy: addDays(now, -1) }, now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      issueBatch(admin, { ...base, validity: { type: "fixed", effectiveAt: addDays(now, -10), expiresAt: addDays(now, -1) } }, now),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      issueBatch(admin, { ...base, terms: { kind: "discount", discount: { type: "amount_off", amountOff: 100, minOrderAmount: null, productPublicId: "prd_nosuchproduct" } } }, now),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("a discount batch scoped to a product stores its terms", async () => {
    const [product] = await db().select().from(products).where(isNull(products.retiredAt)).limit(1);
    const issued = await issueBatch(
      admin,
      {
        name: "Percent",
        terms: { kind: "discount", discount: { type: "percent_off", payBasisPoints: 8_500, maxDiscount: 2_000, productPublicId: product!.publicId } },
        validity: { type: "fixed", effectiveAt: now, expiresAt: addDays(now, 10) },
        redeemBy: addDays(now, 5),
        quantity: 2,
      },
      now,
    );
    const detail = await getBatch(admin, issued.batchPublicId, now);
    expect(detail).toMatchObject({
      kind: "discount",
      terms: { type: "percent_off", payBasisPoints: 8_500, maxDiscount: 2_000, productId: product!.id },
      scopeProductName: product!.name,
      codes: { total: 2, unredeemed: 2, redeemed: 0, revoked: 0 },
    });
  });
});

describe("granting a voucher", () => {
  it("creates a voucher on the customer's account with no code, visible to the customer, with an audit row", async () => {
    const granted = await grantVoucher(admin, { accountEmail: "ALICE@example.com", terms: cash(4_200), validity: days30, reason: "Outage compensation" }, now);
    const [v] = await db().select().from(vouchers).where(eq(vouchers.publicId, granted.publicId));
    expect(v).toMatchObject({ accountId: alice.accountId, batchId: null, codeId: null, faceValue: 4_200, balance: 4_200, grantedBy: admin.userId });
    expect(v!.effectiveAt).toEqual(now);
    expect(v!.expiresAt).toEqual(addDays(now, 30));
    const page = await listMyVouchers(alice, "cash", now, {}, { pageSize: 500 });
    expect(page.items.map((i) => i.publicId)).toContain(granted.publicId);
    const [row] = await auditOf(granted.publicId);
    expect(row).toMatchObject({ action: "voucher.grant", reason: "Outage compensation" });
    expect(row!.after).toMatchObject({ kind: "cash", faceValue: 4_200 });
  });

  it("refuses an email without a customer account (the admin has none)", async () => {
    await expect(grantVoucher(admin, { accountEmail: "nobody@example.com", terms: cash(), validity: days30, reason: "Test grant" }, now)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(grantVoucher(admin, { accountEmail: DEMO_USERS.admin, terms: cash(), validity: days30, reason: "Test grant" }, now)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("voiding a voucher", () => {
  async function availableVoucher(viewer: Viewer, kind: StoredValueKind) {
    const page = await listMyVouchers(viewer, kind, now, { status: "available" }, { pageSize: 500 });
    // A partly used one, so used, voided and balance all move.
    const v = page.items.find((i) => i.balance !== null && i.faceValue !== null && i.balance < i.faceValue) ?? page.items[0]!;
    return v;
  }

  for (const kind of ["cash", "compute"] as const) {
    it(`keeps the SPEC 4 formula exact: the ${kind} remainder moves from Balance to Voided, Used stays`, async () => {
      const v = await availableVoucher(bob, kind);
      const before = await getMyAmountsSummary(bob, kind, now);
      const result = await voidVoucher(admin, { voucherPublicId: v.publicId, reason: "Issued by mistake" }, now);
      expect(result.voidedAmount).toBe(v.balance);
      const after = await getMyAmountsSummary(bob, kind, now);
      expect(after).toEqual({
        ...before,
        voided: before.voided + v.balance!,
        balance: before.balance - v.balance!,
      });
      expect(after.balance).toBe(after.totalFaceValue - after.used - after.expired - after.voided - after.notEffective);
      const page = await listMyVouchers(bob, kind, now, { status: "voided" }, { pageSize: 500 });
      expect(page.items.find((i) => i.publicId === v.publicId)).toMatchObject({ status: "voided", voidReason: "Issued by mistake", balance: v.balance });
      expect(await findInvariantViolations(db())).toEqual({});
    });
  }

  it("records who, when, before and after in the same transaction, and refuses a second void", async () => {
    const v = await availableVoucher(alice, "cash");
    await voidVoucher(admin, { voucherPublicId: v.publicId, reason: "Fraud suspected" }, now);
    const [row] = await auditOf(v.publicId);
    expect(row).toMatchObject({ action: "voucher.void", actorUserId: admin.userId, reason: "Fraud suspected", createdAt: now });
    expect(row!.before).toMatchObject({ status: "available", balance: v.balance, voidedAt: null });
    expect(row!.after).toMatchObject({ status: "voided", voidedAmount: v.balance });
    const [stored] = await db().select().from(vouchers).where(eq(vouchers.publicId, v.publicId));
    expect(stored).toMatchObject({ voidedBy: admin.userId, voidReason: "Fraud suspected", balance: v.balance });

    const before = await fingerprint(db());
    await expect(voidVoucher(admin, { voucherPublicId: v.publicId, reason: "Again" }, now)).rejects.toMatchObject({ code: "conflict" });
    await expect(voidVoucher(admin, { voucherPublicId: "vch_doesnotexist00", reason: "Nope" }, now)).rejects.toMatchObject({ code: "not_found" });
    await expect(voidVoucher(admin, { voucherPublicId: v.publicId, reason: " " }, now)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("shows the voucher's detail with its usage history", async () => {
    const [used] = await db()
      .select({ publicId: vouchers.publicId })
      .from(vouchers)
      .where(and(eq(vouchers.accountId, alice.accountId!), sql`${vouchers.balance} = 0`))
      .limit(1);
    const detail = await getVoucherDetail(admin, used!.publicId, now);
    expect(detail.status).toBe("used");
    expect(detail.usage.length).toBeGreaterThan(0);
    expect(detail.usage[0]!.orderPublicId).toMatch(/^ord_/);
    await expect(getVoucherDetail(admin, "vch_doesnotexist00", now)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("voiding a batch and revoking codes", () => {
  it("voids the batch's vouchers and makes its unredeemed codes invalid", async () => {
    const issued = await issue(compute(20_000), 3);
    const redeemed = await redeemCode(alice, { code: issued.codes[0]!, kind: "compute" }, ctx());
    expect(redeemed.ok).toBe(true);
    if (!redeemed.ok) return;
    const summaryBefore = await getMyAmountsSummary(alice, "compute", now);

    const result = await voidBatch(admin, { batchPublicId: issued.batchPublicId, reason: "Leaked on a forum" }, now);
    expect(result).toEqual({ batchPublicId: issued.batchPublicId, vouchersVoided: 1, voidedAmount: 20_000, codesRevoked: 2 });

    for (const code of issued.codes.slice(1)) {
      expect(await redeemCode(bob, { code, kind: "compute" }, ctx())).toMatchObject({ ok: false, failure: { code: "invalid" } });
      expect(await findCode(admin, code, now)).toMatchObject({ state: "revoked", batch: { publicId: issued.batchPublicId } });
    }
    const [v] = await db().select().from(vouchers).where(eq(vouchers.publicId, redeemed.value.publicId));
    expect(v!.voidedAt).toEqual(now);
    const summaryAfter = await getMyAmountsSummary(alice, "compute", now);
    expect(summaryAfter.voided).toBe(summaryBefore.voided + 20_000);
    expect(summaryAfter.balance).toBe(summaryAfter.totalFaceValue - summaryAfter.used - summaryAfter.expired - summaryAfter.voided - summaryAfter.notEffective);

    const [batchRow] = await auditOf(issued.batchPublicId);
    expect(batchRow).toMatchObject({ action: "batch.void", reason: "Leaked on a forum" });
    expect(batchRow!.after).toMatchObject({ vouchersVoided: 1, codesRevoked: 2, voidedAmount: 20_000 });
    const [voucherRow] = await auditOf(redeemed.value.publicId);
    expect(voucherRow).toMatchObject({ action: "voucher.void" });
    expect(voucherRow!.after).toMatchObject({ voidedAmount: 20_000, batch: issued.batchPublicId });

    await expect(voidBatch(admin, { batchPublicId: issued.batchPublicId, reason: "Again" }, now)).rejects.toMatchObject({ code: "conflict" });
    expect(await getBatch(admin, issued.batchPublicId, now)).toMatchObject({ codes: { total: 3, redeemed: 1, revoked: 2, unredeemed: 0 }, voucherCount: 1 });
  });

  it("a batch voided without revoking is still refused at redemption (the batch check)", async () => {
    const issued = await issue(cash(), 1);
    await db().update(voucherBatches).set({ voidedAt: now, voidedBy: admin.userId, voidReason: "direct" }).where(eq(voucherBatches.publicId, issued.batchPublicId));
    expect(await redeemCode(alice, { code: issued.codes[0]!, kind: "cash" }, ctx())).toMatchObject({ ok: false, failure: { code: "invalid" } });
  });

  it("revokes one unredeemed code: it no longer redeems; a redeemed or revoked code is refused", async () => {
    const issued = await issue(cash(), 3);
    const [toRevoke, toRedeem, untouched] = issued.codes as [string, string, string];
    const grouped = formatCodeForDisplay(toRevoke).toLowerCase();
    const result = await revokeCode(admin, { code: grouped, reason: "Customer reported it stolen" }, now);
    expect(result.targetId).toBe(`${issued.batchPublicId}:${toRevoke.slice(-4)}`);
    expect(await redeemCode(alice, { code: toRevoke, kind: "cash" }, ctx())).toMatchObject({ ok: false, failure: { code: "invalid" } });
    expect(await redeemCode(alice, { code: untouched, kind: "cash" }, ctx())).toMatchObject({ ok: true });

    const redeemed = await redeemCode(alice, { code: toRedeem, kind: "cash" }, ctx());
    expect(redeemed.ok).toBe(true);
    await expect(revokeCode(admin, { code: toRedeem, reason: "Too late" }, now)).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeCode(admin, { code: toRevoke, reason: "Twice" }, now)).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeCode(admin, { code: "1234", reason: "Bad format" }, now)).rejects.toMatchObject({ code: "invalid_input" });

    const rows = await auditOf(result.targetId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "code.revoke", targetType: "code", reason: "Customer reported it stolen" });
    expect(JSON.stringify(rows[0])).not.toContain(toRevoke);

    expect(await findCode(admin, toRedeem, now)).toMatchObject({ state: "redeemed", voucherPublicId: redeemed.ok ? redeemed.value.publicId : "" });
    expect(await findCode(admin, untouched, now)).toMatchObject({ state: "redeemed" });
    await expect(findCode(admin, seeded.codes[0]!.code.slice(0, -1) + (seeded.codes[0]!.code.endsWith("0") ? "1" : "0"), now)).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("lists batches newest first with their code counts", async () => {
    const issued = await issue(cash(), 2, addDays(now, 1));
    const list = await listBatches(admin);
    expect(list[0]).toMatchObject({ publicId: issued.batchPublicId, codes: { total: 2, unredeemed: 2 }, createdByEmail: DEMO_USERS.admin });
  });
});

describe("catalog", () => {
  it("creates, edits and retires products; an order keeps the price it was placed at", async () => {
    const created = await createProduct(admin, { name: "Muxi - Inference hours", unitPrice: 1_500, provider: "Muxi" }, now);
    expect((await listProducts(alice)).map((p) => p.publicId)).toContain(created.publicId);

    const [item] = await db().select().from(orderItems).limit(1);
    const [ordered] = await db().select().from(products).where(eq(products.id, item!.productId));
    const orderedProvider = (await listCatalog(admin)).find((p) => p.publicId === ordered!.publicId)!.providerPublicId;
    await updateProduct(admin, { productPublicId: ordered!.publicId, name: ordered!.name, unitPrice: ordered!.unitPrice + 999, provider: orderedProvider }, now);
    const [itemAfter] = await db().select().from(orderItems).where(eq(orderItems.id, item!.id));
    expect(itemAfter!.unitPrice).toBe(item!.unitPrice);
    const [updateRow] = await auditOf(ordered!.publicId);
    expect(updateRow).toMatchObject({ action: "product.update", before: { unitPrice: ordered!.unitPrice }, after: { unitPrice: ordered!.unitPrice + 999 } });
    // Put the price back for the other tests.
    await updateProduct(admin, { productPublicId: ordered!.publicId, name: ordered!.name, unitPrice: ordered!.unitPrice, provider: orderedProvider }, now);
    expect(await updateProduct(admin, { productPublicId: ordered!.publicId, name: ordered!.name, unitPrice: ordered!.unitPrice, provider: orderedProvider }, now)).toEqual({
      changed: false,
    });

    await retireProduct(admin, { productPublicId: created.publicId }, now);
    expect((await listProducts(alice)).map((p) => p.publicId)).not.toContain(created.publicId);
    expect((await listCatalog(admin)).find((p) => p.publicId === created.publicId)?.retiredAt).toEqual(now);
    await expect(retireProduct(admin, { productPublicId: created.publicId }, now)).rejects.toMatchObject({ code: "conflict" });
    expect((await auditOf(created.publicId)).map((r) => r.action)).toEqual(["product.retire", "product.create"]);
    // "Muxi" named the catalogue's provider: the product holds its id and shows its name.
    const muxi = (await listProviders(admin)).find((p) => p.name === "Muxi")!;
    expect((await listCatalog(admin)).find((p) => p.publicId === created.publicId)).toMatchObject({ provider: "Muxi", providerPublicId: muxi.publicId });
  });

  it("a product's provider is one of the catalogue, chosen by id or by name ignoring case; an unknown one is refused", async () => {
    const muxi = (await listProviders(admin)).find((p) => p.name === "Muxi")!;
    const byId = await createProduct(admin, { name: "Muxi - Training hours", unitPrice: 2_000, provider: muxi.publicId }, now);
    const byName = await createProduct(admin, { name: "Muxi - Storage", unitPrice: 300, provider: "  MUXI " }, now);
    const catalog = await listCatalog(admin);
    for (const created of [byId, byName]) expect(catalog.find((p) => p.publicId === created.publicId)?.providerPublicId).toBe(muxi.publicId);
    const [audit] = await auditOf(byName.publicId);
    expect(audit?.after).toMatchObject({ provider: { id: muxi.publicId, name: "Muxi" } });

    const before = await fingerprint(db());
    await expect(createProduct(admin, { name: "Typo GPU", unitPrice: 100, provider: "Muxl" }, now)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining('no provider named "Muxl"'),
    });
    await expect(updateProduct(admin, { productPublicId: byId.publicId, name: "Muxi - Training hours", unitPrice: 2_000, provider: "prv_doesnotexist00" }, now)).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("refuses a negative price or a blank name", async () => {
    await expect(createProduct(admin, { name: " ", unitPrice: 100, provider: null }, now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createProduct(admin, { name: "X", unitPrice: -1, provider: null }, now)).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("look-ups", () => {
  it("finds vouchers by Voucher ID and by account email", async () => {
    const mine = await listMyVouchers(bob, "cash", now, {}, { pageSize: 500 });
    const target = mine.items[0]!;
    expect((await searchVouchers(admin, { voucherId: target.publicId }, now)).map((v) => v.publicId)).toEqual([target.publicId]);
    const byEmail = await searchVouchers(admin, { email: "Bob@Example.com" }, now);
    expect(byEmail.length).toBeGreaterThanOrEqual(mine.items.length);
    expect(new Set(byEmail.map((v) => v.accountPublicId)).size).toBe(1);
    expect(await searchVouchers(admin, {}, now)).toEqual([]);
  });

  it("finds accounts by email and shows balances that agree with the customer's own view", async () => {
    const found = await searchAccounts(admin, "ali");
    expect(found.map((a) => a.emails)).toContainEqual([DEMO_USERS.alice]);
    expect(await searchAccounts(admin, "%")).toEqual([]);
    const detail = await getAccountDetail(admin, found.find((a) => a.emails.includes(DEMO_USERS.alice))!.publicId, now);
    expect(detail.amounts.cash).toEqual(await getMyAmountsSummary(alice, "cash", now));
    expect(detail.amounts.compute).toEqual(await getMyAmountsSummary(alice, "compute", now));
    expect(detail.orders.map((o) => o.publicId).sort()).toEqual((await listMyOrders(alice, now)).map((o) => o.publicId).sort());
    await expect(getAccountDetail(admin, "acc_doesnotexist00", now)).rejects.toMatchObject({ code: "not_found" });
  });

  it("finds orders by ID, email and status, with a detail that says what is left to refund", async () => {
    const bobs = await searchOrders(admin, { email: DEMO_USERS.bob }, now);
    expect(bobs.length).toBeGreaterThan(0);
    const paid = await searchOrders(admin, { email: DEMO_USERS.bob, status: "partially_refunded" }, now);
    expect(paid.every((o) => o.status === "partially_refunded")).toBe(true);
    const one = paid[0]!;
    expect(await searchOrders(admin, { orderId: one.publicId }, now)).toHaveLength(1);
    const detail = await getOrderDetail(admin, one.publicId, now);
    expect(detail.refundable).toBe(detail.voucherAmount + detail.cashAmount - detail.refundedAmount);
    expect(detail.refunds.length).toBeGreaterThan(0);
    expect(detail.usage.length).toBeGreaterThan(0);
  });
});

describe("the audit log", () => {
  it("filters by actor, action, target and day", async () => {
    const issued = await issue(cash(), 1, addDays(now, 3));
    const byTarget = await listAudit(admin, { targetId: issued.batchPublicId });
    expect(byTarget.items.map((i) => i.action)).toEqual(["batch.issue"]);
    expect(byTarget.items[0]!.actor).toEqual({ email: DEMO_USERS.admin });
    const byAction = await listAudit(admin, { action: "batch.issue", actorEmail: "ADMIN@example.com" });
    expect(byAction.items.length).toBeGreaterThan(1);
    expect(byAction.items.every((i) => i.action === "batch.issue")).toBe(true);
    expect((await listAudit(admin, { actorEmail: DEMO_USERS.alice })).items).toEqual([]);
    const day = addDays(now, 3).toISOString().slice(0, 10);
    const onDay = await listAudit(admin, { from: day, to: day });
    expect(onDay.items.map((i) => i.targetId)).toContain(issued.batchPublicId);
    expect(onDay.items.every((i) => Math.abs(i.createdAt.getTime() - addDays(now, 3).getTime()) < 86_400_000)).toBe(true);
  });

  it("pages with a keyset cursor without gaps or repeats", async () => {
    const all = await listAudit(admin, {}, undefined, 500);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAudit(admin, {}, cursor, 7);
      seen.push(...page.items.map((i) => `${i.createdAt.toISOString()} ${i.action} ${i.targetId}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => `${i.createdAt.toISOString()} ${i.action} ${i.targetId}`));
    await expect(listAudit(admin, {}, "garbage")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("is append-only: the database refuses UPDATE, DELETE and TRUNCATE", async () => {
    const [row] = await db().select().from(auditLog).limit(1);
    await expect(db().execute(sql`UPDATE audit_log SET reason = 'rewritten' WHERE id = ${row!.id}`)).rejects.toThrow();
    await expect(db().execute(sql`DELETE FROM audit_log WHERE id = ${row!.id}`)).rejects.toThrow();
    await expect(db().execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    const [after] = await db().select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(after).toEqual(row);
  });
});

describe("only admins", () => {
  it("every admin DAL function refuses a customer and a signed-out caller, and changes nothing", async () => {
    const issued = await issue(cash(), 2);
    const [product] = await db().select().from(products).limit(1);
    const [provider] = await db().select().from(providers).limit(1);
    const [voucher] = await db().select().from(vouchers).where(isNull(vouchers.voidedAt)).limit(1);
    const [order] = await searchOrders(admin, {}, now);
    const accounts = await searchAccounts(admin, "");
    const calls: Array<[string, (v: Viewer | null) => Promise<unknown>]> = [
      ["issueBatch", (v) => issueBatch(v, { name: "x", terms: cash(), validity: days30, redeemBy: null, quantity: 1 }, now)],
      ["voidBatch", (v) => voidBatch(v, { batchPublicId: issued.batchPublicId, reason: "Nope nope" }, now)],
      ["revokeCode", (v) => revokeCode(v, { code: issued.codes[0]!, reason: "Nope nope" }, now)],
      ["findCode", (v) => findCode(v, issued.codes[0]!, now)],
      ["listBatches", (v) => listBatches(v)],
      ["getBatch", (v) => getBatch(v, issued.batchPublicId, now)],
      ["grantVoucher", (v) => grantVoucher(v, { accountEmail: DEMO_USERS.alice, terms: cash(), validity: days30, reason: "Nope nope" }, now)],
      ["voidVoucher", (v) => voidVoucher(v, { voucherPublicId: voucher!.publicId, reason: "Nope nope" }, now)],
      ["searchVouchers", (v) => searchVouchers(v, { voucherId: voucher!.publicId }, now)],
      ["getVoucherDetail", (v) => getVoucherDetail(v, voucher!.publicId, now)],
      ["searchAccounts", (v) => searchAccounts(v, "")],
      ["getAccountDetail", (v) => getAccountDetail(v, accounts[0]!.publicId, now)],
      ["searchOrders", (v) => searchOrders(v, {}, now)],
      ["getOrderDetail", (v) => getOrderDetail(v, order!.publicId, now)],
      ["listCatalog", (v) => listCatalog(v)],
      ["listProviders", (v) => listProviders(v)],
      ["createProvider", (v) => createProvider(v, { name: "Nope", reason: "Nope nope", requestKey: randomUUID() }, now)],
      ["renameProvider", (v) => renameProvider(v, { providerPublicId: provider!.publicId, name: "Nope", reason: "Nope nope" }, now)],
      ["createProduct", (v) => createProduct(v, { name: "Nope", unitPrice: 1, provider: null }, now)],
      ["updateProduct", (v) => updateProduct(v, { productPublicId: product!.publicId, name: "Nope", unitPrice: 1, provider: null }, now)],
      ["retireProduct", (v) => retireProduct(v, { productPublicId: product!.publicId }, now)],
      ["listAudit", (v) => listAudit(v, {})],
    ];
    const before = await fingerprint(db());
    for (const [name, call] of calls) {
      await expect(call(alice), name).rejects.toMatchObject({ code: "forbidden" });
      await expect(call(null), name).rejects.toMatchObject({ code: "unauthenticated" });
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});

it("issues 2,000 codes in one batch (several INSERT chunks of the same transaction)", async () => {
  const issued = await issue(compute(), 2_000);
  expect(new Set(issued.codes).size).toBe(2_000);
  expect((await getBatch(admin, issued.batchPublicId, now)).codes).toEqual({ total: 2_000, unredeemed: 2_000, redeemed: 0, revoked: 0 });
});
