/**
 * Every admin server action end to end (session → zod → DAL → audit): refused
 * for a customer and for a signed-out caller with nothing changed, and for an
 * admin, done with exactly one audit row of its change. The session is the one
 * thing stubbed: the test chooses who is signed in.
 */
import { randomUUID } from "node:crypto";
import { desc, eq, gt, isNull, and, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, billingAccounts, orders, products, providers, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import type { Viewer } from "@/lib/dal/viewer";
import { databaseText, fingerprint } from "./admin-db";
import { setupTestDatabase, viewerOf } from "./db";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({
  getViewer: async () => session.viewer,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { findCodeAction, issueBatchAction, revokeCodeAction, voidBatchAction } = await import("@/app/(admin)/admin/batches/actions");
const { grantVoucherAction, voidVoucherAction } = await import("@/app/(admin)/admin/vouchers/actions");
const { adjustCashAction, chargeUsageAction } = await import("@/app/(admin)/admin/accounts/actions");
const { refundOrderAction } = await import("@/app/(admin)/admin/orders/actions");
const { createProductAction, createProviderAction, renameProviderAction, retireProductAction, updateProductAction } = await import(
  "@/app/(admin)/admin/catalog/actions"
);

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
let alice: Viewer;
let admin: Viewer;

beforeAll(async () => {
  await seedDemoData(db(), new Date());
  alice = await viewerOf(db(), DEMO_USERS.alice);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

beforeEach(() => {
  session.viewer = null;
});

const issueForm = (quantity = "2") => ({ kind: "cash", name: "Action batch", faceValue: "25", validity: "days", validDays: "30", quantity, redeemBy: "", requestKey: randomUUID() });

async function fixtures() {
  const [voucher] = await db()
    .select({ publicId: vouchers.publicId })
    .from(vouchers)
    .where(and(isNull(vouchers.voidedAt), eq(vouchers.accountId, alice.accountId!), sql`${vouchers.balance} > 0`))
    .limit(1);
  const [order] = await db()
    .select({ publicId: orders.publicId })
    .from(orders)
    .where(and(eq(orders.accountId, alice.accountId!), eq(orders.status, "paid"), gt(orders.cashAmount, 0)))
    .limit(1);
  const [account] = await db().select({ publicId: billingAccounts.publicId }).from(billingAccounts).where(eq(billingAccounts.id, alice.accountId!));
  const [product] = await db().select({ publicId: products.publicId }).from(products).where(isNull(products.retiredAt)).limit(1);
  const [provider] = await db().select({ publicId: providers.publicId }).from(providers).limit(1);
  return { voucher: voucher!.publicId, order: order!.publicId, account: account!.publicId, product: product!.publicId, provider: provider!.publicId };
}

describe("as a customer or signed out", () => {
  it("every admin action is refused, valid input or not, and nothing changes", async () => {
    session.viewer = admin;
    const issued = await issueBatchAction(issueForm());
    expect(issued.ok).toBe(true);
    const code = issued.ok ? issued.data.codes[0]! : "";
    const batch = issued.ok ? issued.data.batchPublicId : "";
    const f = await fixtures();
    const calls: Array<[string, () => Promise<{ ok: boolean; code?: string }>]> = [
      ["issueBatchAction", () => issueBatchAction(issueForm())],
      ["issueBatchAction (bad input)", () => issueBatchAction({ kind: "nope" })],
      ["voidBatchAction", () => voidBatchAction({ batchPublicId: batch, reason: "Not allowed" })],
      ["findCodeAction", () => findCodeAction({ code })],
      ["revokeCodeAction", () => revokeCodeAction({ code, reason: "Not allowed" })],
      ["grantVoucherAction", () => grantVoucherAction({ ...issueForm(), accountEmail: DEMO_USERS.alice, reason: "Not allowed" })],
      ["voidVoucherAction", () => voidVoucherAction({ voucherPublicId: f.voucher, reason: "Not allowed" })],
      ["chargeUsageAction", () => chargeUsageAction({ accountPublicId: f.account, amount: "5", reason: "Not allowed", requestKey: randomUUID() })],
      ["adjustCashAction", () => adjustCashAction({ accountPublicId: f.account, direction: "credit", amount: "5", reason: "Not allowed", requestKey: randomUUID() })],
      ["refundOrderAction", () => refundOrderAction({ orderPublicId: f.order, mode: "full", reason: "Not allowed", refundKey: randomUUID() })],
      ["createProductAction", () => createProductAction({ name: "Free GPU", unitPrice: "0", provider: "", requestKey: randomUUID() })],
      ["updateProductAction", () => updateProductAction({ productPublicId: f.product, name: "Free GPU", unitPrice: "0", provider: "" })],
      ["retireProductAction", () => retireProductAction({ productPublicId: f.product })],
      ["createProviderAction", () => createProviderAction({ name: "Sneaky Cloud", reason: "Not allowed", requestKey: randomUUID() })],
      ["createProviderAction (bad input)", () => createProviderAction({ name: "", reason: "" })],
      ["renameProviderAction", () => renameProviderAction({ providerPublicId: f.provider, name: "Sneaky Cloud", reason: "Not allowed" })],
    ];
    const before = await fingerprint(db());
    for (const [who, expected] of [
      [alice, "forbidden"],
      [null, "unauthenticated"],
    ] as const) {
      session.viewer = who;
      for (const [name, call] of calls) {
        const result = await call();
        expect(result, `${name} as ${who?.email ?? "signed out"}`).toMatchObject({ ok: false, code: expected });
        // Refused before the input is read: no field errors that would describe the form to an outsider.
        expect(result).not.toHaveProperty("fieldErrors");
      }
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});

describe("as an admin", () => {
  async function auditCount() {
    const [row] = await db().select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(auditLog);
    return row!.n;
  }
  async function latestAudit() {
    const [row] = await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    return row!;
  }

  /** Runs an action and checks that it wrote exactly one more audit row, about `targetId`, by the admin. */
  async function expectAudited<T>(action: string, run: () => Promise<{ ok: boolean; data?: T }>, targetOf: (data: T) => string) {
    session.viewer = admin;
    const before = await auditCount();
    const result = await run();
    expect(result, action).toMatchObject({ ok: true });
    expect(await auditCount(), action).toBe(before + 1);
    const row = await latestAudit();
    expect(row).toMatchObject({ action, actorUserId: admin.userId, targetId: targetOf(result.data as T) });
    return result.data as T;
  }

  it("each action writes one audit row of its change (who, what, target, before/after)", async () => {
    const f = await fixtures();
    const issued = await expectAudited("batch.issue", () => issueBatchAction(issueForm("3")), (d) => d.batchPublicId);
    expect(issued.codes).toHaveLength(3);
    await expectAudited("code.revoke", () => revokeCodeAction({ code: issued.codes[0]!, reason: "Reported stolen" }), (d) => d.targetId);
    await expectAudited("batch.void", () => voidBatchAction({ batchPublicId: issued.batchPublicId, reason: "Campaign cancelled" }), (d) => d.batchPublicId);
    const granted = await expectAudited(
      "voucher.grant",
      () => grantVoucherAction({ kind: "compute", faceValue: "80", providers: "Muxi", validity: "days", validDays: "10", accountEmail: DEMO_USERS.alice, reason: "Goodwill", requestKey: randomUUID() }),
      (d) => d.publicId,
    );
    await expectAudited("voucher.void", () => voidVoucherAction({ voucherPublicId: granted.publicId, reason: "Granted twice" }), (d) => d.publicId);
    await expectAudited("voucher.void", () => voidVoucherAction({ voucherPublicId: f.voucher, reason: "Fraud suspected" }), (d) => d.publicId);
    await expectAudited("account.charge", () => chargeUsageAction({ accountPublicId: f.account, amount: "12.34", reason: "GPU hours, November", requestKey: randomUUID() }), () => f.account);
    await expectAudited(
      "account.adjust",
      () => adjustCashAction({ accountPublicId: f.account, direction: "debit", amount: "1", reason: "Rounding correction", requestKey: randomUUID() }),
      () => f.account,
    );
    await expectAudited("order.refund", () => refundOrderAction({ orderPublicId: f.order, mode: "partial", amount: "1.00", reason: "Outage credit", refundKey: randomUUID() }), () => f.order);
    const created = await expectAudited("product.create", () => createProductAction({ name: "Muxi - Fine-tuning", unitPrice: "120", provider: "Muxi", requestKey: randomUUID() }), (d) => d.publicId);
    await expectAudited("product.update", () => updateProductAction({ productPublicId: created.publicId, name: "Muxi - Fine-tuning", unitPrice: "99", provider: "Muxi" }), () => created.publicId);
    await expectAudited("product.retire", () => retireProductAction({ productPublicId: created.publicId }), () => created.publicId);
    const provider = await expectAudited(
      "provider.create",
      () => createProviderAction({ name: "Enflame", reason: "New partner", requestKey: randomUUID() }),
      (d) => d.publicId,
    );
    await expectAudited(
      "provider.rename",
      () => renameProviderAction({ providerPublicId: provider.publicId, name: "Enflame Tech", reason: "Official name" }),
      () => provider.publicId,
    );
  });

  it("adding a provider is idempotent by the form's request key, and refuses a name taken ignoring case", async () => {
    session.viewer = admin;
    const requestKey = randomUUID();
    const first = await createProviderAction({ name: "Biren", reason: "New partner", requestKey });
    expect(first).toMatchObject({ ok: true, data: { name: "Biren", created: true } });
    const before = await fingerprint(db());
    // A double click or a retry: the same provider, nothing written.
    const again = await createProviderAction({ name: "Biren", reason: "New partner", requestKey });
    expect(again).toEqual({ ok: true, data: { ...(first.ok ? first.data : {}), created: false } });
    expect(await createProviderAction({ name: "BIREN", reason: "Typed again", requestKey: randomUUID() })).toMatchObject({ ok: false, code: "conflict" });
    expect(await createProviderAction({ name: "Biren, Inc", reason: "New partner", requestKey: randomUUID() })).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { name: [expect.stringContaining("comma")] },
    });
    expect(await createProviderAction({ name: "Moore", reason: "", requestKey: randomUUID() })).toMatchObject({ ok: false, fieldErrors: { reason: [expect.any(String)] } });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("bad input is a field error, never a 500, and changes nothing", async () => {
    session.viewer = admin;
    const before = await fingerprint(db());
    const result = await issueBatchAction({ ...issueForm(), faceValue: "abc", quantity: "0" });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { faceValue: [expect.any(String)], quantity: [expect.any(String)] } });
    expect(await voidVoucherAction({ voucherPublicId: "vch_x", reason: "" })).toMatchObject({ ok: false, fieldErrors: { reason: [expect.any(String)] } });
    expect(await voidVoucherAction({ voucherPublicId: "vch_doesnotexist00", reason: "Valid reason" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await findCodeAction({ code: "12" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await refundOrderAction({ orderPublicId: "ord_doesnotexist00", mode: "full", reason: "Valid reason", refundKey: randomUUID() })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("the issue action's codes are in its response only", async () => {
    session.viewer = admin;
    const result = await issueBatchAction(issueForm("5"));
    if (!result.ok) throw new Error(result.message);
    const text = await databaseText(db());
    for (const code of result.data.codes) expect(text.includes(code)).toBe(false);
    expect(await findCodeAction({ code: result.data.codes[0]! })).toMatchObject({ ok: true, data: { state: "unredeemed", last4: result.data.codes[0]!.slice(-4) } });
  });
});
