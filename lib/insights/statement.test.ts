import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { voucherStatus } from "../vouchers/status";
import { summarizeAmounts } from "../vouchers/summary";
import type { StoredValueKind } from "../vouchers/kinds";
import { monthRange, monthsEndingWith } from "./month";
import { balancesAt, monthlyStatement, statementTotal, type StatementRecord, type StatementVoucher } from "./statement";

const TZ = "Asia/Shanghai";
const DEC = monthRange("2026-12", TZ); // 2026-11-30T16:00Z .. 2026-12-31T16:00Z
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

function voucher(id: number, o: Partial<StatementVoucher> = {}): StatementVoucher {
  return {
    id,
    publicId: `vch_${id}`,
    kind: "cash",
    faceValue: 10_000,
    createdAt: at("2026-11-10T00:00:00Z"),
    effectiveAt: at("2026-11-10T00:00:00Z"),
    expiresAt: at("2027-03-01T00:00:00Z"),
    voidedAt: null,
    ...o,
  };
}

let nextRecordId = 1;
function rec(voucherId: number, type: "deduction" | "refund", amount: number, iso: string, status: "success" | "failure" = "success"): StatementRecord {
  return { id: nextRecordId++, voucherId, type, status, amount, createdAt: at(iso) };
}

describe("monthlyStatement", () => {
  it("months are calendar months of the platform zone", () => {
    expect(DEC.start.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(DEC.end.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("opening, deductions and refunds, closing; failures, the cash balance and other kinds are skipped", () => {
    const vouchers = [voucher(1), voucher(2, { kind: "compute" }), voucher(3, { kind: "discount", faceValue: null })];
    const records: StatementRecord[] = [
      rec(1, "deduction", 1_000, "2026-11-20T00:00:00Z"), // before the month: in the opening
      rec(1, "deduction", 2_500, "2026-12-05T00:00:00Z"),
      rec(1, "refund", 400, "2026-12-06T00:00:00Z"),
      rec(1, "deduction", 9_999, "2026-12-07T00:00:00Z", "failure"),
      rec(2, "deduction", 700, "2026-12-07T00:00:00Z"),
      rec(3, "deduction", 50, "2026-12-07T00:00:00Z"),
      { id: 999, voucherId: null, type: "deduction", status: "success", amount: 123, createdAt: at("2026-12-08T00:00:00Z") },
    ];
    const s = monthlyStatement("cash", vouchers, records, DEC);
    expect(s.opening).toBe(9_000);
    expect(s.used).toMatchObject({ amount: 2_500, recordIds: [records[1]!.id] });
    expect(s.refunded).toMatchObject({ amount: 400, recordIds: [records[2]!.id] });
    expect(s.redeemed.amount).toBe(0);
    expect(s.closing).toBe(6_900);
    expect(monthlyStatement("compute", vouchers, records, DEC)).toMatchObject({ opening: 10_000, closing: 9_300, used: { amount: 700 } });
  });

  it("a redemption in the month is on the redeemed line with its voucher", () => {
    const s = monthlyStatement("cash", [voucher(1, { createdAt: at("2026-12-03T00:00:00Z"), effectiveAt: at("2026-12-01T00:00:00Z") })], [], DEC);
    expect(s).toMatchObject({ opening: 0, redeemed: { amount: 10_000, voucherIds: [1] }, closing: 10_000 });
  });

  it("not-effective value enters the balance in the month it takes effect, and is reported beside the formula until then", () => {
    const v = voucher(1, { createdAt: at("2026-12-03T00:00:00Z"), effectiveAt: at("2027-01-10T00:00:00Z") });
    const dec = monthlyStatement("cash", [v], [], DEC);
    expect(dec).toMatchObject({ opening: 0, redeemed: { amount: 0 }, closing: 0, notEffective: { opening: 0, closing: 10_000 } });
    const jan = monthlyStatement("cash", [v], [], monthRange("2027-01", TZ));
    expect(jan).toMatchObject({ opening: 0, redeemed: { amount: 10_000, voucherIds: [1] }, closing: 10_000, notEffective: { opening: 10_000, closing: 0 } });
  });

  it("what is left at expiry is expired; an expiry at 00:00 on the 1st belongs to the month before", () => {
    const v = voucher(1, { expiresAt: DEC.end });
    const records = [rec(1, "deduction", 3_000, "2026-12-10T00:00:00Z")];
    expect(monthlyStatement("cash", [v], records, DEC)).toMatchObject({ opening: 10_000, used: { amount: 3_000 }, expired: { amount: 7_000, voucherIds: [1] }, closing: 0 });
    expect(monthlyStatement("cash", [v], records, monthRange("2027-01", TZ))).toMatchObject({ opening: 0, expired: { amount: 0 }, closing: 0 });
  });

  it("what is left when voided is voided; value voided before it took effect is on no line", () => {
    const a = voucher(1, { voidedAt: at("2026-12-15T00:00:00Z") });
    const b = voucher(2, { createdAt: at("2026-12-02T00:00:00Z"), effectiveAt: at("2027-02-01T00:00:00Z"), voidedAt: at("2026-12-20T00:00:00Z") });
    const records = [rec(1, "deduction", 1_500, "2026-12-10T00:00:00Z")];
    const s = monthlyStatement("cash", [a, b], records, DEC);
    expect(s).toMatchObject({ opening: 10_000, used: { amount: 1_500 }, voided: { amount: 8_500, voucherIds: [1] }, redeemed: { amount: 0 }, closing: 0 });
    expect(s.notEffective).toEqual({ opening: 0, closing: 0 });
  });

  it("a refund to an expired voucher is refunded and expired (SPEC 6); to a voided one refunded and voided", () => {
    const expired = voucher(1, { expiresAt: at("2026-12-10T00:00:00Z") });
    const voided = voucher(2, { voidedAt: at("2026-12-10T00:00:00Z") });
    const records = [
      rec(1, "deduction", 4_000, "2026-12-01T00:00:00Z"),
      rec(2, "deduction", 4_000, "2026-12-01T00:00:00Z"),
      rec(1, "refund", 1_000, "2026-12-20T00:00:00Z"),
      rec(2, "refund", 1_000, "2026-12-20T00:00:00Z"),
    ];
    const s = monthlyStatement("cash", [expired, voided], records, DEC);
    expect(s.refunded).toMatchObject({ amount: 2_000, recordIds: [records[2]!.id, records[3]!.id] });
    expect(s.expired).toMatchObject({ amount: 7_000, voucherIds: [1], recordIds: [records[2]!.id] });
    expect(s.voided).toMatchObject({ amount: 7_000, voucherIds: [2], recordIds: [records[3]!.id] });
    expect(s.closing).toBe(0);
    expect(statementTotal(s)).toBe(s.closing);
  });

  it("a voucher redeemed already expired never enters the balance", () => {
    const v = voucher(1, { createdAt: at("2026-12-05T00:00:00Z"), effectiveAt: at("2026-11-01T00:00:00Z"), expiresAt: at("2026-12-01T00:00:00Z") });
    expect(monthlyStatement("cash", [v], [], DEC)).toMatchObject({ opening: 0, redeemed: { amount: 0 }, expired: { amount: 0 }, closing: 0 });
  });

  it("refuses a record on a voucher that was not passed, and an empty period", () => {
    expect(() => monthlyStatement("cash", [voucher(1)], [rec(2, "deduction", 1, "2026-12-05T00:00:00Z")], DEC)).toThrow(/not passed/);
    expect(() => monthlyStatement("cash", [voucher(1)], [], { start: DEC.end, end: DEC.start })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- property: random histories

const MONTHS = monthsEndingWith("2027-03", 7, TZ); // 2026-09 .. 2027-03
const ORIGIN = MONTHS[0]!.start.getTime() - 40 * 24 * HOUR;
const SPAN_HOURS = Math.round((MONTHS[MONTHS.length - 1]!.end.getTime() - ORIGIN) / HOUR) + 24 * 40;
const BOUNDARIES = MONTHS.flatMap((m) => [m.start.getTime(), m.end.getTime()]);

/** Any hour of the span, and often exactly a month boundary or a millisecond beside one. */
const instant = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: SPAN_HOURS }).map((h) => ORIGIN + h * HOUR) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...BOUNDARIES), fc.constantFrom(-1, 0, 1)).map(([b, d]) => b + d) },
);

const voucherArb = fc.record({
  kind: fc.constantFrom<StoredValueKind>("cash", "compute"),
  faceValue: fc.integer({ min: 0, max: 50_000 }),
  createdAt: instant,
  effectiveShift: fc.oneof(fc.constant(0), fc.integer({ min: -2_000, max: 2_000 }).map((h) => h * HOUR)),
  lifeHours: fc.integer({ min: 1, max: 3_000 }),
  voidedAt: fc.option(instant, { nil: null }),
  records: fc.array(
    fc.record({
      type: fc.constantFrom<"deduction" | "refund">("deduction", "refund"),
      status: fc.constantFrom<"success" | "failure">("success", "success", "success", "failure"),
      amount: fc.integer({ min: 0, max: 20_000 }),
      at: instant,
    }),
    { maxLength: 8 },
  ),
});

type RawVoucher = typeof voucherArb extends fc.Arbitrary<infer T> ? T : never;

function buildHistory(raw: readonly RawVoucher[]) {
  const vouchers: StatementVoucher[] = [];
  const records: StatementRecord[] = [];
  let recordId = 1;
  raw.forEach((r, index) => {
    const id = index + 1;
    const effectiveAt = r.createdAt + r.effectiveShift;
    vouchers.push({
      id,
      publicId: `vch_${id}`,
      kind: r.kind,
      faceValue: r.faceValue,
      createdAt: new Date(r.createdAt),
      effectiveAt: new Date(effectiveAt),
      expiresAt: new Date(effectiveAt + r.lifeHours * HOUR),
      voidedAt: r.voidedAt === null ? null : new Date(Math.max(r.voidedAt, r.createdAt)),
    });
    for (const x of r.records) {
      // Records come after the redemption, like the ledger's; otherwise anything goes, even skewed clocks.
      records.push({ id: recordId++, voucherId: id, type: x.type, status: x.status, amount: x.amount, createdAt: new Date(Math.max(x.at, r.createdAt + 1)) });
    }
  });
  return { vouchers, records };
}

/** The SPEC 4 summary of the kind's vouchers as they stood at T, computed naively from the rows. */
function summaryAt(kind: StoredValueKind, vouchers: StatementVoucher[], records: StatementRecord[], t: number) {
  const input = vouchers
    .filter((v) => v.kind === kind && v.createdAt.getTime() < t)
    .map((v) => {
      const ledger = records
        .filter((r) => r.voucherId === v.id && r.status === "success" && r.createdAt.getTime() < t)
        .reduce((sum, r) => sum + (r.type === "refund" ? r.amount : -r.amount), v.faceValue ?? 0);
      const voidedAt = v.voidedAt !== null && v.voidedAt.getTime() < t ? v.voidedAt : null;
      const status = voucherStatus({ ...v, balance: Math.max(0, ledger), consumedAt: null, voidedAt }, new Date(t));
      return { faceValue: v.faceValue ?? 0, balance: ledger, status };
    });
  return summarizeAmounts(input);
}

describe("monthlyStatement over random histories", () => {
  it("months chain, the formula holds exactly, the lines equal the usage sums and the balances equal SPEC 4's", () => {
    fc.assert(
      fc.property(fc.array(voucherArb, { maxLength: 6 }), fc.constantFrom<StoredValueKind>("cash", "compute"), (raw, kind) => {
        const { vouchers, records } = buildHistory(raw);
        const statements = MONTHS.map((m) => monthlyStatement(kind, vouchers, records, m));
        statements.forEach((s, i) => {
          const next = statements[i + 1];
          if (next) expect(next.opening).toBe(s.closing);
          expect(s.opening + s.redeemed.amount + s.refunded.amount - s.used.amount - s.expired.amount - s.voided.amount).toBe(s.closing);

          const ofMonth = records.filter(
            (r) =>
              r.status === "success" &&
              vouchers.find((v) => v.id === r.voucherId)?.kind === kind &&
              r.createdAt.getTime() >= s.start.getTime() &&
              r.createdAt.getTime() < s.end.getTime(),
          );
          const sum = (type: string) => ofMonth.filter((r) => r.type === type).reduce((n, r) => n + r.amount, 0);
          expect(s.used.amount).toBe(sum("deduction"));
          expect(s.refunded.amount).toBe(sum("refund"));
          expect(s.used.recordIds.sort((a, b) => a - b)).toEqual(ofMonth.filter((r) => r.type === "deduction").map((r) => r.id).sort((a, b) => a - b));

          const end = summaryAt(kind, vouchers, records, s.end.getTime());
          expect(s.closing).toBe(end.balance);
          expect(s.notEffective.closing).toBe(end.notEffective);
          expect(balancesAt(kind, vouchers, records, s.start)).toEqual({ balance: s.opening, notEffective: s.notEffective.opening });
        });
      }),
      { numRuns: 400 },
    );
  });

  it("byVoucher holds each voucher's own statement lines, for exactly the vouchers that moved value through them", () => {
    fc.assert(
      fc.property(fc.array(voucherArb, { maxLength: 6 }), fc.constantFrom<StoredValueKind>("cash", "compute"), (raw, kind) => {
        const { vouchers, records } = buildHistory(raw);
        for (const m of MONTHS) {
          const s = monthlyStatement(kind, vouchers, records, m);
          for (const v of vouchers.filter((x) => x.kind === kind)) {
            const alone = monthlyStatement(kind, [v], records.filter((r) => r.voucherId === v.id), m);
            const lines = [alone.redeemed, alone.expired, alone.voided];
            const moved = lines.some((l) => l.voucherIds.length > 0 || l.recordIds.length > 0);
            expect(s.byVoucher.get(v.id)).toEqual(moved ? { redeemed: alone.redeemed.amount, expired: alone.expired.amount, voided: alone.voided.amount } : undefined);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("on valid histories (deductions only while available, never below 0) nothing is negative and every voucher's value is accounted for", () => {
    fc.assert(
      fc.property(fc.array(voucherArb, { maxLength: 6 }), (raw) => {
        const { vouchers } = buildHistory(raw);
        // Keep only the records a real ledger could hold: a deduction while available and within the balance, a refund of what was taken.
        const records: StatementRecord[] = [];
        const built = buildHistory(raw).records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
        const ledger = new Map(vouchers.map((v) => [v.id, { balance: v.faceValue ?? 0, taken: 0 }]));
        for (const r of built) {
          const v = vouchers.find((x) => x.id === r.voucherId)!;
          const l = ledger.get(v.id)!;
          if (r.status === "failure") continue;
          if (r.type === "deduction") {
            const voidedAt = v.voidedAt !== null && v.voidedAt.getTime() <= r.createdAt.getTime() ? v.voidedAt : null;
            if (voucherStatus({ ...v, balance: l.balance, consumedAt: null, voidedAt }, r.createdAt) !== "available" || r.amount > l.balance) continue;
            l.balance -= r.amount;
            l.taken += r.amount;
          } else {
            if (r.amount > l.taken) continue;
            l.balance += r.amount;
            l.taken -= r.amount;
          }
          records.push(r);
        }
        let redeemed = 0;
        let lost = 0;
        for (const m of MONTHS) {
          for (const kind of ["cash", "compute"] as const) {
            const s = monthlyStatement(kind, vouchers, records, m);
            for (const value of [s.opening, s.closing, s.redeemed.amount, s.used.amount, s.refunded.amount, s.expired.amount, s.voided.amount]) {
              expect(value).toBeGreaterThanOrEqual(0);
            }
            redeemed += s.redeemed.amount;
            lost += s.expired.amount + s.voided.amount;
          }
        }
        // Over the whole span: what entered the balance is what was consumed net, lost, or still there.
        const first = MONTHS[0]!.start;
        const last = MONTHS[MONTHS.length - 1]!.end;
        const open = ["cash", "compute"].reduce((n, k) => n + balancesAt(k as StoredValueKind, vouchers, records, first).balance, 0);
        const close = ["cash", "compute"].reduce((n, k) => n + balancesAt(k as StoredValueKind, vouchers, records, last).balance, 0);
        const net = records
          .filter((r) => r.createdAt.getTime() >= first.getTime() && r.createdAt.getTime() < last.getTime())
          .reduce((n, r) => n + (r.type === "deduction" ? r.amount : -r.amount), 0);
        expect(open + redeemed - net - lost).toBe(close);
      }),
      { numRuns: 200 },
    );
  });
});
