import "server-only";
import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { billingAccounts, cashMovements, orderItems, orders, payments, products, usageRecords, vouchers } from "@/db/schema";
import { pendingOrderMinutes } from "@/lib/config";
import { toldPlanFailure, type PaymentFailure } from "@/lib/failures";
import { newPublicId } from "@/lib/ids";
import { planPayment, type PaymentPlan, type PlanOrder } from "@/lib/orders/plan";
import type { ChoicesInput } from "@/lib/orders/request";
import { choicesOfShown, holdToShown, voucherIdsOfShown, type PayFailure, type ShownPlan } from "@/lib/orders/shown-plan";
import { isOrderExpired, orderExpiresAt } from "@/lib/orders/status";
import { DalError, messageOf } from "../errors";
import { recordEvents } from "../events";
import { requestLocale } from "../request-locale";
import { providerNameMap } from "../providers";
import { ROW_LOCK, rowsOf, transactionWithRetry } from "../tx";
import { requireAccount, type Viewer } from "../viewer";
import { type OrderRequest, type VoucherRow, planOrderOf, toPlanVoucher, candidateVouchers, resolveChoices, shownVoucherWhere } from "./inputs";
import { payNewOrderInOneTrip, readPaySnapshot } from "./pay-new";

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
  checkOwnVouchers(shown, rows);
}

/** The check of assertOwnVouchers on the rows already read: the account's vouchers among those the plan names. */
function checkOwnVouchers(shown: ShownPlan, rows: ReadonlyArray<{ publicId: string; kind: VoucherRow["kind"] }>): void {
  const ids = voucherIdsOfShown(shown);
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

/** The vouchers a shown plan names, locked (FOR NO KEY UPDATE) in id order; the plan considers no other. */
function shownVouchers(db: Db, accountId: number, shown: ShownPlan): PromiseLike<VoucherRow[]> {
  return db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), shownVoucherWhere(shown)))
    .orderBy(asc(vouchers.id))
    .for(ROW_LOCK);
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
  // The payer is told a failure in their language (English without a request); read before the transaction.
  const locale = await requestLocale();
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
        .for(ROW_LOCK),
      tx.select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, accountId)).for(ROW_LOCK),
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
      // Stored as data (each reader is told it in their language) and as the English sentence (logs, old readers).
      const stored = messageOf(failure, "en");
      const voucher = failureVoucher(result.failure, locked);
      await tx.insert(payments).values({ accountId, orderId: order.id, status: "failed", amount: order.amount, failureReason: stored, createdAt: now });
      await tx.insert(usageRecords).values({
        accountId,
        orderId: order.id,
        voucherId: voucher?.id ?? null,
        source: voucher?.kind ?? "cash_balance",
        type: "deduction",
        status: "failure",
        amount: order.amount,
        failureReason: stored,
        failure,
        createdAt: now,
      });
      await recordEvents(tx, [{ type: "order.payment_failed", accountId, payload: { orderId: order.publicId, amount: order.amount, reason: failure.reason } }], now);
      return { ok: false, orderPublicId: order.publicId, failure, message: messageOf(failure, locale) };
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
      tx.insert(payments).values({ accountId, orderId: order.id, status: "succeeded", amount: order.amount, createdAt: now }),
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
      recordEvents(
        tx,
        [
          {
            type: "order.paid",
            accountId,
            payload: {
              orderId: order.publicId,
              amount: order.amount,
              discountAmount: plan.discount?.amount ?? 0,
              voucherAmount: plan.voucherTotal,
              cashAmount: plan.cashBalancePart,
            },
          },
        ],
        now,
      ),
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
  return placeAndPayOrderFor(requireAccount(viewer), input, now);
}

/**
 * The core of placeAndPayOrder for an account the caller has already
 * authorized (the customer's own, or the account an API key named: lib/dal/api/).
 * Never call it with an account id that came from a client unchecked.
 */
export async function placeAndPayOrderFor(
  accountId: number,
  input: OrderRequest & { plan: PlanToPay; requestKey: string },
  now: Date,
): Promise<PayOutcome> {
  const db = await getDb();
  // One round trip: the product, and the snapshot a plan is made on (docs/performance.md).
  const { product, snapshot } = await readPaySnapshot(db, accountId, input.productPublicId, input.plan, now);
  // Bad input (a product not for sale, a voucher not the account's) is refused before an order exists.
  const planOrder = planOrderOf(product, input.quantity);
  const item = planOrder.items[0]!;
  if ("shown" in input.plan) checkOwnVouchers(input.plan.shown, snapshot?.vouchers ?? []);

  // The plan on the snapshot, written in one statement if nothing it used has changed.
  const request = { product, quantity: input.quantity, planOrder, requestKey: input.requestKey, toPay: input.plan };
  const paid = snapshot ? await payNewOrderInOneTrip(db, accountId, request, snapshot, now) : null;
  if (paid) return { ok: true, orderPublicId: paid.orderPublicId, plan: paid.plan, alreadyPaid: false };

  // Otherwise the locking way: it plans again on locked rows and records a plan that no longer holds.

  const orderId = await transactionWithRetry(db, async (tx) => {
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
        accountId,
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
  // Not the same transaction: the order is placed (and visible to a retry of
  // the same request) even when paying it is refused.
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
