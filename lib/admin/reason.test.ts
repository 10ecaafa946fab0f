import { describe, expect, it } from "vitest";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH, parseReason, REASON_TOO_LONG, REASON_TOO_SHORT } from "./reason";

describe("parseReason", () => {
  it("trims and needs 3 to 500 characters", () => {
    expect(parseReason("  Leaked code  ")).toEqual({ ok: true, value: "Leaked code" });
    expect(parseReason("  a ")).toMatchObject({ ok: false });
    expect(parseReason(undefined)).toMatchObject({ ok: false });
    expect(parseReason("x".repeat(501))).toMatchObject({ ok: false });
  });
});

describe("the reason rule", () => {
  it("has its bounds inclusive, and says which one was missed", () => {
    expect([MIN_REASON_LENGTH, MAX_REASON_LENGTH]).toEqual([3, 500]);
    expect(parseReason("abc")).toEqual({ ok: true, value: "abc" });
    expect(parseReason("x".repeat(500))).toMatchObject({ ok: true });
    expect(parseReason(" ab ")).toEqual({ ok: false, issues: [{ field: "reason", message: REASON_TOO_SHORT }] });
    expect(parseReason("x".repeat(501))).toEqual({ ok: false, issues: [{ field: "reason", message: REASON_TOO_LONG }] });
    expect(REASON_TOO_SHORT).toBe("Give a reason (at least 3 characters).");
  });
});
