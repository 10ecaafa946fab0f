import "server-only";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import {
  billingAccounts,
  cashMovements,
  orderItems,
  orders,
  payments,
  products,
  providers,
  refunds,
  usageRecords,
  vouchers,
} from "@/db/schema";
import { newPublicId } from "@/lib/ids";
import { formatMoney } from "@/lib/money";
import {
  planFailureMessage,
  planPayment,
  type PaymentPlan,
  type PlanChoices,
  type PlanFailure,
  type PlanOrder,
  type PlanVoucher,
} from "@/lib/orders/plan";
import type { DiscountTerms, VoucherKind } from "@/lib/vouchers/kinds";
import { providerNameMap } from "./providers";
import { rowsOf, transactionWithRetry } from "./tx";
import { discountTermsOf } from "./vouchers";
import { DalError, requireAccount, type Viewer } from "./viewer";

import { MAX_QUANTITY, type ChoicesInput } from "@/lib/orders/request";

/** What the customer asks to buy: a catalog product and a quantity. Prices come from the catalog. */
export interface OrderRequest {
  productPublicId: string;
  quantity: number;
}

export type { ChoicesInput };

type Product = typeof products.$inferSelect;
type VoucherRow = typeof vouchers.$inferSelect;

async function loadProduct(db: Db, publicId: string): Promise<Product> {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.publicId, publicId), isNull(products.retiredAt)));
  if (!product) throw new DalError("not_found", "This product is not for sale.");
  return product;
}

function planOrderOf(product: Product, quantity: number): PlanOrder {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new DalError("invalid_input", `Quantity must be a whole number from 1 to ${MAX_QUANTITY}.`);
  }
  const amount = product.unitPrice * quantity;
  if (!Number.isSafeInteger(amount)) throw new DalError("invalid_input", "This order is too large.");
  return { amount, items: [{ productId: product.id, providerId: product.providerId, amount }] };
}

function toPlanVoucher(v: VoucherRow): PlanVoucher {
  return {
    id: v.id,
    publicId: v.publicId,
    kind: v.kind,
    balance: v.balance,
    terms: discountTermsOf(v),
    providerIds: v.providerIds,
    effectiveAt: v.effectiveAt,
    expiresAt: v.expiresAt,
    createdAt: v.createdAt,
    voidedAt: v.voidedAt,
    consumedAt: v.consumedAt,
  };
}

/**
 * The account's vouchers that could pay at `now` (available, unspent), plus the
 * ones the customer chose (so the planner can say why a chosen one can't pay),
 * locked FOR UPDATE in id order when `lock` is set, so every payer locks in the
 * same order.
 */
function candidateVouchers(db: Db, accountId: number, choices: ChoicesInput, now: Date, lock: boolean): PromiseLike<VoucherRow[]> {
  const chosen = chosenIds(choices);
  const usable = and(
    isNull(vouchers.voidedAt),
    lte(vouchers.effectiveAt, now),
    gt(vouchers.expiresAt, now),
    or(gt(vouchers.balance, 0), and(eq(vouchers.kind, "discount"), isNull(vouchers.consumedAt))),
  );
  const query = db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), chosen.length ? or(usable, inArray(vouchers.publicId, chosen)) : usable))
    .orderBy(asc(vouchers.id));
  return lock ? query.for("update") : query;
}

/**
 * Maps public ids to internal ids among the account's candidate vouchers. An id
 * the account doesn't own (or that doesn't exist) maps to -1, which the planner
 * reports as an unknown voucher.
 */
function chosenIds(input: ChoicesInput): string[] {
  return [...(input.vouchers ?? []), ...(input.discount ? [input.discount] : [])];
}

function resolveChoices(candidates: VoucherRow[], input: ChoicesInput): PlanChoices {
  const idOf = (publicId: string) => candidates.find((o) => o.publicId === publicId)?.id ?? -1;
  return {
    discountVoucherId: input.discount === undefined ? undefined : input.discount === null ? null : idOf(input.discount),
    voucherIds: input.vouchers?.map(idOf),
  };
}

async function cashBalanceOf(db: Db, accountId: number, lock: boolean): Promise<number> {
  const query = db.select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new DalError("not_found", "Billing account not found.");
  return row.cashBalance;
}

export interface QuoteOption {
  publicId: string;
  kind: VoucherKind;
  balance: number | null;
  terms: DiscountTerms | null;
  /** Provider display names, sorted. */
  providers: string[] | null;
  expiresAt: Date;
}

/** Display names of provider ids, sorted (providers are never deleted, so every id has a name). */
function namesOf(ids: readonly number[] | null, names: ReadonlyMap<number, string>): string[] | null {
  return ids === null ? null : ids.flatMap((id) => names.get(id) ?? []).sort();
}

export interface Quote {
  product: { publicId: string; name: string; provider: string | null; unitPrice: number };
  quantity: number;
  amount: number;
  cashBalance: number;
  /** The vouchers the customer may pick from (available now). */
  options: QuoteOption[];
  result: { ok: true; plan: PaymentPlan } | { ok: false; failure: PlanFailure; message: string };
}

/** Customer: the live plan for buying `quantity` of a product with the caller's vouchers and choices. Changes nothing. */
export async function quoteOrder(viewer: Viewer | null, request: OrderRequest, choices: ChoicesInput, now: Date): Promise<Quote> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const product = await loadProduct(db, request.productPublicId);
  const order = planOrderOf(product, request.quantity);
  const [rows, cashBalance, names] = await Promise.all([
    candidateVouchers(db, accountId, choices, now, false),
    cashBalanceOf(db, accountId, false),
    providerNameMap(db),
  ]);
  const result = planPayment(order, rows.map(toPlanVoucher), cashBalance, now, resolveChoices(rows, choices));
  return {
    product: {
      publicId: product.publicId,
      name: product.name,
      provider: product.providerId === null ? null : (names.get(product.providerId) ?? null),
      unitPrice: product.unitPrice,
    },
    quantity: request.quantity,
    amount: order.amount,
    cashBalance,
    options: rows.map((v) => ({
      publicId: v.publicId,
      kind: v.kind,
      balance: v.balance,
      terms: discountTermsOf(v),
      providers: namesOf(v.providerIds, names),
      expiresAt: v.expiresAt,
    })),
    result: result.ok ? result : { ...result, message: planFailureMessage(result.failure, formatMoney, names) },
  };
}

export type PayOutcome =
  | { ok: true; orderPublicId: string; plan: PaymentPlan | null; alreadyPaid: boolean }
  | { ok: false; orderPublicId: string; failure: PlanFailure; message: string };

/** The voucher a failure is about, if any, for its usage record. */
function failureVoucherId(failure: PlanFailure): number | null {
  return "voucherId" in failure && failure.voucherId > 0 ? failure.voucherId : null;
}

/**
 * Pays a pending order of the caller's account in one transaction. Locks, in this
 * fixed order, the order row, the account row, then the usable vouchers by id;
 * plans again on the locked rows; and writes every deduction, the cash movement,
 * the usage records, the payment and the order together. If the plan no longer
 * holds, it records a failed payment and failed usage and changes no balance.
 * An order already paid returns `alreadyPaid` and changes nothing: whatever the
 * retries or concurrent requests, an order is paid once (the partial unique
 * index on payments backs this up).
 */
async function payOrderTx(db: Db, accountId: number, orderId: number, choices: ChoicesInput, now: Date): Promise<PayOutcome> {
  return transactionWithRetry(db, async (tx) => {
    // The four reads go out together: one round trip on PostgreSQL. They are
    // query builders of one kind, started by Promise.all in array order, so the
    // driver sends them in this order and the server runs them in order: the
    // locks are still taken order, account, vouchers by id. (An order that turns
    // out not to be pending has then locked the account for nothing, briefly.)
    const [[order], [accountRow], locked, items] = await Promise.all([
      tx
        .select()
        .from(orders)
        .where(and(eq(orders.id, orderId), eq(orders.accountId, accountId)))
        .for("update"),
      tx.select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId)).for("update"),
      candidateVouchers(tx, accountId, choices, now, true),
      tx.select().from(orderItems).where(eq(orderItems.orderId, orderId)),
    ]);
    if (!order) throw new DalError("not_found", "Order not found.");
    if (order.status !== "pending") {
      if (order.status === "cancelled") throw new DalError("conflict", "This order was cancelled.");
      return { ok: true, orderPublicId: order.publicId, plan: null, alreadyPaid: true };
    }
    if (!accountRow) throw new DalError("not_found", "Billing account not found.");
    const cashBalance = accountRow.cashBalance;
    const planOrder: PlanOrder = {
      amount: order.amount,
      items: items.map((i) => ({ productId: i.productId, providerId: i.providerId, amount: i.amount })),
    };
    const result = planPayment(planOrder, locked.map(toPlanVoucher), cashBalance, now, resolveChoices(locked, choices));

    if (!result.ok) {
      // Provider names only for the message of a failure: the success path reads none.
      const message = planFailureMessage(result.failure, formatMoney, await providerNameMap(tx));
      const voucherId = failureVoucherId(result.failure);
      const voucher = voucherId ? locked.find((v) => v.id === voucherId) : undefined;
      await tx.insert(payments).values({ orderId: order.id, status: "failed", amount: order.amount, failureReason: message, createdAt: now });
      await tx.insert(usageRecords).values({
        accountId,
        orderId: order.id,
        voucherId: voucher?.id ?? null,
        source: voucher?.kind ?? "cash_balance",
        type: "deduction",
        status: "failure",
        amount: order.amount,
        failureReason: message,
        createdAt: now,
      });
      return { ok: false, orderPublicId: order.publicId, failure: result.failure, message };
    }

    const plan = result.plan;
    const records: Array<typeof usageRecords.$inferInsert> = [];
    const base = { accountId, orderId: order.id, type: "deduction" as const, status: "success" as const, createdAt: now };

    if (plan.discount) {
      const consumed = await tx
        .update(vouchers)
        .set({ consumedAt: now, consumedOrderId: order.id })
        .where(and(eq(vouchers.id, plan.discount.voucherId), isNull(vouchers.consumedAt)))
        .returning({ id: vouchers.id });
      if (consumed.length !== 1) throw new Error("discount voucher changed under its lock");
      records.push({ ...base, voucherId: plan.discount.voucherId, source: "discount", amount: plan.discount.amount });
    }

    if (plan.allocations.length > 0) {
      // One guarded statement for every voucher: each balance only goes down by what it has.
      const values = sql.join(
        plan.allocations.map((a) => sql`(${a.voucherId}::bigint, ${a.amount}::bigint)`),
        sql`, `,
      );
      const updated = rowsOf<{ id: string | number; balance: string | number }>(
        await tx.execute(sql`UPDATE ${vouchers} AS v SET balance = v.balance - d.amount
          FROM (VALUES ${values}) AS d(id, amount)
          WHERE v.id = d.id AND v.balance >= d.amount
          RETURNING v.id, v.balance`),
      );
      if (updated.length !== plan.allocations.length) throw new Error("voucher balance changed under its lock");
      for (const a of plan.allocations) {
        const row = updated.find((u) => Number(u.id) === a.voucherId);
        records.push({ ...base, voucherId: a.voucherId, source: a.kind, amount: a.amount, balanceAfter: Number(row?.balance) });
      }
    }

    if (plan.cashBalancePart > 0) {
      const [account] = await tx
        .update(billingAccounts)
        .set({ cashBalance: sql`${billingAccounts.cashBalance} - ${plan.cashBalancePart}` })
        .where(and(eq(billingAccounts.id, accountId), gte(billingAccounts.cashBalance, plan.cashBalancePart)))
        .returning({ cashBalance: billingAccounts.cashBalance });
      if (!account) throw new Error("cash balance changed under its lock");
      await tx.insert(cashMovements).values({
        accountId,
        type: "payment",
        amount: plan.cashBalancePart,
        balanceAfter: account.cashBalance,
        orderId: order.id,
        createdAt: now,
      });
      records.push({ ...base, voucherId: null, source: "cash_balance", amount: plan.cashBalancePart, balanceAfter: account.cashBalance });
    }

    // Independent writes, sent together (one round trip).
    await Promise.all([
      records.length > 0 ? tx.insert(usageRecords).values(records) : null,
      tx.insert(payments).values({ orderId: order.id, status: "succeeded", amount: order.amount, createdAt: now }),
      tx
        .update(orders)
        .set({
          status: "paid",
          discountAmount: plan.discount?.amount ?? 0,
          voucherAmount: plan.voucherTotal,
          cashAmount: plan.cashBalancePart,
          paidAt: now,
        })
        .where(eq(orders.id, order.id)),
    ]);
    return { ok: true, orderPublicId: order.publicId, plan, alreadyPaid: false };
  });
}

/**
 * Customer: places an order for a catalog product and pays it. `requestKey` (from
 * the client, one per order form) makes the whole call idempotent: a retried or
 * doubled request finds the same order, and paying a paid order changes nothing.
 */
export async function placeAndPayOrder(
  viewer: Viewer | null,
  input: OrderRequest & { choices: ChoicesInput; requestKey: string },
  now: Date,
): Promise<PayOutcome> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const product = await loadProduct(db, input.productPublicId);
  const planOrder = planOrderOf(product, input.quantity);
  const item = planOrder.items[0]!;

  const orderId = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(orders)
      .values({ publicId: newPublicId("ord"), accountId, amount: planOrder.amount, requestKey: input.requestKey, createdAt: now })
      .onConflictDoNothing({ target: [orders.accountId, orders.requestKey] })
      .returning({ id: orders.id });
    if (created) {
      await tx.insert(orderItems).values({
        orderId: created.id,
        productId: product.id,
        productName: product.name,
        providerId: product.providerId,
        unitPrice: product.unitPrice,
        quantity: input.quantity,
        amount: item.amount,
      });
      return created.id;
    }
    // The same request again: it must be for the same thing.
    const [existing] = await tx
      .select({ id: orders.id, productId: orderItems.productId, quantity: orderItems.quantity })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .where(and(eq(orders.accountId, accountId), eq(orders.requestKey, input.requestKey)));
    if (!existing || existing.productId !== product.id || existing.quantity !== input.quantity) {
      throw new DalError("conflict", "This request was already used for another order. Reload the page and try again.");
    }
    return existing.id;
  });
  // Not the same transaction: inserting the order takes a key-share lock on the
  // account row (its foreign key), and two such transactions of one account
  // would then deadlock on the account's FOR UPDATE below.
  return payOrderTx(db, accountId, orderId, input.choices, now);
}

/** Customer: pays (again) a pending order of the caller's own account. */
export async function payOrder(viewer: Viewer | null, orderPublicId: string, choices: ChoicesInput, now: Date): Promise<PayOutcome> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const [order] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.publicId, orderPublicId), eq(orders.accountId, accountId)));
  if (!order) throw new DalError("not_found", "Order not found.");
  return payOrderTx(db, accountId, order.id, choices, now);
}


export interface OrderSummary {
  publicId: string;
  status: string;
  amount: number;
  productName: string;
  quantity: number;
  createdAt: Date;
  paidAt: Date | null;
}

/** Customer: the caller's orders, newest first. */
export async function listMyOrders(viewer: Viewer | null, limit = 50): Promise<OrderSummary[]> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  return db
    .select({
      publicId: orders.publicId,
      status: orders.status,
      amount: orders.amount,
      productName: orderItems.productName,
      quantity: orderItems.quantity,
      createdAt: orders.createdAt,
      paidAt: orders.paidAt,
    })
    .from(orders)
    .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(eq(orders.accountId, accountId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

/** Customer: one order of the caller's account with its items, allocation per voucher, and refunds. */
export async function getMyOrder(viewer: Viewer | null, orderPublicId: string) {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.publicId, orderPublicId), eq(orders.accountId, accountId)));
  if (!order) throw new DalError("not_found", "Order not found.");
  const [items, usage, orderRefunds] = await Promise.all([
    db.select().from(orderItems).where(eq(orderItems.orderId, order.id)),
    db
      .select({
        createdAt: usageRecords.createdAt,
        voucherPublicId: vouchers.publicId,
        source: usageRecords.source,
        type: usageRecords.type,
        status: usageRecords.status,
        amount: usageRecords.amount,
        balanceAfter: usageRecords.balanceAfter,
        failureReason: usageRecords.failureReason,
      })
      .from(usageRecords)
      .leftJoin(vouchers, eq(vouchers.id, usageRecords.voucherId))
      .where(and(eq(usageRecords.orderId, order.id), eq(usageRecords.accountId, accountId)))
      .orderBy(asc(usageRecords.createdAt), asc(usageRecords.id)),
    db.select().from(refunds).where(eq(refunds.orderId, order.id)).orderBy(asc(refunds.createdAt)),
  ]);
  return {
    publicId: order.publicId,
    status: order.status,
    amount: order.amount,
    discountAmount: order.discountAmount,
    voucherAmount: order.voucherAmount,
    cashAmount: order.cashAmount,
    refundedAmount: order.refundedAmount,
    /** SPEC 6: what the cash balance paid, net of refunds to it. */
    invoiceable: order.cashAmount - cashRefunded(usage),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    items,
    usage,
    refunds: orderRefunds.map((r) => ({ publicId: r.publicId, amount: r.amount, reason: r.reason, createdAt: r.createdAt })),
  };
}

function cashRefunded(usage: Array<{ source: string; type: string; status: string; amount: number }>): number {
  return usage
    .filter((u) => u.source === "cash_balance" && u.type === "refund" && u.status === "success")
    .reduce((sum, u) => sum + u.amount, 0);
}

/** Everything a product picker needs: the catalog products for sale. */
export async function listProducts(viewer: Viewer | null) {
  requireAccount(viewer);
  const db = await getDb();
  return db
    .select({ publicId: products.publicId, name: products.name, unitPrice: products.unitPrice, provider: providers.name })
    .from(products)
    .leftJoin(providers, eq(providers.id, products.providerId))
    .where(isNull(products.retiredAt))
    .orderBy(asc(products.id));
}

/** Customer: the caller's cash balance (negative when in arrears). */
export async function getMyCashBalance(viewer: Viewer | null): Promise<number> {
  const accountId = requireAccount(viewer);
  return cashBalanceOf(await getDb(), accountId, false);
}
