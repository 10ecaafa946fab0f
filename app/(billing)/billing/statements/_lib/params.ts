/**
 * The URL state of /billing/statements (and its CSV export): one stored-value
 * kind and one month per page, `?kind=cash|compute&month=YYYY-MM`. Defaults:
 * cash, and the current month of the platform time zone. `parseStatementParams`
 * never throws: a wrong value is dropped (its default applies) and named in
 * `dropped`, which the page explains; a month after the current one is dropped too.
 *
 * Pure (no Next, React or database), so the page and the route agree.
 */
import { addMonths, isMonthKey, monthOf, type MonthKey } from "@/lib/insights/month";
import { searchParam, type SearchParams } from "@/lib/search-params";
import { usageHistoryHref } from "@/lib/usage/filter";
import type { StoredValueKind } from "@/lib/vouchers/kinds";

export const STATEMENT_KINDS = ["cash", "compute"] as const satisfies readonly StoredValueKind[];

/** The earliest month a link may name: the usage filter's first day (a four-digit year time.ts parses). */
export const FIRST_MONTH = "1970-01";

/** Why a parameter was dropped: `kind` or `month` malformed, or `month` after the current month. */
export type StatementDrop = "kind" | "month" | "futureMonth";

export interface StatementParams {
  kind: StoredValueKind;
  month: MonthKey;
  /** The current month of the platform zone (the newest statement there is). */
  currentMonth: MonthKey;
  dropped: StatementDrop[];
}

const isStatementKind = (value: string): value is (typeof STATEMENT_KINDS)[number] => STATEMENT_KINDS.some((k) => k === value);

/** Reads `kind` and `month` (a repeated one as its first, trimmed; empty means absent) against `now` in `timeZone`. */
export function parseStatementParams(params: SearchParams, now: Date, timeZone: string): StatementParams {
  const currentMonth = monthOf(now, timeZone);
  const dropped: StatementDrop[] = [];
  const rawKind = searchParam(params, "kind");
  let kind: StoredValueKind = "cash";
  if (rawKind !== "") {
    if (isStatementKind(rawKind)) kind = rawKind;
    else dropped.push("kind");
  }
  const rawMonth = searchParam(params, "month");
  let month = currentMonth;
  if (rawMonth !== "") {
    if (!isMonthKey(rawMonth) || rawMonth < FIRST_MONTH) dropped.push("month");
    else if (rawMonth > currentMonth) dropped.push("futureMonth");
    else month = rawMonth;
  }
  return { kind, month, currentMonth, dropped };
}

/** The statement page of a kind and month. */
export function statementHref(kind: StoredValueKind, month: MonthKey): string {
  return `/billing/statements?${new URLSearchParams({ kind, month }).toString()}`;
}

/** Its CSV, with the file's language. */
export function statementExportHref(kind: StoredValueKind, month: MonthKey, lang?: string): string {
  const search = new URLSearchParams({ kind, month });
  if (lang) search.set("lang", lang);
  return `/billing/statements/export?${search.toString()}`;
}

/** The previous and next months' pages, or null where there is none (before FIRST_MONTH, after the current month). */
export function neighbourMonths(month: MonthKey, currentMonth: MonthKey): { previous: MonthKey | null; next: MonthKey | null } {
  const previous = addMonths(month, -1);
  const next = addMonths(month, 1);
  return { previous: previous >= FIRST_MONTH ? previous : null, next: next <= currentMonth ? next : null };
}

/** The month's first and last calendar days, "YYYY-MM-DD". */
export function monthDays(month: MonthKey): { first: string; last: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(lastDay).padStart(2, "0")}` };
}

/**
 * The usage history of a record line: the month's days, the kind, successful
 * records. The usage filter has no type, so deductions and refunds are listed together there.
 */
export function statementUsageHref(kind: StoredValueKind, month: MonthKey): string {
  const { first, last } = monthDays(month);
  return usageHistoryHref({ from: first, to: last, kind, status: "success" });
}
