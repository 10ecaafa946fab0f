import { describe, expect, it } from "vitest";
import { EXPIRED_CATCH_UP_DAYS, dueExpiryEvents, hasValueToLose, reminderDue, type ExpiryCandidate } from "./expiry";
import { EVENT_PAYLOADS } from "./types";

const DAY = 86_400_000;
const expiresAt = new Date("2027-01-31T16:00:00Z");
const daysBefore = (d: number) => new Date(expiresAt.getTime() - d * DAY);
const cash = (over: Partial<ExpiryCandidate> = {}): ExpiryCandidate => ({ publicId: "vch_a", kind: "cash", balance: 12_000, expiresAt, consumedAt: null, voidedAt: null, ...over });

describe("reminderDue", () => {
  it("is the reminder whose window holds now: 30 days until 7, 7 until 1, 1 until expiry", () => {
    expect(reminderDue(expiresAt, daysBefore(31))).toBeNull();
    expect(reminderDue(expiresAt, daysBefore(30))).toBe(30);
    expect(reminderDue(expiresAt, daysBefore(7.01))).toBe(30);
    expect(reminderDue(expiresAt, daysBefore(7))).toBe(7);
    expect(reminderDue(expiresAt, daysBefore(5))).toBe(7);
    expect(reminderDue(expiresAt, daysBefore(1))).toBe(1);
    expect(reminderDue(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(1);
    expect(reminderDue(expiresAt, expiresAt)).toBeNull();
  });
});

describe("hasValueToLose", () => {
  it("a stored-value voucher with a balance, or an unused discount, and never a voided one", () => {
    expect(hasValueToLose(cash())).toBe(true);
    expect(hasValueToLose(cash({ balance: 0 }))).toBe(false);
    expect(hasValueToLose(cash({ voidedAt: daysBefore(40) }))).toBe(false);
    expect(hasValueToLose(cash({ kind: "discount", balance: null }))).toBe(true);
    expect(hasValueToLose(cash({ kind: "discount", balance: null, consumedAt: daysBefore(3) }))).toBe(false);
  });
});

describe("dueExpiryEvents", () => {
  it("names each reminder once by its dedupe key, with what the voucher holds", () => {
    const [event] = dueExpiryEvents(cash(), daysBefore(6));
    expect(event).toEqual({
      type: "voucher.expiring",
      dedupeKey: "voucher.expiring:vch_a:7",
      payload: { voucherId: "vch_a", kind: "cash", balance: 12_000, expiresAt: expiresAt.toISOString(), daysBefore: 7 },
    });
    expect(EVENT_PAYLOADS["voucher.expiring"].parse(event!.payload)).toEqual(event!.payload);
  });

  it("says a voucher expired with the amount lost, until the catch-up window has passed", () => {
    const after = new Date(expiresAt.getTime() + DAY);
    const [event] = dueExpiryEvents(cash({ balance: 300 }), after);
    expect(event).toEqual({ type: "voucher.expired", dedupeKey: "voucher.expired:vch_a", payload: { voucherId: "vch_a", kind: "cash", amountLost: 300, expiredAt: expiresAt.toISOString() } });
    expect(EVENT_PAYLOADS["voucher.expired"].parse(event!.payload)).toEqual(event!.payload);
    expect(dueExpiryEvents(cash(), new Date(expiresAt.getTime() + EXPIRED_CATCH_UP_DAYS * DAY + 1))).toEqual([]);
  });

  it("nothing for a voucher with nothing to lose, or far from its expiry", () => {
    expect(dueExpiryEvents(cash({ balance: 0 }), daysBefore(1))).toEqual([]);
    expect(dueExpiryEvents(cash({ voidedAt: daysBefore(2) }), daysBefore(1))).toEqual([]);
    expect(dueExpiryEvents(cash(), daysBefore(45))).toEqual([]);
  });
});
