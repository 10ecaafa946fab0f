/**
 * The monthly statement of one stored-value kind (issue 17, SPEC 4 and 6):
 *
 *   opening + redeemed + refunded − used − expired − voided = closing
 *
 * exact to the fen, where opening and closing are the SPEC 4 *balance* of the
 * kind's vouchers at the month's first instant and at the next month's first
 * instant (docs/insights.md defines every line). Pure: the DAL passes the
 * account's voucher facts and usage records, the month and nothing else.
 *
 * Decisions:
 * - The state at an instant T is what SPEC 4 derives at `now = T` from the facts
 *   recorded strictly before T: a voucher exists if redeemed before T, is voided if
 *   voided before T, is effective from `effectiveAt` and expired from `expiresAt`
 *   inclusive (`voucherStatus`), and its amount is face value − deductions +
 *   refunds of the records before T. So a record, a redemption or a void belongs to
 *   the month when start ≤ t < end, and an expiry or a voucher taking effect when
 *   start < t ≤ end (a voucher that expires at 00:00 on the 1st was lost in the
 *   month before, exactly as its status says).
 * - Not-effective value is not balance (SPEC 4). It enters the balance, on the
 *   *redeemed* line, in the month it takes effect (at redemption when it is
 *   effective at once); until then it is reported beside the formula as
 *   `notEffective` opening/closing. Value voided before it took effect never
 *   enters the balance, so it is on no line of the formula.
 * - used and refunded are the month's successful deduction and refund records of
 *   the kind, all of them, so they equal the usage history's sums. A refund that
 *   lands on an expired or voided voucher is refunded *and* expired (voided)
 *   (SPEC 6): the balance never sees it. Any other record on a voucher outside the
 *   balance (only clock skew between two transactions can produce one) is balanced
 *   the same way on the line of the voucher's state, so the formula stays exact.
 */
import type { StoredValueKind, VoucherKind } from "../vouchers/kinds";
import { voucherStatus } from "../vouchers/status";

/** What the statement needs of a voucher: one row of `vouchers`. */
export interface StatementVoucher {
  id: number;
  publicId: string;
  kind: VoucherKind;
  /** Minor units; null for discount vouchers (as stored), which the statement skips. */
  faceValue: number | null;
  /** When it was redeemed or granted (`vouchers.created_at`). */
  createdAt: Date;
  effectiveAt: Date;
  expiresAt: Date;
  voidedAt: Date | null;
}

/** One `usage_records` row on a voucher. Failures and cash-balance rows may be passed; they are skipped. */
export interface StatementRecord {
  id: number;
  /** null: the cash balance, which is not a voucher kind. */
  voucherId: number | null;
  type: "deduction" | "refund";
  status: "success" | "failure";
  amount: number;
  createdAt: Date;
}

/** One line: its amount and what it is made of, so the page can list exactly those rows. */
export interface StatementLine {
  amount: number;
  /** Vouchers whose state change is on this line (redeemed, expired, voided). */
  voucherIds: number[];
  /** Usage records on this line (used, refunded; refunds to expired or voided vouchers on expired/voided too). */
  recordIds: number[];
}

export interface MonthlyStatement {
  kind: StoredValueKind;
  start: Date;
  end: Date;
  opening: number;
  redeemed: StatementLine;
  refunded: StatementLine;
  used: StatementLine;
  expired: StatementLine;
  voided: StatementLine;
  closing: number;
  /** Beside the formula: value redeemed but not yet effective at the start and at the end. */
  notEffective: { opening: number; closing: number };
  /**
   * What each voucher put on each voucher line: the lines of the statement of that
   * voucher alone (the lines are sums over vouchers), for every voucher that moved
   * value through one of them in the period.
   */
  byVoucher: Map<number, Record<BucketLine, number>>;
}

/** Where a voucher's value sits at an instant: the SPEC 4 buckets, plus not yet redeemed. */
type Bucket = "absent" | "not_effective" | "balance" | "expired" | "voided";

/** The statement lines a bucket's value moves through when it enters or leaves the balance. */
export type BucketLine = "redeemed" | "expired" | "voided";

function lineOf(bucket: Exclude<Bucket, "balance">): BucketLine {
  switch (bucket) {
    case "absent":
    case "not_effective":
      return "redeemed";
    case "expired":
      return "expired";
    case "voided":
      return "voided";
    default: {
      const never: never = bucket;
      throw new TypeError(`unknown bucket ${String(never)}`);
    }
  }
}

/** Redeemed adds to the balance, expired and voided take from it. */
const LINE_SIGN: Record<BucketLine, 1 | -1> = { redeemed: 1, expired: -1, voided: -1 };

// The messages are built only on failure (`what` and the row's id): these run for every
// voucher and record of a statement, thousands a request on a large account.
function assertAmount(value: number, what: string, id?: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what}${id === undefined ? "" : ` ${id}`} must be a non-negative safe integer, got ${String(value)}`);
  }
}

function assertDate(d: Date, what: string, id?: number): void {
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what}${id === undefined ? "" : ` ${id}`} must be a valid date`);
}

interface Prepared {
  voucher: StatementVoucher & { faceValue: number };
  /** Successful records on this voucher, oldest first (ties by id). */
  records: StatementRecord[];
}

/** The kind's vouchers with their successful records; a record on a voucher not passed is a caller bug. */
function prepare(kind: StoredValueKind, vouchers: readonly StatementVoucher[], records: readonly StatementRecord[]): Prepared[] {
  const byId = new Map<number, Prepared>();
  const kindOf = new Map<number, VoucherKind>();
  for (const v of vouchers) {
    if (kindOf.has(v.id)) throw new RangeError(`voucher ${v.id} is listed twice`);
    kindOf.set(v.id, v.kind);
    if (v.kind !== kind) continue;
    if (v.faceValue === null) throw new TypeError(`${v.kind} voucher ${v.id} has no face value`);
    assertAmount(v.faceValue, "face value of voucher", v.id);
    assertDate(v.createdAt, "createdAt of voucher", v.id);
    assertDate(v.effectiveAt, "effectiveAt of voucher", v.id);
    assertDate(v.expiresAt, "expiresAt of voucher", v.id);
    if (v.voidedAt !== null) assertDate(v.voidedAt, "voidedAt of voucher", v.id);
    byId.set(v.id, { voucher: v as StatementVoucher & { faceValue: number }, records: [] });
  }
  for (const r of records) {
    if (r.status !== "success" || r.voucherId === null) continue;
    if (!kindOf.has(r.voucherId)) throw new RangeError(`record ${r.id} is on voucher ${r.voucherId}, which was not passed`);
    const prepared = byId.get(r.voucherId);
    if (prepared === undefined) continue; // another kind
    assertAmount(r.amount, "amount of record", r.id);
    assertDate(r.createdAt, "createdAt of record", r.id);
    prepared.records.push(r);
  }
  for (const p of byId.values()) {
    p.records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  }
  return [...byId.values()];
}

/**
 * The voucher's bucket and amount at instant T: redemption, void and records
 * strictly before T (`through`: at T too), effective and expired inclusive of T.
 */
function stateAt(p: Prepared, at: Date, through = false): { bucket: Bucket; amount: number } {
  const t = at.getTime();
  const before = (d: Date) => d.getTime() < t || (through && d.getTime() === t);
  const v = p.voucher;
  if (!before(v.createdAt)) return { bucket: "absent", amount: 0 };
  let amount = v.faceValue;
  for (const r of p.records) {
    if (!before(r.createdAt)) break;
    amount += r.type === "refund" ? r.amount : -r.amount;
  }
  const voidedAt = v.voidedAt !== null && before(v.voidedAt) ? v.voidedAt : null;
  // The SPEC 4 status at now = T, from the facts as they stood then.
  const status = voucherStatus({ kind: v.kind, balance: Math.max(0, amount), consumedAt: null, voidedAt, effectiveAt: v.effectiveAt, expiresAt: v.expiresAt }, at);
  switch (status) {
    case "available":
    case "used":
      return { bucket: "balance", amount };
    case "not_effective":
    case "expired":
    case "voided":
      return { bucket: status, amount };
    default: {
      const never: never = status;
      throw new TypeError(`unknown status ${String(never)}`);
    }
  }
}

/** The SPEC 4 balance and not-effective amount of the kind's vouchers at instant T, as the statement's opening and closing read them. */
export function balancesAt(
  kind: StoredValueKind,
  vouchers: readonly StatementVoucher[],
  records: readonly StatementRecord[],
  at: Date,
): { balance: number; notEffective: number } {
  assertDate(at, "at");
  return sumStates(prepare(kind, vouchers, records), at);
}

function sumStates(prepared: readonly Prepared[], at: Date): { balance: number; notEffective: number } {
  let balance = 0;
  let notEffective = 0;
  for (const p of prepared) {
    const s = stateAt(p, at);
    if (s.bucket === "balance") balance += s.amount;
    else if (s.bucket === "not_effective") notEffective += s.amount;
  }
  return { balance, notEffective };
}

/**
 * A point where a voucher's state may change. `phase` orders changes at the same
 * millisecond: 0 for taking effect and expiring (inclusive at their instant),
 * 1 for redemption, void and records (visible just after theirs); a change is part
 * of the state at T when (time, phase) ≤ (T, 0).
 */
type Change =
  | { time: number; phase: 0 | 1; what: "flags" }
  | { time: number; phase: 1; what: "record"; record: StatementRecord };

function changesOf(p: Prepared): Change[] {
  const v = p.voucher;
  const changes: Change[] = [
    { time: v.createdAt.getTime(), phase: 1, what: "flags" },
    { time: v.effectiveAt.getTime(), phase: 0, what: "flags" },
    { time: v.expiresAt.getTime(), phase: 0, what: "flags" },
  ];
  if (v.voidedAt !== null) changes.push({ time: v.voidedAt.getTime(), phase: 1, what: "flags" });
  for (const record of p.records) changes.push({ time: record.createdAt.getTime(), phase: 1, what: "record", record });
  // Stable sort: flags before records at the same key, records in their own order.
  return changes.sort((a, b) => a.time - b.time || a.phase - b.phase);
}

const emptyLine = (): StatementLine => ({ amount: 0, voucherIds: [], recordIds: [] });

/**
 * The statement of `kind` for [start, end) (normally `monthRange(...)`): the DAL
 * passes every voucher of the account and its usage records up to `end` (earlier
 * ones make the opening; failures and other kinds are skipped). Throws on a
 * record whose voucher was not passed, bad amounts or dates.
 */
export function monthlyStatement(
  kind: StoredValueKind,
  vouchers: readonly StatementVoucher[],
  records: readonly StatementRecord[],
  period: { start: Date; end: Date },
): MonthlyStatement {
  const { start, end } = period;
  assertDate(start, "start");
  assertDate(end, "end");
  if (end.getTime() <= start.getTime()) throw new RangeError("the period must end after it starts");
  const prepared = prepare(kind, vouchers, records);

  const lines = { redeemed: emptyLine(), refunded: emptyLine(), used: emptyLine(), expired: emptyLine(), voided: emptyLine() };
  const byVoucher = new Map<number, Record<BucketLine, number>>();
  // What the voucher being walked has put on each line; kept in byVoucher once it has put anything.
  let ofVoucher: Record<BucketLine, number> = { redeemed: 0, expired: 0, voided: 0 };
  let moved = false;
  const credit = (bucket: Exclude<Bucket, "balance">, amount: number, voucherId: number | null, recordId: number | null) => {
    // Moves `amount` into the balance through the bucket's line (negative: out of it).
    const name = lineOf(bucket);
    const line = lines[name];
    line.amount += LINE_SIGN[name] * amount;
    ofVoucher[name] += LINE_SIGN[name] * amount;
    moved = true;
    // Vouchers are walked one at a time, so a voucher already on the line is its last one
    // (looking it up in the whole array was quadratic in the line's length).
    if (voucherId !== null && line.voucherIds.at(-1) !== voucherId) line.voucherIds.push(voucherId);
    if (recordId !== null) line.recordIds.push(recordId);
  };

  const startKey = start.getTime();
  const endKey = end.getTime();
  // In the month: (start, 0) < (time, phase) ≤ (end, 0).
  const inMonth = (c: Change) => (c.time > startKey || (c.time === startKey && c.phase === 1)) && (c.time < endKey || (c.time === endKey && c.phase === 0));

  for (const p of prepared) {
    const id = p.voucher.id;
    let state = stateAt(p, start);
    moved = false;
    ofVoucher = { redeemed: 0, expired: 0, voided: 0 };
    for (const change of changesOf(p)) {
      if (!inMonth(change)) continue;
      if (change.what === "record") {
        const r = change.record;
        const line = r.type === "refund" ? lines.refunded : lines.used;
        line.amount += r.amount;
        line.recordIds.push(r.id);
        const delta = r.type === "refund" ? r.amount : -r.amount;
        // Outside the balance, the record's counterpart stays in the voucher's bucket (SPEC 6 for refunds).
        if (state.bucket !== "balance") credit(state.bucket, -delta, null, r.id);
        state = { bucket: state.bucket, amount: state.amount + delta };
        continue;
      }
      // A flag change: the state just after it is the state at its own key.
      const after = stateAt(p, new Date(change.time), change.phase === 1);
      // Redemption brings the face value; records (processed after the flags at the same key) move it later.
      const amount = state.bucket === "absent" && after.bucket !== "absent" ? state.amount + p.voucher.faceValue : state.amount;
      if (after.bucket !== state.bucket) {
        if (state.bucket === "balance") credit(after.bucket as Exclude<Bucket, "balance">, -amount, id, null);
        else if (after.bucket === "balance") credit(state.bucket, amount, id, null);
      }
      state = { bucket: after.bucket, amount };
    }
    if (moved) byVoucher.set(id, ofVoucher);
  }

  const opening = sumStates(prepared, start);
  const closing = sumStates(prepared, end);
  const statement: MonthlyStatement = {
    kind,
    start,
    end,
    opening: opening.balance,
    ...lines,
    closing: closing.balance,
    notEffective: { opening: opening.notEffective, closing: closing.notEffective },
    byVoucher,
  };
  // The identity is the statement's whole point; a break is a bug here, never a figure to show.
  if (statementTotal(statement) !== statement.closing) {
    throw new Error(`statement of ${kind} does not reconcile: ${statementTotal(statement)} ≠ ${statement.closing}`);
  }
  for (const value of [statement.opening, statement.closing, ...Object.values(lines).map((l) => l.amount)]) {
    if (!Number.isSafeInteger(value)) throw new RangeError("statement amounts exceed the safe integer range");
  }
  return statement;
}

/** opening + redeemed + refunded − used − expired − voided: what the closing balance must be. */
export function statementTotal(s: Pick<MonthlyStatement, "opening" | "redeemed" | "refunded" | "used" | "expired" | "voided">): number {
  return s.opening + s.redeemed.amount + s.refunded.amount - s.used.amount - s.expired.amount - s.voided.amount;
}
