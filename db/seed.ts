/**
 * Demo data (`npm run db:seed`; refuses to run in production). Creates the users
 * of SPEC 9, the products of SPEC 6, a batch of each kind with unredeemed codes
 * (written to `.data/demo-codes.txt`, never to the database), and for alice and
 * bob vouchers of every kind in every status with the orders, usage records and
 * cash movements that explain every balance.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { eq } from "drizzle-orm";
import { hashPassword } from "better-auth/crypto";
import { createTranslator } from "next-intl";
import { moveCash } from "./cash-ledger";
import { type Db, getDb, migrateDatabase, getDatabase } from "./index";
import * as s from "./schema";
import { newPublicId } from "../lib/ids";
import { addDays } from "../lib/time";
import { CODE_FORMAT_OF_KIND, codeLast4 } from "../lib/vouchers/code";
import { generateCode, hashCode } from "../lib/vouchers/code-crypto";
import type { VoucherKind } from "../lib/vouchers/kinds";
import { pendingOrderMinutes, platformCurrency, platformTimeZone, voucherCodeSecret } from "../lib/config";
import { failureMessage } from "../lib/failure-messages";
import type { PaymentFailure } from "../lib/failures";
import en from "../messages/en.json" with { type: "json" };
import { currencyDigits, formatMoney } from "../lib/money";
import { orderExpiresAt } from "../lib/orders/status";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_USERS = {
  alice: "alice@example.com",
  bob: "bob@example.com",
  admin: "admin@example.com",
} as const;

// Demo amounts are written in whole units of the platform currency (¥50 in CNY, $50 in USD).
const currency = platformCurrency();
const yuan = (n: number) => n * 10 ** currencyDigits(currency);
/** "¥50", "$200", "KWD 30": a whole amount for demo names. */
const shown = (n: number) => formatMoney(yuan(n), currency).replace(/\.0+$/, "");

type Product = typeof s.products.$inferSelect;
type Batch = typeof s.voucherBatches.$inferSelect;

async function createUser(db: Db, email: string, name: string, role: "customer" | "admin", accountId: number | null, now: Date) {
  const userId = randomUUID();
  const stamps = { createdAt: now, updatedAt: now };
  await db.insert(s.users).values({ id: userId, email, name, role, billingAccountId: accountId, emailVerified: true, ...stamps });
  await db.insert(s.authAccounts).values({
    id: randomUUID(),
    accountId: userId,
    providerId: "credential",
    userId,
    password: await hashPassword(DEMO_PASSWORD),
    ...stamps,
  });
  return userId;
}

/**
 * Writes one customer's history through the same rows the payment code writes,
 * keeping every voucher balance, order and the cash ledger consistent.
 */
class AccountHistory {
  constructor(
    private db: Db,
    readonly accountId: number,
    private now: Date,
    private adminId: string,
  ) {}

  private cashBalance = 0;
  private daysAgo = (n: number) => addDays(this.now, -n);

  async grant(batch: Batch, opts: { faceValue?: number; effectiveInDays: number; expiresInDays: number; createdDaysAgo: number }) {
    const [v] = await this.db
      .insert(s.vouchers)
      .values({
        publicId: newPublicId("vch"),
        accountId: this.accountId,
        batchId: batch.id,
        kind: batch.kind,
        faceValue: batch.kind === "discount" ? null : (opts.faceValue ?? batch.faceValue),
        balance: batch.kind === "discount" ? null : (opts.faceValue ?? batch.faceValue),
        amountOff: batch.amountOff,
        minOrderAmount: batch.minOrderAmount,
        payBasisPoints: batch.payBasisPoints,
        maxDiscount: batch.maxDiscount,
        scopeProductId: batch.scopeProductId,
        providerIds: batch.providerIds,
        effectiveAt: addDays(this.now, opts.effectiveInDays),
        expiresAt: addDays(this.now, opts.expiresInDays),
        grantedBy: this.adminId,
        createdAt: this.daysAgo(opts.createdDaysAgo),
      })
      .returning();
    await this.db.insert(s.auditLog).values({
      actorUserId: this.adminId,
      action: "voucher.grant",
      targetType: "voucher",
      targetId: v!.publicId,
      after: { kind: v!.kind, faceValue: v!.faceValue, accountId: this.accountId },
      reason: "Demo data",
      createdAt: this.daysAgo(opts.createdDaysAgo),
    });
    return v!;
  }

  private async order(product: Product, quantity: number, daysAgo: number) {
    const amount = product.unitPrice * quantity;
    const [o] = await this.db
      .insert(s.orders)
      .values({
        publicId: newPublicId("ord"),
        accountId: this.accountId,
        amount,
        createdAt: this.daysAgo(daysAgo),
        expiresAt: orderExpiresAt(this.daysAgo(daysAgo), pendingOrderMinutes()),
      })
      .returning();
    await this.db.insert(s.orderItems).values({
      accountId: this.accountId,
      orderId: o!.id,
      productId: product.id,
      productName: product.name,
      providerId: product.providerId,
      unitPrice: product.unitPrice,
      quantity,
      amount,
    });
    return o!;
  }

  /** An order paid in full by one stored-value voucher. */
  async payWithVoucher(voucher: typeof s.vouchers.$inferSelect, product: Product, quantity: number, daysAgo: number) {
    const o = await this.order(product, quantity, daysAgo);
    const when = this.daysAgo(daysAgo);
    const [v] = await this.db
      .update(s.vouchers)
      .set({ balance: (voucher.balance ?? 0) - o.amount })
      .where(eq(s.vouchers.id, voucher.id))
      .returning();
    await this.db.insert(s.usageRecords).values({
      accountId: this.accountId,
      voucherId: voucher.id,
      orderId: o.id,
      source: voucher.kind,
      type: "deduction",
      status: "success",
      amount: o.amount,
      balanceAfter: v!.balance,
      createdAt: when,
    });
    await this.db.insert(s.payments).values({ accountId: this.accountId, orderId: o.id, status: "succeeded", amount: o.amount, createdAt: when });
    await this.db
      .update(s.orders)
      .set({ status: "paid", voucherAmount: o.amount, paidAt: when })
      .where(eq(s.orders.id, o.id));
    return { order: o, voucher: v! };
  }

  /** An order whose discount voucher took `discount` off and the cash balance paid the rest. */
  async payWithDiscountAndCash(voucher: typeof s.vouchers.$inferSelect, discount: number, product: Product, quantity: number, daysAgo: number) {
    const o = await this.order(product, quantity, daysAgo);
    const when = this.daysAgo(daysAgo);
    const cash = o.amount - discount;
    await this.db
      .update(s.vouchers)
      .set({ consumedAt: when, consumedOrderId: o.id })
      .where(eq(s.vouchers.id, voucher.id));
    this.cashBalance -= cash;
    await this.db.insert(s.usageRecords).values([
      { accountId: this.accountId, voucherId: voucher.id, orderId: o.id, source: "discount", type: "deduction", status: "success", amount: discount, createdAt: when },
      { accountId: this.accountId, orderId: o.id, source: "cash_balance", type: "deduction", status: "success", amount: cash, balanceAfter: this.cashBalance, createdAt: when },
    ]);
    await this.db.insert(s.cashMovements).values({
      accountId: this.accountId,
      type: "payment",
      amount: cash,
      balanceAfter: this.cashBalance,
      orderId: o.id,
      createdAt: when,
    });
    await this.db.insert(s.payments).values({ accountId: this.accountId, orderId: o.id, status: "succeeded", amount: o.amount, createdAt: when });
    await this.db
      .update(s.orders)
      .set({ status: "paid", discountAmount: discount, cashAmount: cash, paidAt: when })
      .where(eq(s.orders.id, o.id));
  }

  /** A partial refund of a voucher-paid order, back to the voucher that paid it. */
  async refundToVoucher(orderId: number, voucher: typeof s.vouchers.$inferSelect, amount: number, daysAgo: number) {
    const when = this.daysAgo(daysAgo);
    const [r] = await this.db
      .insert(s.refunds)
      .values({ publicId: newPublicId("rfd"), accountId: this.accountId, orderId, amount, reason: "Unused capacity returned", refundKey: randomUUID(), createdBy: this.adminId, createdAt: when })
      .returning();
    const [v] = await this.db
      .update(s.vouchers)
      .set({ balance: (voucher.balance ?? 0) + amount })
      .where(eq(s.vouchers.id, voucher.id))
      .returning();
    await this.db.insert(s.usageRecords).values({
      accountId: this.accountId,
      voucherId: voucher.id,
      orderId,
      refundId: r!.id,
      source: voucher.kind,
      type: "refund",
      status: "success",
      amount,
      balanceAfter: v!.balance,
      createdAt: when,
    });
    const [order] = await this.db
      .update(s.orders)
      .set({ status: "partially_refunded", refundedAmount: amount })
      .where(eq(s.orders.id, orderId))
      .returning({ publicId: s.orders.publicId });
    await this.db.insert(s.auditLog).values({
      actorUserId: this.adminId,
      action: "order.refund",
      targetType: "order",
      targetId: order!.publicId,
      before: { status: "paid", refundedAmount: 0 },
      after: { status: "partially_refunded", refundedAmount: amount, refund: r!.publicId, amount },
      reason: "Unused capacity returned",
      createdAt: when,
    });
    return v!;
  }

  /** A payment attempt refused because the voucher expired: recorded as data and in English, nothing changed. */
  async failedAttempt(voucher: typeof s.vouchers.$inferSelect, product: Product, quantity: number, daysAgo: number) {
    const o = await this.order(product, quantity, daysAgo);
    const when = this.daysAgo(daysAgo);
    const failure: PaymentFailure = {
      code: "payment_failed",
      orderPublicId: o.publicId,
      reason: "voucher_not_usable",
      publicId: voucher.publicId,
      kind: voucher.kind,
      status: "expired",
    };
    const reason = failureMessage(failure, { currency, timeZone: platformTimeZone() }, createTranslator({ locale: "en", messages: en, namespace: "failures" }));
    await this.db.insert(s.usageRecords).values({
      accountId: this.accountId,
      voucherId: voucher.id,
      orderId: o.id,
      source: voucher.kind,
      type: "deduction",
      status: "failure",
      amount: o.amount,
      failureReason: reason,
      failure,
      createdAt: when,
    });
    await this.db.insert(s.payments).values({ accountId: this.accountId, orderId: o.id, status: "failed", amount: o.amount, failureReason: reason, createdAt: when });
  }

  async voidVoucher(voucher: typeof s.vouchers.$inferSelect, reason: string, daysAgo: number) {
    const when = this.daysAgo(daysAgo);
    await this.db.update(s.vouchers).set({ voidedAt: when, voidedBy: this.adminId, voidReason: reason }).where(eq(s.vouchers.id, voucher.id));
    await this.db.insert(s.auditLog).values({
      actorUserId: this.adminId,
      action: "voucher.void",
      targetType: "voucher",
      targetId: voucher.publicId,
      before: { balance: voucher.balance, voidedAt: null },
      after: { voidedAt: when.toISOString() },
      reason,
      createdAt: when,
    });
  }

  /** A top-up in the backdated history (the balance is saved once at the end, by saveCashBalance). */
  async topUp(amount: number, daysAgo: number, reason: string) {
    this.cashBalance += amount;
    await this.db.insert(s.cashMovements).values({
      accountId: this.accountId,
      type: "top_up",
      amount,
      balanceAfter: this.cashBalance,
      reason,
      createdAt: this.daysAgo(daysAgo),
    });
  }

  async saveCashBalance() {
    await this.db.update(s.billingAccounts).set({ cashBalance: this.cashBalance }).where(eq(s.billingAccounts.id, this.accountId));
  }
}

interface Catalog {
  serverless: Product;
  muxi: Product;
  maxx: Product;
}

interface Batches {
  cash: Batch;
  discountAmount: Batch;
  discountPercent: Batch;
  compute: Batch;
}

/** Every kind in every status, with the history behind each number. */
async function seedCustomer(history: AccountHistory, catalog: Catalog, batches: Batches, scale: number) {
  const h = history;
  const { cash, compute, discountAmount, discountPercent } = batches;

  // Face values and spending in whole units of the product bought, so that a
  // "used" voucher is spent to exactly zero.
  for (const [batch, product] of [
    [cash, catalog.serverless],
    [compute, catalog.maxx],
  ] as const) {
    const units = (n: number) => n * scale * product.unitPrice;
    const buy = (n: number) => n * scale;
    // not effective
    await h.grant(batch, { faceValue: units(10), effectiveInDays: 10, expiresInDays: 100, createdDaysAgo: 1 });
    // available, untouched
    await h.grant(batch, { faceValue: units(50), effectiveInDays: -20, expiresInDays: 90, createdDaysAgo: 20 });
    // available, partly used and partly refunded, expiring within 7 days
    const partly = await h.grant(batch, { faceValue: units(30), effectiveInDays: -40, expiresInDays: 5, createdDaysAgo: 40 });
    const paid = await h.payWithVoucher(partly, product, buy(14), 30);
    await h.refundToVoucher(paid.order.id, paid.voucher, units(2), 29);
    // used up
    const usedUp = await h.grant(batch, { faceValue: units(5), effectiveInDays: -50, expiresInDays: 60, createdDaysAgo: 50 });
    await h.payWithVoucher(usedUp, product, buy(5), 25);
    // expired after partial use, with a failed attempt after expiry
    const expired = await h.grant(batch, { faceValue: units(20), effectiveInDays: -90, expiresInDays: -5, createdDaysAgo: 90 });
    const spent = await h.payWithVoucher(expired, product, buy(8), 45);
    await h.failedAttempt(spent.voucher, product, 2, 3);
    // voided after partial use
    const voided = await h.grant(batch, { faceValue: units(15), effectiveInDays: -30, expiresInDays: 120, createdDaysAgo: 30 });
    const beforeVoid = await h.payWithVoucher(voided, product, buy(4), 20);
    await h.voidVoucher(beforeVoid.voucher, "Issued to the wrong account", 2);
  }

  // Discount vouchers in every status.
  await h.grant(discountAmount, { effectiveInDays: -3, expiresInDays: 27, createdDaysAgo: 3 });
  await h.grant(discountPercent, { effectiveInDays: -3, expiresInDays: 6, createdDaysAgo: 3 });
  await h.grant(discountPercent, { effectiveInDays: 5, expiresInDays: 35, createdDaysAgo: 1 });
  const usedDiscount = await h.grant(discountAmount, { effectiveInDays: -20, expiresInDays: 10, createdDaysAgo: 20 });
  await h.grant(discountAmount, { effectiveInDays: -60, expiresInDays: -30, createdDaysAgo: 60 });
  const voidedDiscount = await h.grant(discountPercent, { effectiveInDays: -10, expiresInDays: 20, createdDaysAgo: 10 });
  await h.voidVoucher(voidedDiscount, "Campaign withdrawn", 1);

  await h.topUp(yuan(1000 * scale), 35, "Demo top-up");
  await h.payWithDiscountAndCash(usedDiscount, discountAmount.amountOff ?? 0, catalog.serverless, 25, 15);
}

export interface SeedResult {
  codes: Array<{ kind: VoucherKind; code: string }>;
}

/**
 * Fills an empty, migrated database with the demo data. `extraCustomers` adds
 * more customers like alice (own account, same history), which browser tests use
 * so that flows running in parallel never share an account.
 */
export async function seedDemoData(db: Db, now: Date, codesPerBatch = 4, extraCustomers: string[] = []): Promise<SeedResult> {
  // The demo's past, relative to `now`: every row is stamped from it, none by the wall clock.
  const openedAt = addDays(now, -180);
  const issuedAt = addDays(now, -120);
  const adminId = await createUser(db, DEMO_USERS.admin, "Admin", "admin", null, openedAt);

  const [aliceAccount, bobAccount] = await db
    .insert(s.billingAccounts)
    .values([
      // externalRef: the platform's own user id for the account (docs/api.md).
      { publicId: newPublicId("acc"), name: "Alice's lab", externalRef: "platform-user-1001", createdAt: openedAt },
      { publicId: newPublicId("acc"), name: "Bob's studio", externalRef: "platform-user-1002", createdAt: openedAt },
    ])
    .returning();
  await createUser(db, DEMO_USERS.alice, "Alice", "customer", aliceAccount!.id, openedAt);
  await createUser(db, DEMO_USERS.bob, "Bob", "customer", bobAccount!.id, openedAt);

  // The compute providers of SPEC 3: a catalogue that products, batches and vouchers reference by id.
  const [maxxIntel, muxiProvider] = await db
    .insert(s.providers)
    .values([
      { publicId: newPublicId("prv"), name: "MaxXIntel", createdAt: now },
      { publicId: newPublicId("prv"), name: "Muxi", createdAt: now },
    ])
    .returning();
  await db.insert(s.auditLog).values(
    [maxxIntel!, muxiProvider!].map((p) => ({
      actorUserId: adminId,
      action: "provider.create",
      targetType: "provider",
      targetId: p.publicId,
      after: { name: p.name },
      reason: "Demo data",
      createdAt: p.createdAt,
    })),
  );

  const [serverless, muxi, maxx] = await db
    .insert(s.products)
    .values([
      { publicId: newPublicId("prd"), name: "Serverless API - token package", unitPrice: yuan(10), providerId: null, createdAt: openedAt },
      { publicId: newPublicId("prd"), name: "Muxi - Model Resource Package", unitPrice: yuan(50), providerId: muxiProvider!.id, createdAt: openedAt },
      { publicId: newPublicId("prd"), name: "MaxXIntel - GPU hours", unitPrice: yuan(8), providerId: maxxIntel!.id, createdAt: openedAt },
    ])
    .returning();
  const catalog = { serverless: serverless!, muxi: muxi!, maxx: maxx! };

  const base = { createdBy: adminId, quantity: codesPerBatch, redeemBy: addDays(now, 90), createdAt: issuedAt };
  const [cash, discountAmount, discountPercent, compute] = await db
    .insert(s.voucherBatches)
    .values([
      { ...base, publicId: newPublicId("bat"), kind: "cash", name: "Cloud credit 2026", faceValue: yuan(100), effectiveAt: addDays(now, -1), expiresAt: addDays(now, 180) },
      { ...base, publicId: newPublicId("bat"), kind: "discount", name: `${shown(50)} off orders of ${shown(200)}`, amountOff: yuan(50), minOrderAmount: yuan(200), validDays: 30 },
      { ...base, publicId: newPublicId("bat"), kind: "discount", name: `20% off, up to ${shown(30)}`, payBasisPoints: 8000, maxDiscount: yuan(30), validDays: 30 },
      { ...base, publicId: newPublicId("bat"), kind: "compute", name: "GPU starter pack", faceValue: yuan(200), providerIds: [maxxIntel!.id, muxiProvider!.id], validDays: 90 },
    ])
    .returning();
  const batches = { cash: cash!, discountAmount: discountAmount!, discountPercent: discountPercent!, compute: compute! };
  await db.insert(s.auditLog).values(
    Object.values(batches).map((b) => ({
      actorUserId: adminId,
      action: "batch.issue",
      targetType: "batch",
      targetId: b.publicId,
      after: { name: b.name, kind: b.kind, quantity: b.quantity },
      reason: "Demo data",
      createdAt: b.createdAt,
    })),
  );

  // Unredeemed codes: only the keyed hash and last 4 characters reach the database.
  const secret = voucherCodeSecret();
  const codes: SeedResult["codes"] = [];
  for (const batch of [batches.cash, batches.discountAmount, batches.compute]) {
    for (let i = 0; i < codesPerBatch; i++) {
      const code = generateCode(CODE_FORMAT_OF_KIND[batch.kind]);
      codes.push({ kind: batch.kind, code });
      await db.insert(s.redemptionCodes).values({ batchId: batch.id, codeHash: hashCode(code, secret), last4: codeLast4(code) });
    }
  }

  const alice = new AccountHistory(db, aliceAccount!.id, now, adminId);
  await seedCustomer(alice, catalog, batches, 1);
  await alice.saveCashBalance();

  const bob = new AccountHistory(db, bobAccount!.id, now, adminId);
  await seedCustomer(bob, catalog, batches, 2);
  // Bob's post-paid usage outran his top-ups: he is in arrears.
  await bob.saveCashBalance();
  const chargedAt = addDays(now, -4);
  const chargeReason = "Post-paid GPU usage, October";
  const charged = await moveCash(db, bob.accountId, { type: "charge", amount: yuan(2000), reason: chargeReason, createdBy: adminId }, chargedAt);
  if (!charged.ok) throw new Error(`seed: the demo charge was refused (${charged.reason})`);
  const balanceAfter = charged.cashBalance;
  await db.insert(s.auditLog).values({
    actorUserId: adminId,
    action: "account.charge",
    targetType: "account",
    targetId: bobAccount!.publicId,
    before: { cashBalance: balanceAfter + yuan(2000) },
    after: { cashBalance: balanceAfter, charge: yuan(2000) },
    reason: chargeReason,
    createdAt: chargedAt,
  });

  for (const email of extraCustomers) {
    const [account] = await db.insert(s.billingAccounts).values({ publicId: newPublicId("acc"), name: email, createdAt: openedAt }).returning();
    await createUser(db, email, email.split("@")[0]!, "customer", account!.id, openedAt);
    const history = new AccountHistory(db, account!.id, now, adminId);
    await seedCustomer(history, catalog, batches, 1);
    await history.saveCashBalance();
  }

  return { codes };
}

/** Whether the demo users already exist. */
export async function isSeeded(db: Db): Promise<boolean> {
  const rows = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, DEMO_USERS.admin)).limit(1);
  return rows.length > 0;
}

export function writeDemoCodes(codes: SeedResult["codes"], file = path.join(".data", "demo-codes.txt")) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, codes.map((c) => `${c.kind} ${c.code}`).join("\n") + "\n", { mode: 0o600 });
  return file;
}

async function main() {
  if (process.env.NODE_ENV === "production") {
    console.error("Refusing to seed demo data in production (NODE_ENV=production).");
    process.exit(1);
  }
  const database = await getDatabase();
  try {
    await migrateDatabase(database);
    const db = await getDb();
    if (await isSeeded(db)) {
      console.log("Demo data is already there; nothing to do.");
      return;
    }
    // The one place the demo reads the wall clock: the demo is seeded as of its first run.
    const { codes } = await db.transaction(async (tx) => seedDemoData(tx as unknown as Db, new Date()));
    const file = writeDemoCodes(codes);
    console.log(`Seeded demo data (${database.driver}). Unredeemed demo codes: ${file}`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
