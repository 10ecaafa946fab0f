import "server-only";
import { getDb, type Db } from "@/db";
import { platformTimeZone } from "@/lib/config";
import { balancesAt, monthlyStatement, type BucketLine, type MonthlyStatement, type StatementRecord, type StatementVoucher } from "@/lib/insights/statement";
import { isMonthKey, monthOf, monthRange, type MonthKey } from "@/lib/insights/month";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { ACCOUNT_CACHE_TTL_MS, accountVersion, cachePerDatabase } from "../account-version";
import { DalError } from "../errors";
import { requireAccount, type Viewer } from "../viewer";
import { loadKindHistory, loadKindHistoryGrouped } from "./history";

/** The lines of the formula, in its order: opening + redeemed + refunded − used − expired − voided = closing. */
export const STATEMENT_LINES = ["redeemed", "refunded", "used", "expired", "voided"] as const;
export type StatementLineName = (typeof STATEMENT_LINES)[number];

/** Lines made of vouchers (listed on the page) and lines made of usage records (linked to the usage history). */
export const VOUCHER_LINES = ["redeemed", "expired", "voided"] as const satisfies readonly StatementLineName[];
export const RECORD_LINES = ["refunded", "used"] as const satisfies readonly StatementLineName[];

/** Vouchers listed per line on the page; the rest are counted. */
export const STATEMENT_VOUCHER_LIMIT = 20;

/** A voucher on a line and what it put on that line (minor units; the line's amount is their sum). */
export interface StatementLineVoucher {
  publicId: string;
  amount: number;
}

/** A usage record on a line (the CSV lists them; the page links to the usage history). */
export interface StatementLineRecord {
  createdAt: Date;
  voucherPublicId: string;
  type: "deduction" | "refund";
  amount: number;
}

export interface StatementLineView {
  amount: number;
  /** The vouchers of the line, oldest redeemed first, at most the limit asked for. */
  vouchers: StatementLineVoucher[];
  /** All vouchers of the line, listed or not. */
  voucherCount: number;
  /** The usage records of the line, oldest first: listed only when every row is asked for (the CSV); the page counts them. */
  records: StatementLineRecord[];
  recordCount: number;
}

export interface StatementView {
  kind: StoredValueKind;
  month: MonthKey;
  start: Date;
  /** The end of the period: the next month's first instant, or `now` for the current month. */
  end: Date;
  /** The current month: the statement runs to `now`, and closing is the balance so far. */
  soFar: boolean;
  opening: number;
  closing: number;
  lines: Record<StatementLineName, StatementLineView>;
  notEffective: { opening: number; closing: number };
}

const STATEMENT_KINDS: readonly StoredValueKind[] = ["cash", "compute"];

/** The page's statements (not the CSV's), by account, kind, month and list size (docs/performance.md "The insights cache"). */
const statementCache = cachePerDatabase<string, StatementView>(2_000, ACCOUNT_CACHE_TTL_MS);

function refuse(text: string): never {
  throw new DalError({ code: "invalid_input", reason: "filter", text });
}

/** A statement with no movement: both ends are the balance at `at` (the current month at its very first instant). */
function emptyStatement(kind: StoredValueKind, vouchers: StatementVoucher[], records: StatementRecord[], at: Date): MonthlyStatement {
  const { balance, notEffective } = balancesAt(kind, vouchers, records, at);
  const line = () => ({ amount: 0, voucherIds: [], recordIds: [] });
  return {
    kind,
    start: at,
    end: at,
    opening: balance,
    closing: balance,
    redeemed: line(),
    refunded: line(),
    used: line(),
    expired: line(),
    voided: line(),
    notEffective: { opening: notEffective, closing: notEffective },
    byVoucher: new Map(),
  };
}

/**
 * Customer: the monthly statement of the caller's own vouchers of `kind` for
 * `month` ("YYYY-MM" of the platform zone), docs/insights.md "Monthly statement".
 * Authorizes first. Refuses (DalError invalid_input) a kind that is not a
 * stored-value kind, a malformed month, and a month after the current one.
 *
 * The current month runs from its first instant to `now`: its closing is the
 * balance *so far* (what the balance is now), `soFar` says so, and it becomes the
 * final closing once the month is over. Every line carries its amount and
 * counts; vouchers are listed up to `limit` (the page lists
 * STATEMENT_VOUCHER_LIMIT; the CSV asks for all with `Infinity`), and records
 * only with `Infinity`: the page reads the records summed in groups
 * (`loadKindHistoryGrouped`), which give the same amounts and counts. Each listed
 * voucher's amount is what it put on that line, so a complete list sums to the line.
 *
 * The page's statement (any `limit` but `Infinity`) is served from memory while
 * the account's version is the one it was computed under, for at most
 * ACCOUNT_CACHE_TTL_MS (docs/performance.md "The insights cache"): the current
 * month's then runs to the instant it was computed, which its `end` says.
 */
export async function getMyStatement(
  viewer: Viewer | null,
  kind: StoredValueKind,
  month: MonthKey,
  now: Date,
  options: { limit?: number } = {},
): Promise<StatementView> {
  const accountId = requireAccount(viewer);
  if (!STATEMENT_KINDS.includes(kind)) refuse("Choose cash or computing power.");
  if (!isMonthKey(month)) refuse("Enter a month as YYYY-MM.");
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  const limit = options.limit ?? STATEMENT_VOUCHER_LIMIT;
  if (!(limit === Infinity || (Number.isSafeInteger(limit) && limit >= 0))) throw new RangeError(`limit must be a count or Infinity, got ${limit}`);

  const timeZone = platformTimeZone();
  const current = monthOf(now, timeZone);
  if (month > current) refuse("A statement can only be shown for this month or an earlier one.");
  const range = monthRange(month, timeZone);
  const soFar = month === current;
  const end = soFar ? now : range.end;

  const db = await getDb();
  const compute = () => statementOf(db, accountId, kind, month, range, end, soFar, limit);
  // The CSV lists every record and is read once; the page is kept like the overview's insights.
  if (limit === Infinity) return compute();
  const version = await accountVersion(db, accountId);
  return statementCache(db).get(`${accountId}:${kind}:${month}:${soFar}:${limit}`, version, now, compute);
}

/** The statement as getMyStatement describes it, computed from the account's rows. */
async function statementOf(
  db: Db,
  accountId: number,
  kind: StoredValueKind,
  month: MonthKey,
  range: { start: Date; end: Date },
  end: Date,
  soFar: boolean,
  limit: number,
): Promise<StatementView> {
  const everything = limit === Infinity;
  const history = everything ? await loadKindHistory(db, accountId, kind, end) : await loadKindHistoryGrouped(db, accountId, kind, range.start, end);
  const statement =
    end.getTime() > range.start.getTime()
      ? monthlyStatement(kind, history.vouchers, history.records, { start: range.start, end })
      : emptyStatement(kind, history.vouchers, history.records, range.start);

  const voucherById = new Map(history.vouchers.map((v) => [v.id, v]));
  // The vouchers that put value on a voucher line, oldest redeemed first, as loaded.
  const ordered = history.vouchers.filter((v) => statement.byVoucher.has(v.id));

  const recordById = new Map(history.records.map((r) => [r.id, r]));
  const lines = {} as Record<StatementLineName, StatementLineView>;
  for (const name of STATEMENT_LINES) {
    const line = statement[name];
    const isVoucherLine = (VOUCHER_LINES as readonly string[]).includes(name);
    const onLine = new Set(line.voucherIds);
    const vouchers = isVoucherLine
      ? ordered.flatMap((v) => {
          const amount = statement.byVoucher.get(v.id)![name as BucketLine];
          return amount !== 0 || onLine.has(v.id) ? [{ publicId: v.publicId, amount }] : [];
        })
      : [];
    const lineRecords = line.recordIds.map((id) => recordById.get(id)!);
    const records = everything
      ? lineRecords
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id)
          .map((r) => ({ createdAt: r.createdAt, voucherPublicId: voucherById.get(r.voucherId!)!.publicId, type: r.type, amount: r.amount }))
      : [];
    lines[name] = {
      amount: line.amount,
      vouchers: vouchers.slice(0, limit),
      voucherCount: vouchers.length,
      records,
      recordCount: lineRecords.reduce((n, r) => n + r.count, 0),
    };
  }

  return {
    kind,
    month,
    start: range.start,
    end,
    soFar,
    opening: statement.opening,
    closing: statement.closing,
    lines,
    notEffective: statement.notEffective,
  };
}
