/**
 * The e2e-only customer of e2e/order-alternatives.spec.ts, written by
 * e2e/prepare-db.ts: an account of its own whose vouchers give the order page
 * (2 × the Muxi product, ¥100) a reason of each common kind and several plans
 * to choose from. Fixed voucher ids, so the spec can name them; one such customer
 * per attempt of the serial spec (fixtures.ts ATTEMPTS), since its second test spends.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { hashPassword } from "better-auth/crypto";
import type { Db } from "../db/index";
import { moveCash } from "../db/cash-ledger";
import { authAccounts, billingAccounts, products, providers, users, vouchers } from "../db/schema";
import { newPublicId } from "../lib/ids";
import { addDays } from "../lib/time";
import { attemptCustomer } from "./fixtures";

export const ALTERNATIVES_CUSTOMER = "explain-plans@example.com";
export const ALTERNATIVES_PASSWORD = "demo-password";

/**
 * The fixed voucher ids of one attempt's customer (fixtures.ts attemptCustomer): vch_e2ealt… for
 * the first, vch_e2ealu… for the retry, so a retry of the serial spec finds them unspent.
 */
export function alternativesVouchers(attempt: number) {
  const letter = "tuvwxyz"[attempt];
  if (!letter) throw new Error(`alternatives seed: no voucher ids for attempt ${attempt + 1}`);
  const id = (rest: string) => `vch_e2eal${letter}${rest}`;
  return {
    /** ¥100 of Muxi computing power expiring in 5 days: the one the voucher plan uses. */
    MUXI_SOON: id("muxisoon01"),
    /** ¥80 of Muxi computing power expiring in 60 days: "expires later" beside MUXI_SOON. */
    MUXI_LATER: id("muxilate01"),
    /** ¥30 for MaxXIntel only: "for another provider" on a Muxi order. */
    MAXX_ONLY: id("maxx000001"),
    /** ¥20 cash voucher. */
    CASH: id("cash000001"),
    /** ¥40 off orders of ¥100: the default plan's discount. */
    DISCOUNT_40: id("discount40"),
    /** ¥60 off orders of ¥300: below its minimum. */
    DISCOUNT_60: id("discount60"),
    /** 20% off, effective in 10 days. */
    PERCENT_LATER: id("percent001"),
  };
}

export async function seedAlternatives(db: Db, now: Date, attempt: number): Promise<void> {
  const email = attemptCustomer(ALTERNATIVES_CUSTOMER, attempt);
  const { MUXI_SOON, MUXI_LATER, MAXX_ONLY, CASH, DISCOUNT_40, DISCOUNT_60, PERCENT_LATER } = alternativesVouchers(attempt);
  const [account] = await db.insert(billingAccounts).values({ publicId: newPublicId("acc"), name: email, createdAt: addDays(now, -30) }).returning();
  const userId = randomUUID();
  const stamps = { createdAt: addDays(now, -30), updatedAt: addDays(now, -30) };
  await db.insert(users).values({ id: userId, email, name: "Plans", role: "customer", billingAccountId: account!.id, emailVerified: true, ...stamps });
  await db.insert(authAccounts).values({ id: randomUUID(), accountId: userId, providerId: "credential", userId, password: await hashPassword(ALTERNATIVES_PASSWORD), ...stamps });

  const providerId = async (name: string) => (await db.select({ id: providers.id }).from(providers).where(eq(providers.name, name)))[0]!.id;
  const [muxi, maxx] = [await providerId("Muxi"), await providerId("MaxXIntel")];
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
    stored(MUXI_SOON, "compute", 10_000, 5, [muxi]),
    stored(MUXI_LATER, "compute", 8_000, 60, [muxi]),
    stored(MAXX_ONLY, "compute", 3_000, 30, [maxx]),
    stored(CASH, "cash", 2_000, 30),
    { ...base, publicId: DISCOUNT_40, kind: "discount", amountOff: 4_000, minOrderAmount: 10_000, expiresAt: addDays(now, 20) },
    { ...base, publicId: DISCOUNT_60, kind: "discount", amountOff: 6_000, minOrderAmount: 30_000, expiresAt: addDays(now, 20) },
    { ...base, publicId: PERCENT_LATER, kind: "discount", payBasisPoints: 8_000, effectiveAt: addDays(now, 10), expiresAt: addDays(now, 40) },
  ]);
  const moved = await moveCash(db, account!.id, { type: "top_up", amount: 10_000, reason: "e2e top-up" }, addDays(now, -1));
  if (!moved.ok) throw new Error(`alternatives seed: top-up refused (${moved.reason})`);
  // The product the spec orders must be for sale.
  const [product] = await db.select({ id: products.id }).from(products).where(eq(products.name, "Muxi - Model Resource Package"));
  if (!product) throw new Error("alternatives seed: no Muxi product");
}
