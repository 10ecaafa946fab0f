import { describe, expect, it } from "vitest";
import { newPublicId } from "./ids";

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
