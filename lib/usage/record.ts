/**
 * A usage record as the customer sees it (SPEC 7), and its CSV form. Pure: the
 * DAL returns these, the page renders them and the export route writes them.
 */
import { csvDecimal, csvRow } from "../csv";
import { minorToDecimalString } from "../money";
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

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const secondFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(d: Date, timeZone: string): number {
  let formatter = secondFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    secondFormatters.set(timeZone, formatter);
  }
  const f: Record<string, number> = {};
  for (const part of formatter.formatToParts(d)) f[part.type] = Number(part.value);
  return Date.UTC(f.year ?? 0, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0);
}

/**
 * ISO 8601 to the second with the zone's offset, e.g. "2026-06-15T12:00:00+08:00":
 * the wall-clock time the page shows, and still one exact instant for any
 * program that reads the file. UTC prints "+00:00", not "Z", so every row has the same shape.
 */
export function isoInZone(d: Date, timeZone: string): string {
  if (Number.isNaN(d.getTime())) throw new RangeError("Invalid Date");
  const seconds = Math.floor(d.getTime() / 1000) * 1000;
  const wall = wallClock(new Date(seconds), timeZone);
  const offsetMinutes = Math.round((wall - seconds) / 60_000);
  const w = new Date(wall);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}` +
    `T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
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
