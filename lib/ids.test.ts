import { describe, expect, it } from "vitest";
import { isMadePublicId, isPublicId, newPublicId, publicIdSchema } from "./ids";

describe("public ids are opaque and stable (SPEC 2)", () => {
  it("carry their prefix and 16 lower-case base-32 characters", () => {
    for (const prefix of ["vch", "ord", "acc", "prd", "bat", "rfd"] as const) {
      expect(newPublicId(prefix)).toMatch(new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{16}$`));
    }
  });

  it("are never repeated across 10,000 draws", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newPublicId("vch")));
    expect(ids.size).toBe(10_000);
  });
});

describe("checking an id that comes in", () => {
  it("accepts what newPublicId makes, and the providers migration's 20 hex characters", () => {
    for (const prefix of ["vch", "ord", "acc", "prd", "bat", "rfd", "prv"] as const) {
      const id = newPublicId(prefix);
      expect(isPublicId(prefix, id)).toBe(true);
      expect(isMadePublicId(prefix, id)).toBe(true);
      expect(publicIdSchema(prefix).safeParse(id).success).toBe(true);
    }
    expect(isPublicId("prv", "prv_0123456789abcdef0123")).toBe(true);
    expect(isMadePublicId("prv", "prv_0123456789abcdef0123")).toBe(false);
  });

  it("refuses another prefix, upper case, other characters, an empty body and more than 40 characters", () => {
    for (const bad of ["ord_0123456789abcdef", "vch_0123456789ABCDEF", "vch_01 23", "vch_0123'--", "vch_", "vch", "", `vch_${"a".repeat(41)}`, " vch_0123"]) {
      expect(isPublicId("vch", bad), bad).toBe(false);
      expect(publicIdSchema("vch").safeParse(bad).success, bad).toBe(false);
    }
    expect(isPublicId("vch", `vch_${"a".repeat(40)}`)).toBe(true);
  });

  it("a made id is exactly 16 characters of the Crockford alphabet", () => {
    expect(isMadePublicId("vch", "vch_0123456789abcdef")).toBe(true);
    expect(isMadePublicId("vch", "vch_0123456789abcdei")).toBe(false);
    expect(isMadePublicId("vch", "vch_0123456789abcde")).toBe(false);
  });

  it("says which kind of id was expected", () => {
    const expected = [
      ["vch", "Not a valid voucher ID."],
      ["ord", "Not a valid order ID."],
      ["prd", "Not a valid product ID."],
      ["acc", "Not a valid account ID."],
      ["bat", "Not a valid batch ID."],
      ["prv", "Not a valid provider ID."],
    ] as const;
    for (const [prefix, message] of expected) expect(publicIdSchema(prefix).safeParse("x").error?.issues[0]?.message).toBe(message);
  });
});
