import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { compareForDeduction, sortForDeduction, type DeductionCandidate } from "./deduction-order";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

function v(id: number | string, expires: number, balance: number, created: number): DeductionCandidate {
  return { id, expiresAt: day(expires), balance, createdAt: day(created) };
}

describe("deduction order within one kind (SPEC 3)", () => {
  it("deducts first from the voucher that expires soonest", () => {
    const sorted = sortForDeduction([v(1, 30, 100, 0), v(2, 10, 9000, 5)]);
    expect(sorted.map((x) => x.id)).toEqual([2, 1]);
  });

  it("then from the one with the smallest balance", () => {
    const sorted = sortForDeduction([v(1, 10, 500, 0), v(2, 10, 100, 5)]);
    expect(sorted.map((x) => x.id)).toEqual([2, 1]);
  });

  it("then from the oldest", () => {
    const sorted = sortForDeduction([v(1, 10, 100, 5), v(2, 10, 100, 0)]);
    expect(sorted.map((x) => x.id)).toEqual([2, 1]);
  });

  it("then by id ascending, so the order is total", () => {
    expect(sortForDeduction([v(10, 1, 1, 1), v(9, 1, 1, 1)]).map((x) => x.id)).toEqual([9, 10]);
    expect(sortForDeduction([v("vch_b", 1, 1, 1), v("vch_a", 1, 1, 1)]).map((x) => x.id)).toEqual(["vch_a", "vch_b"]);
  });

  it("compares numeric ids numerically, not as text", () => {
    expect(compareForDeduction(v(9, 1, 1, 1), v(10, 1, 1, 1))).toBeLessThan(0);
  });

  it("returns a new array and leaves the input untouched", () => {
    const input = [v(1, 30, 100, 0), v(2, 10, 100, 0)];
    const sorted = sortForDeduction(input);
    expect(sorted).not.toBe(input);
    expect(input.map((x) => x.id)).toEqual([1, 2]);
  });

  const candidate = fc.record({
    expiresAt: fc.integer({ min: 0, max: 5 }).map(day),
    balance: fc.integer({ min: 0, max: 5 }),
    createdAt: fc.integer({ min: 0, max: 5 }).map(day),
    id: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom("vch_a", "vch_b", "vch_c")),
  });

  it("the order is total: antisymmetric, transitive, and 0 only for equal keys", () => {
    fc.assert(
      fc.property(candidate, candidate, candidate, (a, b, c) => {
        // A sum, not toBe(-x): Object.is tells 0 from -0 when a and b are equal.
        expect(Math.sign(compareForDeduction(a, b)) + Math.sign(compareForDeduction(b, a))).toBe(0);
        expect(compareForDeduction(a, a)).toBe(0);
        if (compareForDeduction(a, b) <= 0 && compareForDeduction(b, c) <= 0) {
          expect(compareForDeduction(a, c)).toBeLessThanOrEqual(0);
        }
        if (compareForDeduction(a, b) === 0) {
          expect(a.id).toBe(b.id);
          expect(a.balance).toBe(b.balance);
          expect(a.expiresAt.getTime()).toBe(b.expiresAt.getTime());
          expect(a.createdAt.getTime()).toBe(b.createdAt.getTime());
        }
      }),
    );
  });

  it("the sort is deterministic whatever the input permutation", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (x) => x.id, maxLength: 30 }).chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
        ),
        ([list, shuffled]) => {
          const a = sortForDeduction(list);
          const b = sortForDeduction(shuffled);
          expect(b).toEqual(a);
          for (let i = 1; i < a.length; i++) {
            const prev = a[i - 1];
            const cur = a[i];
            if (prev && cur) expect(compareForDeduction(prev, cur)).toBeLessThan(0);
          }
        },
      ),
    );
  });
});
