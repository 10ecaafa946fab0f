import { describe, expect, it } from "vitest";
import { balanceHistory } from "./balance-history";
import { lastDays } from "./spend";
import type { StatementVoucher } from "./statement";

const day = 86_400_000;
const now = new Date("2026-12-10T04:00:00Z");
const voucher = (id: number, kind: "cash" | "compute", faceValue: number, createdAgo: number, expiresIn: number): StatementVoucher => ({
  id,
  publicId: `vch_${id}`,
  kind,
  faceValue,
  createdAt: new Date(now.getTime() - createdAgo * day),
  effectiveAt: new Date(now.getTime() - createdAgo * day),
  expiresAt: new Date(now.getTime() + expiresIn * day),
  voidedAt: null,
});

describe("balanceHistory", () => {
  it("takes each kind's SPEC 4 balance at each day's end, and at now for today", () => {
    const days = lastDays(now, 4, "Asia/Shanghai");
    const cash = [voucher(1, "cash", 10_000, 2, 30)];
    const compute = [voucher(2, "compute", 5_000, 10, -1)];
    const records = [{ id: 1, voucherId: 1, type: "deduction" as const, status: "success" as const, amount: 2_500, createdAt: new Date(now.getTime() - 1_000) }];
    const points = balanceHistory({ cash: { vouchers: cash, records }, compute: { vouchers: compute, records: [] } }, days, now);
    expect(points.map((p) => p.label)).toEqual(days.map((d) => d.label));
    expect(points.at(-1)?.at).toEqual(now);
    // Cash: redeemed two days ago, ¥25 used just before now. Compute: expired a day ago.
    expect(points.map((p) => p.cash)).toEqual([0, 10_000, 10_000, 7_500]);
    expect(points.map((p) => p.compute)).toEqual([5_000, 5_000, 0, 0]);
  });
});
