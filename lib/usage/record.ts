/**
 * A usage record as the customer sees it (SPEC 7), and its CSV form. Pure: the
 * DAL returns these, the page renders them and the export route writes them.
 */
import { csvDecimal, csvRow } from "../csv";
import { minorToDecimalString } from "../money";
import { isoInZone } from "../time";
import type { UsageKind, UsageStatus, UsageType } from "./filter";

export interface UsageRecordView {
  createdAt: Date;
  /** Public id of the voucher, null for records about the cash balance. */
  voucherId: string | null;
  /** Public id of the order, null for post-paid charges that belong to no order. */
  orderId: string | null;
  kind: UsageKind;
  type: UsageType;
  status: UsageStatus;
  /** Minor units, never negative: the type says which way the money went. */
  amount: number;
  /** The voucher's (or cash balance's) balance after the record; null on failures and for discount vouchers. */
  balanceAfter: number | null;
  failureReason: string | null;
}

/** The CSV header; amounts are decimal strings of the currency's major unit, e.g. 123.45. */
export function usageCsvHeader(currency: string): string {
  return csvRow(["Time", "Voucher ID", "Order ID", "Kind", "Type", `Amount (${currency})`, `Balance after (${currency})`, "Status", "Reason"]);
}

/**
 * One record as a CSV line. Kind, type and status are the stable codes
 * (`cash_balance`, `refund`, `failure`), not the on-screen labels, so scripts
 * can rely on them.
 */
export function usageCsvRow(record: UsageRecordView, timeZone: string, currency: string): string {
  return csvRow([
    isoInZone(record.createdAt, timeZone),
    record.voucherId,
    record.orderId,
    record.kind,
    record.type,
    csvDecimal(minorToDecimalString(record.amount, currency)),
    // A cash balance in arrears is negative: a number cell, not text to guard.
    record.balanceAfter === null ? null : csvDecimal(minorToDecimalString(record.balanceAfter, currency)),
    record.status,
    record.failureReason,
  ]);
}
