/**
 * What a paid order's amounts come to once refunds happen (SPEC 6), pure. The
 * customer's and the admin's order pages and the refund verb read the order
 * and its usage records and ask these, so each amount has one definition.
 */
import type { StoredOrderStatus } from "./status";

/** The parts of an order's payment that refunds are measured against (minor units). */
export interface PaidAmounts {
  /** What vouchers paid. */
  voucherAmount: number;
  /** What the cash balance paid. */
  cashAmount: number;
  /** What refunds returned so far. */
  refundedAmount: number;
}

/** One usage record of the order, as far as the amounts are concerned. */
export interface UsageLine {
  source: string;
  type: string;
  status: string;
  amount: number;
}

/** Only money that was paid can go back: a paid order, or one refunded in part. */
export function isRefundableStatus(status: StoredOrderStatus): boolean {
  return status === "paid" || status === "partially_refunded";
}

/** What refunds can ever return in all: what vouchers and the cash balance paid (the discount part never comes back). */
export function refundCeiling(order: Pick<PaidAmounts, "voucherAmount" | "cashAmount">): number {
  return order.voucherAmount + order.cashAmount;
}

/** What can still be refunded: the ceiling less earlier refunds; 0 for an order in any other status. */
export function refundableAmount(order: PaidAmounts & { status: StoredOrderStatus }): number {
  return isRefundableStatus(order.status) ? refundCeiling(order) - order.refundedAmount : 0;
}

/** A paid order's stored status once refunds total `refundedAmount`: refunded when all that was paid came back. */
export function statusAfterRefunds(order: Pick<PaidAmounts, "voucherAmount" | "cashAmount">, refundedAmount: number): "refunded" | "partially_refunded" {
  return refundedAmount === refundCeiling(order) ? "refunded" : "partially_refunded";
}

/**
 * What can be invoiced (SPEC 6): what the cash balance paid, net of the
 * successful refunds to it. Voucher-paid parts and the discount never are.
 */
export function invoiceableAmount(cashAmount: number, usage: readonly UsageLine[]): number {
  const cashRefunded = usage
    .filter((u) => u.source === "cash_balance" && u.type === "refund" && u.status === "success")
    .reduce((sum, u) => sum + u.amount, 0);
  return cashAmount - cashRefunded;
}
