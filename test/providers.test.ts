/**
 * Compute providers are a catalogue (issue 12): the admin DAL verbs, names unique
 * ignoring case, renames that every holder of the id follows, and the bug that
 * started it: a batch typed `muxi` must pay the catalogue's Muxi products. Runs on
 * PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, products, providers, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { grantVoucherSchema, issueBatchSchema } from "@/lib/admin/schemas";
import { issueBatch, listBatches } from "@/lib/dal/admin/batches";
import { createProduct, listCatalog } from "@/lib/dal/admin/catalog";
import { createProvider, listProviders, renameProvider } from "@/lib/dal/admin/providers";
import { grantVoucher, searchVouchers } from "@/lib/dal/admin/vouchers";
import { listProducts } from "@/lib/dal/products";
import { payOrder, placeAndPayOrder } from "@/lib/dal/orders/pay";
import { quoteOrder } from "@/lib/dal/orders/quote";
import { checkRedemptionCode, redeemCode } from "@/lib/dal/redeem";
import { getMyBillingOverview } from "@/lib/dal/vouchers";
import type { Viewer } from "@/lib/dal/viewer";
import { addDays } from "@/lib/time";
import { fingerprint } from "./admin-db";
import { providerIdsOf, setupTestDatabase, viewerOf } from "./db";

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
const TZ = "Asia/Shanghai";
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;
let ipSerial = 0;
const ctx = () => ({ ip: `198.51.100.${++ipSerial % 250}`, now });

beforeAll(async () => {
  await seedDemoData(db(), addDays(now, -1));
  alice = await viewerOf(db(), DEMO_USERS.alice);
  bob = await viewerOf(db(), DEMO_USERS.bob);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

async function productNamed(name: string) {
  const [row] = await db().select().from(products).where(eq(products.name, name));
  if (!row) throw new Error(`no product ${name}`);
  return row;
}

async function auditOf(targetId: string) {
  return db().select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(desc(auditLog.id));
}

/** The Issue vouchers form, as the browser sends it, through the action's own schema. */
function issueForm(providersField: string) {
  const parsed = issueBatchSchema(now, TZ, "CNY").safeParse({
    kind: "compute",
    name: `Muxi credits ${randomUUID().slice(0, 8)}`,
    faceValue: "50",
    providers: providersField,
    validity: "days",
    validDays: "30",
    redeemBy: "",
    quantity: "1",
    requestKey: randomUUID(),
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

describe("a provider typed in another case is the catalogue's provider (the bug of issue 12)", () => {
  it("a code issued for `muxi` pays a Muxi product", async () => {
    const issued = await issueBatch(admin, issueForm("muxi"), now);
    const redeemed = await redeemCode(alice, { code: issued.codes[0]!, kind: "compute" }, ctx());
    if (!redeemed.ok) throw new Error(JSON.stringify(redeemed.failure));
    const muxiProduct = await productNamed("Muxi - Model Resource Package");

    // Exactly this voucher, chosen by hand: it pays the whole ¥50 Muxi product.
    const paid = await placeAndPayOrder(
      alice,
      { productPublicId: muxiProduct.publicId, quantity: 1, plan: { automatic: { vouchers: [redeemed.value.publicId] } }, requestKey: randomUUID() },
      now,
    );
    expect(paid).toMatchObject({ ok: true, plan: { allocations: [{ publicId: redeemed.value.publicId, kind: "compute", amount: 5_000 }], cashBalancePart: 0 } });
    const [voucher] = await db().select().from(vouchers).where(eq(vouchers.publicId, redeemed.value.publicId));
    expect(voucher).toMatchObject({ balance: 0, providerIds: await providerIdsOf(db(), "Muxi") });
  });

  it("a grant typed `MUXI ` (the Grant form) pays a Muxi product too, and no second Muxi appears", async () => {
    const parsed = grantVoucherSchema(now, TZ, "CNY").safeParse({
      kind: "compute",
      faceValue: "50",
      providers: "MUXI ",
      validity: "days",
      validDays: "10",
      accountEmail: DEMO_USERS.bob,
      reason: "Goodwill credit",
      requestKey: randomUUID(),
    });
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
    const granted = await grantVoucher(admin, parsed.data, now);
    const muxiProduct = await productNamed("Muxi - Model Resource Package");
    const quote = await quoteOrder(bob, { productPublicId: muxiProduct.publicId, quantity: 1 }, { vouchers: [granted.publicId] }, now);
    expect(quote.result).toMatchObject({ ok: true, plan: { allocations: [{ publicId: granted.publicId, amount: 5_000 }] } });
    expect(quote.options.find((o) => o.publicId === granted.publicId)?.providers).toEqual(["Muxi"]);
    expect((await listProviders(admin)).filter((p) => p.name.toLowerCase() === "muxi")).toHaveLength(1);
  });

  it("a provider that is not in the catalogue is refused, with its name, and nothing is issued", async () => {
    const before = await fingerprint(db());
    await expect(issueBatch(admin, issueForm("Muxi, Muxl"), now)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining('no provider named "Muxl"'),
    });
    await expect(issueBatch(admin, issueForm("prv_doesnotexist000"), now)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("a computing power voucher of one provider can't pay another's product, and the message names the provider", async () => {
    const issued = await issueBatch(admin, issueForm("MaxXIntel"), now);
    const redeemed = await redeemCode(alice, { code: issued.codes[0]!, kind: "compute" }, ctx());
    if (!redeemed.ok) throw new Error("redeem failed");
    const muxiProduct = await productNamed("Muxi - Model Resource Package");
    const quote = await quoteOrder(alice, { productPublicId: muxiProduct.publicId, quantity: 1 }, { vouchers: [redeemed.value.publicId] }, now);
    expect(quote.result).toMatchObject({
      ok: false,
      failure: { reason: "provider_mismatch", providerIds: await providerIdsOf(db(), "MaxXIntel") },
      message: `Computing power voucher ${redeemed.value.publicId} only pays for MaxXIntel products, and this order has none.`,
    });
  });
});

describe("the providers catalogue (admin DAL)", () => {
  it("lists the seeded providers with their products for sale", async () => {
    const list = await listProviders(admin);
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(["MaxXIntel", "Muxi"]));
    for (const p of list) expect(p.publicId).toMatch(/^prv_[0-9a-z]+$/);
    expect(list.find((p) => p.name === "Muxi")?.productsForSale).toBeGreaterThanOrEqual(1);
  });

  it("adds a provider with a reason, audited; products and batches can use it at once", async () => {
    const created = await createProvider(admin, { name: "  Moore   Threads ", reason: "New partner", requestKey: randomUUID() }, now);
    expect(created).toMatchObject({ name: "Moore Threads", created: true });
    expect(await auditOf(created.publicId)).toMatchObject([
      { action: "provider.create", targetType: "provider", actorUserId: admin.userId, after: { name: "Moore Threads" }, reason: "New partner" },
    ]);
    const product = await createProduct(admin, { name: "Moore Threads - GPU hours", unitPrice: 900, provider: created.publicId }, now);
    expect((await listProducts(alice)).find((p) => p.publicId === product.publicId)?.provider).toBe("Moore Threads");
    const issued = await issueBatch(admin, issueForm(created.publicId), now);
    expect((await listBatches(admin)).find((b) => b.publicId === issued.batchPublicId)?.providers).toEqual(["Moore Threads"]);
  });

  it("the same request key adds once; a second request with the key and another name is refused", async () => {
    const requestKey = randomUUID();
    const first = await createProvider(admin, { name: "Iluvatar", reason: "New partner", requestKey }, now);
    const before = await fingerprint(db());
    expect(await createProvider(admin, { name: "Iluvatar", reason: "New partner", requestKey }, now)).toEqual({ ...first, created: false });
    await expect(createProvider(admin, { name: "Hygon", reason: "New partner", requestKey }, now)).rejects.toMatchObject({ code: "conflict" });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("a name differing only by case (or spacing) is refused, and nothing changes", async () => {
    const before = await fingerprint(db());
    for (const name of ["muxi", "MUXI", " mAXxintel "]) {
      await expect(createProvider(admin, { name, reason: "Typed again", requestKey: randomUUID() }, now), name).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringContaining("already exists"),
      });
    }
    expect(await fingerprint(db())).toEqual(before);
  });

  it("bad names and missing reasons are clear input errors, and nothing changes", async () => {
    const before = await fingerprint(db());
    for (const name of ["", "   ", "A, B", "x".repeat(41), "prv_lookalike"]) {
      await expect(createProvider(admin, { name, reason: "New partner" }, now), name).rejects.toMatchObject({ code: "invalid_input" });
    }
    await expect(createProvider(admin, { name: "Cambricon", reason: " " }, now)).rejects.toMatchObject({ code: "invalid_input" });
    const [muxi] = await db().select().from(providers).where(eq(providers.name, "Muxi"));
    await expect(renameProvider(admin, { providerPublicId: muxi!.publicId, name: "Mu,xi", reason: "Typo" }, now)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(renameProvider(admin, { providerPublicId: "prv_doesnotexist000", name: "Anything", reason: "Typo" }, now)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("a rename is audited and shows everywhere at once; what the vouchers pay for does not change", async () => {
    const created = await createProvider(admin, { name: "Hexaflake", reason: "New partner" }, now);
    const product = await createProduct(admin, { name: "Hexaflake - NPU hours", unitPrice: 1_000, provider: "hexaflake" }, now);
    const issued = await issueBatch(admin, issueForm("Hexaflake"), now);
    const redeemed = await redeemCode(bob, { code: issued.codes[0]!, kind: "compute" }, ctx());
    if (!redeemed.ok) throw new Error("redeem failed");

    expect(await renameProvider(admin, { providerPublicId: created.publicId, name: "Hexaflake AI", reason: "Official name" }, now)).toEqual({ changed: true });
    expect(await auditOf(created.publicId)).toMatchObject([
      { action: "provider.rename", before: { name: "Hexaflake" }, after: { name: "Hexaflake AI" }, reason: "Official name" },
      { action: "provider.create" },
    ]);
    expect((await listCatalog(admin)).find((p) => p.publicId === product.publicId)?.provider).toBe("Hexaflake AI");
    expect((await listBatches(admin)).find((b) => b.publicId === issued.batchPublicId)?.providers).toEqual(["Hexaflake AI"]);
    expect((await searchVouchers(admin, { voucherId: redeemed.value.publicId }, now))[0]?.providers).toEqual(["Hexaflake AI"]);
    expect((await getMyBillingOverview(bob, now)).computeByProviders.map((g) => g.providers)).toContain("Hexaflake AI");
    // The old name no longer resolves; the new one does, ignoring case.
    await expect(createProduct(admin, { name: "Old name", unitPrice: 1, provider: "Hexaflake" }, now)).rejects.toMatchObject({ code: "invalid_input" });
    await createProduct(admin, { name: "New name", unitPrice: 1, provider: "hexaflake ai" }, now);
    // The voucher still pays the renamed provider's product.
    const paid = await placeAndPayOrder(bob, { productPublicId: product.publicId, quantity: 1, plan: { automatic: { vouchers: [redeemed.value.publicId] } }, requestKey: randomUUID() }, now);
    expect(paid).toMatchObject({ ok: true, plan: { allocations: [{ publicId: redeemed.value.publicId, amount: 1_000 }] } });
  });

  it("a rename to another provider's name ignoring case is refused; a change of case only is allowed; the same name is no change", async () => {
    const created = await createProvider(admin, { name: "Sophgo", reason: "New partner" }, now);
    const before = await fingerprint(db());
    await expect(renameProvider(admin, { providerPublicId: created.publicId, name: "muxi", reason: "Merge" }, now)).rejects.toMatchObject({ code: "conflict" });
    expect(await renameProvider(admin, { providerPublicId: created.publicId, name: "Sophgo", reason: "Nothing" }, now)).toEqual({ changed: false });
    expect(await fingerprint(db())).toEqual(before);
    expect(await renameProvider(admin, { providerPublicId: created.publicId, name: "SOPHGO", reason: "Brand spelling" }, now)).toEqual({ changed: true });
    expect((await listProviders(admin)).find((p) => p.publicId === created.publicId)?.name).toBe("SOPHGO");
  });

  it("the redeem dialog's Check names a code's providers by their catalogue names", async () => {
    const issued = await issueBatch(admin, issueForm("muxi, MAXXINTEL"), now);
    expect(await checkRedemptionCode(alice, { code: issued.codes[0]!, kind: "compute" }, ctx())).toMatchObject({
      ok: true,
      value: { providers: ["MaxXIntel", "Muxi"] },
    });
  });

  it("a failed payment's usage record names the provider by its name", async () => {
    const issued = await issueBatch(admin, issueForm("MaxXIntel"), now);
    const redeemed = await redeemCode(bob, { code: issued.codes[0]!, kind: "compute" }, ctx());
    if (!redeemed.ok) throw new Error("redeem failed");
    const muxiProduct = await productNamed("Muxi - Model Resource Package");
    const outcome = await placeAndPayOrder(bob, { productPublicId: muxiProduct.publicId, quantity: 1, plan: { automatic: { vouchers: [redeemed.value.publicId] } }, requestKey: randomUUID() }, now);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining("only pays for MaxXIntel products") });
    // Paying again from the order page fails the same way, with the same message.
    const again = await payOrder(bob, outcome.orderPublicId, { automatic: { vouchers: [redeemed.value.publicId] } }, now);
    expect(again).toMatchObject({ ok: false, message: expect.stringContaining("MaxXIntel") });
  });
});

describe("only admins", () => {
  it("every provider verb refuses a customer and a signed-out caller, and changes nothing", async () => {
    const [muxi] = await db().select().from(providers).where(eq(providers.name, "Muxi"));
    const calls: Array<[string, (v: Viewer | null) => Promise<unknown>]> = [
      ["listProviders", (v) => listProviders(v)],
      ["createProvider", (v) => createProvider(v, { name: "Intruder Cloud", reason: "Not allowed", requestKey: randomUUID() }, now)],
      ["renameProvider", (v) => renameProvider(v, { providerPublicId: muxi!.publicId, name: "Hijacked", reason: "Not allowed" }, now)],
    ];
    const before = await fingerprint(db());
    for (const [name, call] of calls) {
      await expect(call(alice), name).rejects.toMatchObject({ code: "forbidden" });
      await expect(call(null), name).rejects.toMatchObject({ code: "unauthenticated" });
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});
