import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
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
import { planFailureMessage } from "@/lib/failure-messages";
import { toldPlanFailure, type PaymentFailure } from "@/lib/failures";
import { newPublicId } from "@/lib/ids";
import { invoiceableAmount } from "@/lib/orders/amounts";
import { formatMoney as formatIn } from "@/lib/money";
import {
  planPayment,
  type PaymentPlan,
  type PlanChoices,
  type PlanFailure,
  type PlanOrder,
  type PlanVoucher,
} from "@/lib/orders/plan";
import type { DiscountTerms, VoucherKind } from "@/lib/vouchers/kinds";
import { pendingOrderMinutes, platformCurrency } from "@/lib/config";

/** Amounts in messages, in the platform currency. */
const formatMoney = (minor: number) => formatIn(minor, platformCurrency());
import { choicesOfShown, holdToShown, voucherIdsOfShown, type PayFailure, type ShownPlan } from "@/lib/orders/shown-plan";
import { isOrderExpired, orderExpiresAt, orderStatusAt, type OrderStatus } from "@/lib/orders/status";
import { providerNameMap } from "./providers";
import { deductibleVoucherSql } from "./status-sql";
import { rowsOf, transactionWithRetry } from "./tx";
import { discountTermsOf } from "./vouchers";
import { DalError, messageOf } from "./errors";
import { requireAccount, type Viewer } from "./viewer";

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
  if (!product) throw new DalError({ code: "not_found", reason: "product_for_sale" });
  return product;
}

function planOrderOf(product: Product, quantity: number): PlanOrder {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new DalError({ code: "invalid_input", reason: "quantity", max: MAX_QUANTITY });
  }
  const amount = product.unitPrice * quantity;
  if (!Number.isSafeInteger(amount)) throw new DalError({ code: "invalid_input", reason: "order_too_large" });
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
  const usable = deductibleVoucherSql(now);
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
  if (!row) throw new DalError({ code: "not_found", reason: "billing_account" });
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

/** The account's vouchers and cash balance planned against an order, as the order page shows it. Reads only. */
async function planQuote(
  db: Db,
  accountId: number,
  order: PlanOrder,
  choices: ChoicesInput,
  now: Date,
): Promise<Pick<Quote, "cashBalance" | "options" | "result"> & { providerNames: ReadonlyMap<number, string> }> {
  const [rows, cashBalance, names] = await Promise.all([
    candidateVouchers(db, accountId, choices, now, false),
    cashBalanceOf(db, accountId, false),
    providerNameMap(db),
  ]);
  const result = planPayment(order, rows.map(toPlanVoucher), cashBalance, now, resolveChoices(rows, choices));
  return {
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
    providerNames: names,
  };
}

const withoutNames = <T extends { providerNames: unknown }>({ providerNames: _names, ...rest }: T) => rest;

/** Customer: the live plan for buying `quantity` of a product with the caller's vouchers and choices. Changes nothing. */
export async function quoteOrder(viewer: Viewer | null, request: OrderRequest, choices: ChoicesInput, now: Date): Promise<Quote> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const product = await loadProduct(db, request.productPublicId);
  const order = planOrderOf(product, request.quantity);
  const planned = await planQuote(db, accountId, order, choices, now);
  const { providerNames } = planned;
  return {
    product: {
      publicId: product.publicId,
      name: product.name,
      provider: product.providerId === null ? null : (providerNames.get(product.providerId) ?? null),
      unitPrice: product.unitPrice,
    },
    quantity: request.quantity,
    amount: order.amount,
    ...withoutNames(planned),
  };
}

/**
 * What Pay charges: the plan the page showed (SPEC 6: the contract), or, for
 * callers that never show one (benchmarks, the reliability model, a platform
 * service that asks for it explicitly), the plan these choices give on the
 * locked rows.
 */
export type PlanToPay = { shown: ShownPlan } | { automatic: ChoicesInput };

/**
 * A payment's outcome. A failed payment is recorded on the order (a failed
 * payment row and usage record, with `message` as their reason), so it is
 * returned, not thrown: throwing would roll the record back.
 */
export type PayOutcome =
  | { ok: true; orderPublicId: string; plan: PaymentPlan | null; alreadyPaid: boolean }
  | { ok: false; orderPublicId: string; failure: PaymentFailure; message: string };

/** The failure of a payment on `orderPublicId`, as it may leave the server (provider names read only when it names providers). */
async function paymentFailure(tx: Db, orderPublicId: string, failure: PayFailure): Promise<PaymentFailure> {
  if (failure.reason === "plan_changed") return { code: "payment_failed", orderPublicId, ...failure };
  const names = failure.reason === "provider_mismatch" ? await providerNameMap(tx) : new Map<number, string>();
  return { code: "payment_failed", orderPublicId, ...toldPlanFailure(failure, names) };
}

/** The voucher a failure is about, if any, for its usage record. */
function failureVoucher(failure: PayFailure, locked: VoucherRow[]): VoucherRow | undefined {
  if (failure.reason === "plan_changed") {
    const change = failure.changes.find((c) => c.what === "voucher" || c.what === "discount");
    return change && "voucher" in change ? locked.find((v) => v.publicId === change.voucher) : undefined;
  }
  return "voucherId" in failure && failure.voucherId > 0 ? locked.find((v) => v.id === failure.voucherId) : undefined;
}

/**
 * Bad input is refused before an order exists or a failure is recorded: every
 * voucher the shown plan names must be one of the account's, of the right kind.
 * (Whether it can still pay is the payment's question, asked on locked rows.)
 */
async function assertOwnVouchers(db: Db, accountId: number, shown: ShownPlan): Promise<void> {
  const ids = voucherIdsOfShown(shown);
  if (ids.length === 0) return;
  const rows = await db
    .select({ publicId: vouchers.publicId, kind: vouchers.kind })
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), inArray(vouchers.publicId, ids)));
  const kindOf = new Map(rows.map((r) => [r.publicId, r.kind]));
  if (ids.some((id) => !kindOf.has(id))) {
    throw new DalError({ code: "invalid_input", reason: "voucher_choice", failure: { reason: "unknown_voucher" } });
  }
  const discount = shown.discount?.voucher;
  if (discount !== undefined && kindOf.get(discount) !== "discount") {
    throw new DalError({ code: "invalid_input", reason: "voucher_choice", failure: { reason: "wrong_kind", publicId: discount, kind: kindOf.get(discount)!, expected: "discount" } });
  }
  const misplaced = shown.vouchers.find((v) => kindOf.get(v.voucher) === "discount");
  if (misplaced) {
    throw new DalError({ code: "invalid_input", reason: "voucher_choice", failure: { reason: "wrong_kind", publicId: misplaced.voucher, kind: "discount", expected: "stored_value" } });
  }
}

/** The vouchers a shown plan names, locked FOR UPDATE in id order; the plan considers no other. */
function shownVouchers(db: Db, accountId: number, shown: ShownPlan): PromiseLike<VoucherRow[]> {
  const ids = voucherIdsOfShown(shown);
  return db
    .select()
    .from(vouchers)
    // A plan paid from the cash balance alone names none: "" matches no public id, and
    // the query stays one builder in payOrderTx's single round trip.
    .where(and(eq(vouchers.accountId, accountId), inArray(vouchers.publicId, ids.length > 0 ? ids : [""])))
    .orderBy(asc(vouchers.id))
    .for("update");
}

/** Refuses to pay an order that can no longer be paid: expired, or a product no longer for sale. */
function assertPayable(order: { expiresAt: Date; status: "pending" }, items: Array<{ productName: string; retiredAt: Date | null }>, now: Date): void {
  if (isOrderExpired(order, now)) {
    throw new DalError({ code: "conflict", reason: "order_expired", expiresAt: order.expiresAt });
  }
  const retired = items.find((i) => i.retiredAt !== null);
  if (retired) throw new DalError({ code: "conflict", reason: "product_off_sale", productName: retired.productName });
}

/**
 * Pays a pending order of the caller's account in one transaction. Locks, in this
 * fixed order, the order row, the account row, then the vouchers by id (the shown
 * plan's, or every usable one for the automatic plan); plans again on the locked
 * rows and, for a shown plan, pays only if the result is that very plan; and
 * writes every deduction, the cash movement, the usage records, the payment and
 * the order together. If the plan no longer holds, it records a failed payment
 * and failed usage and changes no balance. An expired order, or one whose product
 * was retired, is refused and nothing is written. An order already paid returns
 * `alreadyPaid` and changes nothing: whatever the retries or concurrent requests,
 * an order is paid once (the partial unique index on payments backs this up).
 */
async function payOrderTx(db: Db, accountId: number, orderId: number, toPay: PlanToPay, now: Date): Promise<PayOutcome> {
  const shown = "shown" in toPay ? toPay.shown : null;
  const choices = "shown" in toPay ? choicesOfShown(toPay.shown) : toPay.automatic;
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
      shown ? shownVouchers(tx, accountId, shown) : candidateVouchers(tx, accountId, choices, now, true),
      tx
        .select({
          productId: orderItems.productId,
          productName: orderItems.productName,
          providerId: orderItems.providerId,
          amount: orderItems.amount,
          retiredAt: products.retiredAt,
        })
        .from(orderItems)
        .innerJoin(products, eq(products.id, orderItems.productId))
        .where(eq(orderItems.orderId, orderId)),
    ]);
    if (!order) throw new DalError({ code: "not_found", reason: "order" });
    if (order.status !== "pending") {
      if (order.status === "cancelled") throw new DalError({ code: "conflict", reason: "order_cancelled" });
      return { ok: true, orderPublicId: order.publicId, plan: null, alreadyPaid: true };
    }
    assertPayable({ ...order, status: "pending" }, items, now);
    if (!accountRow) throw new DalError({ code: "not_found", reason: "billing_account" });
    const planOrder: PlanOrder = {
      amount: order.amount,
      items: items.map((i) => ({ productId: i.productId, providerId: i.providerId, amount: i.amount })),
    };
    const planned = planPayment(planOrder, locked.map(toPlanVoucher), accountRow.cashBalance, now, resolveChoices(locked, choices));
    const result = shown ? holdToShown(shown, order.amount, planned) : planned;

    if (!result.ok) {
      // Provider names only for a failure that names providers: the success path reads none.
      const failure = await paymentFailure(tx, order.publicId, result.failure);
      const message = messageOf(failure);
      const voucher = failureVoucher(result.failure, locked);
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
      return { ok: false, orderPublicId: order.publicId, failure, message };
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
  input: OrderRequest & { plan: PlanToPay; requestKey: string },
  now: Date,
): Promise<PayOutcome> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  // Bad input (a product not for sale, a voucher not the account's) is refused before an order exists.
  const product = await loadProduct(db, input.productPublicId);
  const planOrder = planOrderOf(product, input.quantity);
  const item = planOrder.items[0]!;
  if ("shown" in input.plan) await assertOwnVouchers(db, accountId, input.plan.shown);

  const orderId = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(orders)
      .values({
        publicId: newPublicId("ord"),
        accountId,
        amount: planOrder.amount,
        requestKey: input.requestKey,
        createdAt: now,
        expiresAt: orderExpiresAt(now, pendingOrderMinutes()),
      })
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
      throw new DalError({ code: "conflict", reason: "order_request_used" });
    }
    return existing.id;
  });
  // Not the same transaction: inserting the order takes a key-share lock on the
  // account row (its foreign key), and two such transactions of one account
  // would then deadlock on the account's FOR UPDATE below.
  return payOrderTx(db, accountId, orderId, input.plan, now);
}

/** Customer: pays (again) a pending order of the caller's own account, with the plan its page showed. */
export async function payOrder(viewer: Viewer | null, orderPublicId: string, toPay: PlanToPay, now: Date): Promise<PayOutcome> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const [order] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.publicId, orderPublicId), eq(orders.accountId, accountId)));
  if (!order) throw new DalError({ code: "not_found", reason: "order" });
  if ("shown" in toPay) await assertOwnVouchers(db, accountId, toPay.shown);
  return payOrderTx(db, accountId, order.id, toPay, now);
}


export interface OrderSummary {
  publicId: string;
  status: OrderStatus;
  amount: number;
  productName: string;
  quantity: number;
  createdAt: Date;
  paidAt: Date | null;
}

/** Customer: the caller's orders, newest first, each with its status at `now` (a pending order may have expired). */
export async function listMyOrders(viewer: Viewer | null, now: Date, limit = 50): Promise<OrderSummary[]> {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const rows = await db
    .select({
      publicId: orders.publicId,
      status: orders.status,
      expiresAt: orders.expiresAt,
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
  return rows.map(({ expiresAt, ...row }) => ({ ...row, status: orderStatusAt({ status: row.status, expiresAt }, now) }));
}

/**
 * Customer: one order of the caller's account with its items, allocation per
 * voucher, and refunds, its status at `now`, and, while it can still be paid,
 * the automatic plan to pay it with (the page shows it, and Pay sends it back).
 */
export async function getMyOrder(viewer: Viewer | null, orderPublicId: string, now: Date) {
  const accountId = requireAccount(viewer);
  const db = await getDb();
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.publicId, orderPublicId), eq(orders.accountId, accountId)));
  if (!order) throw new DalError({ code: "not_found", reason: "order" });
  const [items, usage, orderRefunds] = await Promise.all([
    db
      .select({ item: orderItems, retiredAt: products.retiredAt, productPublicId: products.publicId })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.id)),
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
  const status = orderStatusAt(order, now);
  const retired = items.find((i) => i.retiredAt !== null)?.item.productName ?? null;
  const payable = status === "pending" && retired === null;
  const planOrder: PlanOrder = { amount: order.amount, items: items.map(({ item }) => ({ productId: item.productId, providerId: item.providerId, amount: item.amount })) };
  const first = items[0];
  return {
    publicId: order.publicId,
    status,
    expiresAt: order.expiresAt,
    /** The product no longer for sale that keeps a pending order from being paid, if any. */
    retiredProduct: status === "pending" ? retired : null,
    /** What a new order of the same thing would be: the one-click way on after expiry. */
    reorder: first ? { productPublicId: first.productPublicId, quantity: first.item.quantity } : null,
    quote: payable ? withoutNames(await planQuote(db, accountId, planOrder, {}, now)) : null,
    amount: order.amount,
    discountAmount: order.discountAmount,
    voucherAmount: order.voucherAmount,
    cashAmount: order.cashAmount,
    refundedAmount: order.refundedAmount,
    /** SPEC 6: what the cash balance paid, net of refunds to it. */
    invoiceable: invoiceableAmount(order.cashAmount, usage),
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    items: items.map((i) => i.item),
    usage,
    refunds: orderRefunds.map((r) => ({ publicId: r.publicId, amount: r.amount, reason: r.reason, createdAt: r.createdAt })),
  };
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
