import { describe, expect, it } from "vitest";
import { redeemFailureMessage } from "../failure-messages";
import { translatorFor } from "@/lib/i18n/translator";
import { codeFailure, validityAt, type BatchState, type CodeState } from "./redeem";

const EN = translatorFor("en", "failures");

const now = new Date("2026-11-23T08:00:00Z");
const fresh: CodeState = { revokedAt: null, redeemedAt: null, redeemedByAccountId: null };
const batch: BatchState = { kind: "cash", voidedAt: null, redeemBy: new Date("2026-12-31T00:00:00Z"), expiresAt: new Date("2027-12-31T00:00:00Z") };
const past = new Date("2026-11-01T00:00:00Z");

describe("a code redeems only when it is valid, unredeemed and of the tab's kind (SPEC 5)", () => {
  it("a fresh code of the right kind before its deadline can be redeemed", () => {
    expect(codeFailure(fresh, batch, "cash", 1, now)).toBeNull();
  });

  it("a revoked code is invalid", () => {
    expect(codeFailure({ ...fresh, revokedAt: past }, batch, "cash", 1, now)).toEqual({ code: "invalid", reason: "revoked" });
  });

  it("a code of a voided batch is invalid", () => {
    expect(codeFailure(fresh, { ...batch, voidedAt: past }, "cash", 1, now)).toEqual({ code: "invalid", reason: "batch_voided" });
  });

  it("a code past its redemption deadline is invalid, from the deadline inclusive", () => {
    expect(codeFailure(fresh, { ...batch, redeemBy: now }, "cash", 1, now)).toEqual({ code: "invalid", reason: "deadline_passed" });
    expect(codeFailure(fresh, { ...batch, redeemBy: new Date(now.getTime() + 1) }, "cash", 1, now)).toBeNull();
  });

  it("a redeemed code is already redeemed, by anyone, the caller included", () => {
    const redeemed = { ...fresh, redeemedAt: past, redeemedByAccountId: 2 };
    expect(codeFailure(redeemed, batch, "cash", 1, now)).toEqual({ code: "already_redeemed", byCaller: false });
    expect(codeFailure(redeemed, batch, "cash", 2, now)).toEqual({ code: "already_redeemed", byCaller: true });
  });

  it("a code whose batch window has ended is invalid, from the window's end inclusive, whatever its deadline", () => {
    const window = { ...batch, expiresAt: now, redeemBy: new Date("2027-06-01T00:00:00Z") };
    expect(codeFailure(fresh, window, "cash", 1, now)).toEqual({ code: "invalid", reason: "window_ended" });
    expect(codeFailure(fresh, { ...window, redeemBy: null }, "cash", 1, now)).toEqual({ code: "invalid", reason: "window_ended" });
    expect(codeFailure(fresh, { ...window, expiresAt: new Date(now.getTime() + 1) }, "cash", 1, now)).toBeNull();
    // A days-from-redemption batch has no window end of its own.
    expect(codeFailure(fresh, { ...window, expiresAt: null }, "cash", 1, now)).toBeNull();
    // Already redeemed still says so: the window says nothing about who redeemed it.
    expect(codeFailure({ ...fresh, redeemedAt: past, redeemedByAccountId: 1 }, window, "cash", 1, now)).toEqual({ code: "already_redeemed", byCaller: true });
    expect(redeemFailureMessage({ code: "invalid", reason: "window_ended" }, EN)).toMatch(/^This code is invalid/);
  });

  it("a code of another kind names its kind", () => {
    expect(codeFailure(fresh, { ...batch, kind: "compute" }, "cash", 1, now)).toEqual({ code: "wrong_kind", kind: "compute" });
  });
});

describe("validity given at redemption (SPEC 5)", () => {
  it("a fixed window is kept as issued", () => {
    const w = { effectiveAt: past, expiresAt: new Date("2027-01-01T00:00:00Z"), validDays: null };
    expect(validityAt(w, now)).toEqual({ effectiveAt: past, expiresAt: w.expiresAt });
  });

  it("N days from redemption starts now and ends N × 24 h later", () => {
    expect(validityAt({ effectiveAt: null, expiresAt: null, validDays: 30 }, now)).toEqual({
      effectiveAt: now,
      expiresAt: new Date("2026-12-23T08:00:00Z"),
    });
  });
});

describe("every failure has its own clear message", () => {
  it("format, invalid, already redeemed, wrong kind and rate limit read differently", () => {
    const messages = [
      redeemFailureMessage({ code: "format", reason: "length" }, EN),
      redeemFailureMessage({ code: "format", reason: "check" }, EN),
      redeemFailureMessage({ code: "invalid", reason: "unknown" }, EN),
      redeemFailureMessage({ code: "invalid", reason: "deadline_passed" }, EN),
      redeemFailureMessage({ code: "already_redeemed", byCaller: false }, EN),
      redeemFailureMessage({ code: "wrong_kind", kind: "compute" }, EN),
      redeemFailureMessage({ code: "rate_limited", retryAfterMinutes: 14 }, EN),
    ];
    expect(new Set(messages).size).toBe(messages.length);
    expect(messages[0]).toMatch(/format is incorrect/);
  });

  it("a code of another kind names its kind and the tab to use", () => {
    expect(redeemFailureMessage({ code: "wrong_kind", kind: "compute" }, EN)).toBe(
      "This is a computing power voucher code. Redeem it on the Computing Power Vouchers tab.",
    );
  });

  it("unknown, revoked and voided codes share one message, so guessing learns nothing", () => {
    const m = (reason: "unknown" | "revoked" | "batch_voided") => redeemFailureMessage({ code: "invalid", reason }, EN);
    expect(m("revoked")).toBe(m("unknown"));
    expect(m("batch_voided")).toBe(m("unknown"));
  });

  it("a rate limit says when to try again", () => {
    expect(redeemFailureMessage({ code: "rate_limited", retryAfterMinutes: 14 }, EN)).toBe("Too many attempts. Try again in 14 minutes.");
    expect(redeemFailureMessage({ code: "rate_limited", retryAfterMinutes: 1 }, EN)).toBe("Too many attempts. Try again in 1 minute.");
  });
});
