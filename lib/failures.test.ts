import { describe, expect, it } from "vitest";
import { toldPlanFailure } from "./failures";
import type { PlanFailure } from "./orders/plan";

describe("a planner failure as it leaves the server", () => {
  const names = new Map([[7, "Muxi"]]);
  const failures: PlanFailure[] = [
    { reason: "unknown_voucher", voucherId: 9 },
    { reason: "voucher_not_usable", voucherId: 1, publicId: "vch_a", kind: "cash", status: "expired" },
    { reason: "wrong_kind", voucherId: 1, publicId: "vch_a", kind: "compute", expected: "discount" },
    { reason: "discount_not_applicable", voucherId: 1, publicId: "vch_a", why: "min_order", minOrderAmount: 20_000 },
    { reason: "discount_excludes_vouchers" },
    { reason: "provider_mismatch", voucherId: 1, publicId: "vch_a", providerIds: [7, 8] },
    { reason: "insufficient_funds", shortBy: 1_250 },
  ];

  it.each(failures)("$reason keeps its reason and public values, and no database id", (f) => {
    const told = toldPlanFailure(f, names);
    expect(told.reason).toBe(f.reason);
    expect(told).not.toHaveProperty("voucherId");
    expect(told).not.toHaveProperty("providerIds");
    if ("publicId" in f) expect(told).toMatchObject({ publicId: f.publicId });
  });

  it("names providers by their catalogue names, null for an id without one", () => {
    expect(toldPlanFailure({ reason: "provider_mismatch", voucherId: 1, publicId: "vch_a", providerIds: [7, 8] }, names)).toEqual({
      reason: "provider_mismatch",
      publicId: "vch_a",
      providers: ["Muxi", null],
    });
  });
});
