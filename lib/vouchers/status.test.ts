import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { VOUCHER_KINDS, VOUCHER_STATUSES } from "./kinds";
import { isDeductible, voucherStatus, type StatusFacts } from "./status";

const effectiveAt = new Date("2026-01-01T00:00:00Z");
const expiresAt = new Date("2026-02-01T00:00:00Z");
const during = new Date("2026-01-15T00:00:00Z");

function cash(overrides: Partial<StatusFacts> = {}): StatusFacts {
  return { kind: "cash", balance: 5000, consumedAt: null, voidedAt: null, effectiveAt, expiresAt, ...overrides };
}

function discount(overrides: Partial<StatusFacts> = {}): StatusFacts {
  return { kind: "discount", balance: null, consumedAt: null, voidedAt: null, effectiveAt, expiresAt, ...overrides };
}

const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe("voucher status (SPEC 4)", () => {
  it("a voucher with a balance inside its validity window is available", () => {
    expect(voucherStatus(cash(), during)).toBe("available");
    expect(voucherStatus(cash({ kind: "compute" }), during)).toBe("available");
  });

  it("a voucher is effective from effective_at inclusive", () => {
    expect(voucherStatus(cash(), effectiveAt)).toBe("available");
    expect(voucherStatus(cash(), ms(effectiveAt, -1))).toBe("not_effective");
  });

  it("a voucher is expired from expires_at inclusive", () => {
    expect(voucherStatus(cash(), expiresAt)).toBe("expired");
    expect(voucherStatus(cash(), ms(expiresAt, -1))).toBe("available");
  });

  it("a voided voucher is voided whatever its dates and balance", () => {
    const voidedAt = during;
    expect(voucherStatus(cash({ voidedAt }), during)).toBe("voided");
    expect(voucherStatus(cash({ voidedAt }), ms(effectiveAt, -1))).toBe("voided");
    expect(voucherStatus(cash({ voidedAt }), expiresAt)).toBe("voided");
    expect(voucherStatus(cash({ voidedAt, balance: 0 }), during)).toBe("voided");
    expect(voucherStatus(discount({ voidedAt, consumedAt: during }), during)).toBe("voided");
  });

  it("not effective wins over expired and used", () => {
    expect(voucherStatus(cash({ balance: 0 }), ms(effectiveAt, -1))).toBe("not_effective");
  });

  it("expired wins over used", () => {
    expect(voucherStatus(cash({ balance: 0 }), expiresAt)).toBe("expired");
    expect(voucherStatus(discount({ consumedAt: during }), expiresAt)).toBe("expired");
  });

  it("a stored-value voucher with balance 0 is used", () => {
    expect(voucherStatus(cash({ balance: 0 }), during)).toBe("used");
    expect(voucherStatus(cash({ kind: "compute", balance: 0 }), during)).toBe("used");
  });

  it("a discount voucher is used once consumed, available before", () => {
    expect(voucherStatus(discount(), during)).toBe("available");
    expect(voucherStatus(discount({ consumedAt: during }), during)).toBe("used");
  });

  it("a stored-value voucher without a balance is refused as corrupt", () => {
    expect(() => voucherStatus(cash({ balance: null }), during)).toThrow(TypeError);
  });

  it("only available vouchers can be deducted", () => {
    expect(isDeductible(cash(), during)).toBe(true);
    expect(isDeductible(cash({ balance: 0 }), during)).toBe(false);
    expect(isDeductible(cash(), expiresAt)).toBe(false);
    expect(isDeductible(cash(), ms(effectiveAt, -1))).toBe(false);
    expect(isDeductible(cash({ voidedAt: during }), during)).toBe(false);
    expect(isDeductible(discount({ consumedAt: during }), during)).toBe(false);
  });

  it("status follows the SPEC 4 decision list for arbitrary facts and now", () => {
    const time = fc.integer({ min: 0, max: 1_000 }).map((t) => new Date(t * 1000));
    fc.assert(
      fc.property(
        fc.constantFrom(...VOUCHER_KINDS),
        fc.nat({ max: 3 }),
        fc.option(time),
        fc.option(time),
        time,
        time,
        time,
        (kind, balance, consumedAt, voidedAt, effective, expires, now) => {
          const v: StatusFacts = {
            kind,
            balance: kind === "discount" ? null : balance,
            consumedAt,
            voidedAt,
            effectiveAt: effective,
            expiresAt: expires,
          };
          const status = voucherStatus(v, now);
          expect(VOUCHER_STATUSES).toContain(status);
          const valid = effective.getTime() <= now.getTime() && now.getTime() < expires.getTime();
          if (voidedAt !== null) expect(status).toBe("voided");
          else if (!valid) expect(["not_effective", "expired"]).toContain(status);
          else expect(["used", "available"]).toContain(status);
          expect(isDeductible(v, now)).toBe(status === "available");
        },
      ),
    );
  });
});
