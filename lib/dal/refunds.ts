import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { billingAccounts, cashMovements, orders, refunds, usageRecords, vouchers } from "@/db/schema";
import { newPublicId } from "@/lib/ids";
import { isRefundableStatus, statusAfterRefunds } from "@/lib/orders/amounts";
import { planRefund, type PaidPart, type PreviewPaidPart, type RefundPart } from "@/lib/orders/refund";
import { voucherStatus } from "@/lib/vouchers/status";
import { checkReason, creatorOf, writeAudit, type AuditActor } from "./audit";
import { recordEvents } from "./events";
import { ROW_LOCK, rowsOf, transactionWithRetry } from "./tx";
import { DalError } from "./errors";
import { requireAdmin, type Viewer } from "./viewer";

export interface RefundInput {
  orderPublicId: string;
  /** Minor units, or "full" for everything still refundable. */
  amount: number | "full";
  reason: string;
  /** Makes the request idempotent: the same key on the same order refunds once. */
  refundKey: string;
}

export interface RefundOutcome {
  refundPublicId: string;
  amount: number;
  /** True when this key had already refunded: nothing changed this time. */
  repeated: boolean;
}

type Order = typeof orders.$inferSelect;

/** What each source paid for the order and what refunds already returned to it (the discount is never refundable). */
async function paidParts(tx: Db, orderId: number): Promise<PaidPart[]> {
  const rows = rowsOf<{ source: PaidPart["source"]; voucher_id: string | number | null; paid: string | number; refunded: string | number; deduction_id: string | number }>(
    await tx.execute(sql`
      SELECT source, voucher_id,
        sum(amount) FILTER (WHERE type = 'deduction') AS paid,
        coalesce(sum(amount) FILTER (WHERE type = 'refund'), 0) AS refunded,
        max(id) FILTER (WHERE type = 'deduction') AS deduction_id
      FROM ${usageRecords}
      WHERE order_id = ${orderId} AND status = 'success' AND source <> 'discount'
      GROUP BY source, voucher_id`),
  );
  return rows
    .filter((r) => r.paid !== null)
    .map((r) => ({
      source: r.source,
      voucherId: r.voucher_id === null ? null : Number(r.voucher_id),
      paid: Number(r.paid),
      refunded: Number(r.refunded),
      deductionId: Number(r.deduction_id),
    }));
}

/**
 * Admin only: the order's paid parts for the refund dialog's preview, each with
 * its voucher's public id and SPEC 4 status at `now`, in the shape the pure
 * `previewRefund` plans with (no internal ids leave the server). The refund
 * itself re-plans from `paidParts` in its transaction; this is a read for display.
 */
export async function getRefundPreviewParts(viewer: Viewer | null, orderPublicId: string, now: Date): Promise<PreviewPaidPart[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.publicId, orderPublicId));
  if (!order) throw new DalError({ code: "not_found", reason: "order" });
  const parts = await paidParts(db, order.id);
  const ids = parts.flatMap((p) => (p.voucherId === null ? [] : [p.voucherId]));
  const rows = ids.length === 0 ? [] : await db.select().from(vouchers).where(inArray(vouchers.id, ids));
  const byId = new Map(rows.map((v) => [v.id, v]));
  // Ranks keep the deductions' order without sending their ids.
  const ranks = new Map([...parts].sort((a, b) => a.deductionId - b.deductionId).map((p, i) => [p, i]));
  return parts.map((p) => {
    const v = p.voucherId === null ? undefined : byId.get(p.voucherId);
    if (p.voucherId !== null && !v) throw new Error("a paid part without its voucher");
    return {
      source: p.source,
      voucher: v ? { publicId: v.publicId, status: voucherStatus(v, now) } : null,
      paid: p.paid,
      refunded: p.refunded,
      rank: ranks.get(p)!,
    };
  });
}

/** Returns each voucher part to the voucher that paid it, in one guarded statement (rows in id order, locked first). */
async function returnToVouchers(tx: Db, parts: RefundPart[]): Promise<Map<number, number>> {
  const voucherParts = parts.filter((p) => p.voucherId !== null).sort((a, b) => a.voucherId! - b.voucherId!);
  if (voucherParts.length === 0) return new Map();
  const ids = sql.join(
    voucherParts.map((p) => sql`${p.voucherId}::bigint`),
    sql`, `,
  );
  await tx.execute(sql`SELECT id FROM ${vouchers} WHERE id IN (${ids}) ORDER BY id FOR NO KEY UPDATE`);
  const values = sql.join(
    voucherParts.map((p) => sql`(${p.voucherId}::bigint, ${p.amount}::bigint)`),
    sql`, `,
  );
  const updated = rowsOf<{ id: string | number; balance: string | number }>(
    await tx.execute(sql`UPDATE ${vouchers} AS v SET balance = v.balance + r.amount
      FROM (VALUES ${values}) AS r(id, amount)
      WHERE v.id = r.id AND v.balance + r.amount <= v.face_value
      RETURNING v.id, v.balance`),
  );
  if (updated.length !== voucherParts.length) throw new Error("a refund would exceed a voucher's face value");
  return new Map(updated.map((u) => [Number(u.id), Number(u.balance)]));
}

/**
 * Admin: refunds all or part of a paid order (SPEC 6), in one transaction. Money
 * goes back in reverse order of payment: the cash balance, then cash vouchers,
 * then computing power vouchers, each to the voucher that paid it; the discount
 * is never returned. A voucher that expired or was voided since keeps what comes
 * back as expired or voided (its status says so). Locks the order, then the
 * account, then the vouchers in id order (the same order as payment). One usage
 * record per part, a cash movement for the cash part, and an audit row.
 */
export async function refundOrder(viewer: Viewer | null, input: RefundInput, now: Date): Promise<RefundOutcome> {
  const admin = requireAdmin(viewer);
  return refundOrderBy(admin, input, now);
}

/**
 * The refund itself, by an actor its caller authorized: an admin
 * (refundOrder) or an API key with the `refund` scope (lib/dal/api/refunds.ts).
 */
export async function refundOrderBy(actor: AuditActor, input: RefundInput, now: Date): Promise<RefundOutcome & { orderId: number; accountId: number }> {
  const reason = checkReason(input.reason);
  if (input.refundKey.length === 0 || input.refundKey.length > 200) throw new DalError({ code: "invalid_input", reason: "refund_key" });
  const db = await getDb();

  return transactionWithRetry(db, async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.publicId, input.orderPublicId)).for(ROW_LOCK);
    if (!order) throw new DalError({ code: "not_found", reason: "order" });
    const refunded = { orderId: order.id, accountId: order.accountId };

    const [done] = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.orderId, order.id), eq(refunds.refundKey, input.refundKey)));
    if (done) {
      if (input.amount !== "full" && input.amount !== done.amount) {
        throw new DalError({ code: "conflict", reason: "refund_key_used" });
      }
      return { refundPublicId: done.publicId, amount: done.amount, repeated: true, ...refunded };
    }
    if (!isRefundableStatus(order.status)) {
      throw new DalError({ code: "conflict", reason: order.status === "refunded" ? "order_refunded" : "order_not_paid" });
    }

    const [account] = await tx
      .select({ cashBalance: billingAccounts.cashBalance })
      .from(billingAccounts)
      .where(eq(billingAccounts.id, order.accountId))
      .for(ROW_LOCK);
    if (!account) throw new Error("an order without its account");

    const planned = planRefund(await paidParts(tx, order.id), input.amount);
    if (!planned.ok) throw new DalError({ code: "invalid_input", reason: "refund", failure: planned.failure });
    const amount = planned.parts.reduce((sum, p) => sum + p.amount, 0);

    const [refund] = await tx
      .insert(refunds)
      .values({ publicId: newPublicId("rfd"), accountId: order.accountId, orderId: order.id, amount, reason, refundKey: input.refundKey, ...creatorOf(actor), createdAt: now })
      .returning();
    if (!refund) throw new Error("refund insert returned nothing");

    const balances = await returnToVouchers(tx, planned.parts);
    const base = { accountId: order.accountId, orderId: order.id, refundId: refund.id, type: "refund" as const, status: "success" as const, createdAt: now };
    const records: Array<typeof usageRecords.$inferInsert> = planned.parts
      .filter((p) => p.voucherId !== null)
      .map((p) => ({ ...base, voucherId: p.voucherId, source: p.source, amount: p.amount, balanceAfter: balances.get(p.voucherId!) }));

    const cashPart = planned.parts.find((p) => p.source === "cash_balance");
    if (cashPart) {
      const [updated] = await tx
        .update(billingAccounts)
        .set({ cashBalance: sql`${billingAccounts.cashBalance} + ${cashPart.amount}` })
        .where(eq(billingAccounts.id, order.accountId))
        .returning({ cashBalance: billingAccounts.cashBalance });
      await tx.insert(cashMovements).values({
        accountId: order.accountId,
        type: "refund",
        amount: cashPart.amount,
        balanceAfter: updated!.cashBalance,
        orderId: order.id,
        refundId: refund.id,
        reason,
        ...creatorOf(actor),
        createdAt: now,
      });
      records.unshift({ ...base, voucherId: null, source: "cash_balance", amount: cashPart.amount, balanceAfter: updated!.cashBalance });
    }
    await tx.insert(usageRecords).values(records);

    const after = refundedState(order, amount);
    await tx.update(orders).set(after).where(eq(orders.id, order.id));
    await recordEvents(
      tx,
      [
        {
          type: "order.refunded",
          accountId: order.accountId,
          payload: {
            orderId: order.publicId,
            refundId: refund.publicId,
            amount,
            refundedAmount: after.refundedAmount,
            orderStatus: after.status === "refunded" ? "refunded" : "partially_refunded",
          },
        },
      ],
      now,
    );
    await writeAudit(
      tx,
      actor,
      {
        action: "order.refund",
        targetType: "order",
        targetId: order.publicId,
        before: { status: order.status, refundedAmount: order.refundedAmount },
        after: { ...after, refund: refund.publicId, amount },
        reason,
      },
      now,
    );
    return { refundPublicId: refund.publicId, amount, repeated: false, ...refunded };
  });
}

function refundedState(order: Order, amount: number): Pick<Order, "status" | "refundedAmount"> {
  const refundedAmount = order.refundedAmount + amount;
  return { refundedAmount, status: statusAfterRefunds(order, refundedAmount) };
}

