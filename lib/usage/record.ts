/**
 * A usage record as the customer sees it (SPEC 7), and its CSV form. Pure: the
 * DAL returns these, the page renders them and the export route writes them.
 */
import { csvDecimal, csvRow } from "../csv";
import { minorToDecimalString } from "../money";
import { isoInZone } from "../time";
import { USAGE_KINDS, USAGE_STATUSES, USAGE_TYPES, type UsageKind, type UsageStatus, type UsageType } from "./filter";

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

/** The CSV columns, in order; the same nine in every language, so a script can read them by position. */
export const USAGE_CSV_COLUMNS = ["time", "voucherId", "orderId", "kind", "type", "amount", "balanceAfter", "status", "reason"] as const;
export type UsageCsvColumn = (typeof USAGE_CSV_COLUMNS)[number];

/** The words of one language that the CSV holds: its column headers and its kind, type and status values. */
export interface UsageCsvWords {
  columns: Record<UsageCsvColumn, string>;
  kind: Record<UsageKind, string>;
  type: Record<UsageType, string>;
  status: Record<UsageStatus, string>;
}

/** A message of the `usageCsv` catalogue (lib/i18n/translator.ts `translatorFor(locale, "usageCsv")`). */
export type UsageCsvTranslate = (
  key: `columns.${UsageCsvColumn}` | `kind.${UsageKind}` | `type.${UsageType}` | `status.${UsageStatus}`,
  values?: { currency: string },
) => string;

/**
 * The CSV's words in the translator's language. Amount headers name the
 * currency, e.g. "Amount (CNY)". In English the kind, type and status values are
 * the stable codes (`cash_balance`, `refund`, `failure`) that scripts rely on;
 * in Chinese they are the words the page shows (现金余额, 退款, 失败).
 */
export function usageCsvWords(t: UsageCsvTranslate, currency: string): UsageCsvWords {
  const map = <K extends string>(keys: readonly K[], word: (key: K) => string) => Object.fromEntries(keys.map((k) => [k, word(k)])) as Record<K, string>;
  return {
    columns: map(USAGE_CSV_COLUMNS, (c) => t(`columns.${c}`, { currency })),
    kind: map(USAGE_KINDS, (k) => t(`kind.${k}`)),
    type: map(USAGE_TYPES, (k) => t(`type.${k}`)),
    status: map(USAGE_STATUSES, (k) => t(`status.${k}`)),
  };
}

/** The CSV header; amounts are decimal strings of the currency's major unit, e.g. 123.45. */
export function usageCsvHeader(words: UsageCsvWords): string {
  return csvRow(USAGE_CSV_COLUMNS.map((c) => words.columns[c]));
}

/**
 * One record as a CSV line. Ids, amounts (machine-readable decimals) and times
 * (ISO 8601 with the zone's offset) are the same in every language; kind, type
 * and status are the words of `words` (in English, the stable codes).
 */
export function usageCsvRow(record: UsageRecordView, timeZone: string, currency: string, words: UsageCsvWords): string {
  return csvRow([
    isoInZone(record.createdAt, timeZone),
    record.voucherId,
    record.orderId,
    words.kind[record.kind],
    words.type[record.type],
    csvDecimal(minorToDecimalString(record.amount, currency)),
    // A cash balance in arrears is negative: a number cell, not text to guard.
    record.balanceAfter === null ? null : csvDecimal(minorToDecimalString(record.balanceAfter, currency)),
    words.status[record.status],
    record.failureReason,
  ]);
}
