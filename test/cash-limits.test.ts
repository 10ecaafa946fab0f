/**
 * The cash balance goes negative only through post-paid charges (SPEC 6, 10):
 * an admin debit larger than the non-negative balance is refused with nothing
 * changed. A partial refund is capped by what the order can still refund, not
 * by a fixed amount (issue 12, part 6, item 3).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { moveCash } from "@/db/cash-ledger";
import { findInvariantViolations } from "./invariants";
import { billingAccounts } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { createProduct } from "@/lib/dal/admin/catalog";
import { adjustCashBalance, chargeUsage } from "@/lib/dal/cash";
import { placeAndPayOrder } from "@/lib/dal/orders/pay";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { fingerprint } from "./admin-db";
import { setupTestDatabase, viewerOf } from "./db";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => session.viewer }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { adjustCashAction } = await import("@/app/(admin)/admin/accounts/actions");
const { refundOrderAction } = await import("@/app/(admin)/admin/orders/actions");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
let alice: Viewer;
let admin: Viewer;

beforeAll(async () => {
  await seedDemoData(db(), now);
  alice = await viewerOf(db(), DEMO_USERS.alice);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

beforeEach(() => {
  session.viewer = null;
});

/** A fresh account holding `cash` minor units of cash balance and nothing else. */
async function accountWith(cash: number) {
  const [account] = await db().insert(billingAccounts).values({ publicId: newPublicId("acc"), name: "Limits", createdAt: now }).returning();
  if (cash > 0) await moveCash(db(), account!.id, { type: "top_up", amount: cash, reason: "Test funds" }, now);
  const viewer: Viewer = { userId: "limits", email: "limits@example.com", name: "L", role: "customer", accountId: account!.id };
  return { id: account!.id, publicId: account!.publicId, viewer };
}

async function balanceOf(id: number) {
  const [row] = await db().select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, id));
  return row!.cashBalance;
}

describe("an admin debit never makes arrears", () => {
  it("a debit larger than the balance is refused with the balance named, and nothing changes", async () => {
    const account = await accountWith(1_000);
    const before = await fingerprint(db());
    await expect(adjustCashBalance(admin, { accountPublicId: account.publicId, amount: -1_001, reason: "Reverse a top-up", requestKey: randomUUID() }, now)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("¥10.00"),
    });
    expect(await fingerprint(db())).toEqual(before);
    // Down to exactly zero is fine.
    expect(await adjustCashBalance(admin, { accountPublicId: account.publicId, amount: -1_000, reason: "Reverse a top-up", requestKey: randomUUID() }, now)).toEqual({
      cashBalance: 0,
      repeated: false,
    });
    expect(await findInvariantViolations(db())).toEqual({});
  });

  it("an account in arrears (from a post-paid charge) can't be debited at all; a credit still works", async () => {
    const account = await accountWith(500);
    await chargeUsage(admin, { accountPublicId: account.publicId, amount: 2_000, reason: "GPU hours", requestKey: randomUUID() }, now);
    expect(await balanceOf(account.id)).toBe(-1_500);
    const before = await fingerprint(db());
    await expect(adjustCashBalance(admin, { accountPublicId: account.publicId, amount: -1, reason: "Correction", requestKey: randomUUID() }, now)).rejects.toMatchObject({ code: "conflict" });
    expect(await fingerprint(db())).toEqual(before);
    expect((await adjustCashBalance(admin, { accountPublicId: account.publicId, amount: 100, reason: "Correction", requestKey: randomUUID() }, now)).cashBalance).toBe(-1_400);
  });

  it("the ledger writer's debit is one guarded statement: too large a debit writes nothing", async () => {
    const account = await accountWith(300);
    const before = await fingerprint(db());
    await expect(moveCash(db(), account.id, { type: "adjustment_debit", amount: 301, reason: "Too much" }, now)).resolves.toEqual({ ok: false, reason: "insufficient_balance", cashBalance: 300 });
    expect(await fingerprint(db())).toEqual(before);
    await expect(moveCash(db(), -1, { type: "adjustment_debit", amount: 1, reason: "Nobody" }, now)).resolves.toEqual({ ok: false, reason: "no_account" });
  });

  it("the Adjust balance action reports the refusal as a typed result; customers and signed-out callers are refused first", async () => {
    const account = await accountWith(200);
    const form = { accountPublicId: account.publicId, direction: "debit", amount: "2.01", reason: "Correction", requestKey: randomUUID() };
    const before = await fingerprint(db());
    for (const [who, code] of [
      [alice, "forbidden"],
      [null, "unauthenticated"],
      [admin, "conflict"],
    ] as const) {
      session.viewer = who;
      expect(await adjustCashAction(form), who?.email ?? "signed out").toMatchObject({ ok: false, code });
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});

describe("a partial refund is capped by what the order can still refund", () => {
  let order: string;

  beforeAll(async () => {
    // ¥3,000,000.00: three units of the most expensive product a catalog may hold, paid from the cash balance.
    const product = await createProduct(admin, { name: "Dedicated GPU cluster, one month", unitPrice: 100_000_000, provider: null }, now);
    const account = await accountWith(300_000_000);
    const outcome = await placeAndPayOrder(account.viewer, { productPublicId: product.publicId, quantity: 3, plan: { automatic: {} }, requestKey: randomUUID() }, now);
    if (!outcome.ok) throw new Error(outcome.message);
    order = outcome.orderPublicId;
  });

  it("refunds ¥1,500,000.00 of a ¥3,000,000.00 order (more than any fixed cap of ¥1,000,000)", async () => {
    session.viewer = admin;
    const result = await refundOrderAction({ orderPublicId: order, mode: "partial", amount: "1,500,000.00", reason: "Cluster outage", refundKey: randomUUID() });
    expect(result).toMatchObject({ ok: true, data: { amount: 150_000_000, repeated: false } });
  });

  it("refuses more than is left, naming what is, and changes nothing", async () => {
    session.viewer = admin;
    const before = await fingerprint(db());
    const result = await refundOrderAction({ orderPublicId: order, mode: "partial", amount: "1,500,000.01", reason: "Too much", refundKey: randomUUID() });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", message: "At most ¥1,500,000.00 of this order can still be refunded." });
    expect(await fingerprint(db())).toEqual(before);
    expect(await refundOrderAction({ orderPublicId: order, mode: "partial", amount: "1,500,000.00", reason: "The rest", refundKey: randomUUID() })).toMatchObject({ ok: true });
    expect(await findInvariantViolations(db())).toEqual({});
  });

  it("customers and signed-out callers are refused the refund action, and nothing changes", async () => {
    const before = await fingerprint(db());
    for (const [who, code] of [
      [alice, "forbidden"],
      [null, "unauthenticated"],
    ] as const) {
      session.viewer = who;
      expect(await refundOrderAction({ orderPublicId: order, mode: "partial", amount: "1.00", reason: "Not allowed", refundKey: randomUUID() })).toMatchObject({ ok: false, code });
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});
