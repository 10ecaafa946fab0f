import { describe, expect, it } from "vitest";
import { topUpSchema } from "../orders/request";
import {
  adjustCashSchema,
  createProductSchema,
  createProviderSchema,
  grantVoucherSchema,
  issueBatchSchema,
  refundOrderSchema,
  renameProviderSchema,
  voidVoucherSchema,
} from "./schemas";

const now = new Date("2026-11-23T08:00:00Z");
const tz = "Asia/Shanghai";
const key = "9b2f8f0e-8d0c-4c52-9a57-6f2d1e0c3b11";

/** The field errors as runAction reports them: path → messages. */
function fieldErrors(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  const out: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (out[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return out;
}

const KEY = "0b6f8a52-3c1e-4f7a-9d2b-5e8c1a7f3b90";

describe("issueBatchSchema", () => {
  const base = { kind: "compute", name: " GPU  pack ", faceValue: "300", providers: "MaxXIntel, Muxi", validity: "days", validDays: "30", quantity: "5", redeemBy: "", requestKey: KEY };

  it("turns the form's strings into typed terms", () => {
    expect(issueBatchSchema(now, tz, "CNY").parse(base)).toEqual({
      name: "GPU pack",
      terms: { kind: "compute", faceValue: 30_000, providers: ["MaxXIntel", "Muxi"] },
      validity: { type: "days", days: 30 },
      redeemBy: null,
      quantity: 5,
      requestKey: KEY,
    });
    expect(issueBatchSchema(now, tz, "CNY").parse({ ...base, quantity: "100,000" }).quantity).toBe(100_000);
  });

  it("reports every bad field under its own name", () => {
    const result = issueBatchSchema(now, tz, "CNY").safeParse({ ...base, name: "", faceValue: "-3", providers: "", quantity: "100001", redeemBy: "2020-01-01" });
    expect(Object.keys(fieldErrors(result)).sort()).toEqual(["faceValue", "name", "providers", "quantity", "redeemBy"]);
  });

  it("refuses a value that is not a string", () => {
    expect(issueBatchSchema(now, tz, "CNY").safeParse({ ...base, quantity: 5 }).success).toBe(false);
  });

  it("refuses a redemption deadline after the fixed window's last day, under its own field", () => {
    const fixed = { ...base, validity: "fixed", validFrom: "2026-12-01", validUntil: "2026-12-31" };
    const result = issueBatchSchema(now, tz, "CNY").safeParse({ ...fixed, redeemBy: "2027-01-01" });
    expect(fieldErrors(result)).toEqual({ redeemBy: [expect.stringMatching(/last valid day/)] });
    // The last valid day itself is fine: codes redeem until its end, when the window ends too.
    expect(issueBatchSchema(now, tz, "CNY").parse({ ...fixed, redeemBy: "2026-12-31" }).redeemBy).toEqual(new Date("2026-12-31T16:00:00Z"));
    // Days from redemption: any future deadline.
    expect(issueBatchSchema(now, tz, "CNY").parse({ ...base, redeemBy: "2030-01-01" }).redeemBy).toEqual(new Date("2030-01-01T16:00:00Z"));
  });
});

describe("grantVoucherSchema", () => {
  it("needs a customer email and a reason", () => {
    const result = grantVoucherSchema(now, tz, "CNY").safeParse({ kind: "cash", faceValue: "10", validity: "days", validDays: "7", accountEmail: "nope", reason: "", requestKey: KEY });
    expect(Object.keys(fieldErrors(result)).sort()).toEqual(["accountEmail", "reason"]);
    expect(
      grantVoucherSchema(now, tz, "CNY").parse({ kind: "cash", faceValue: "10", validity: "days", validDays: "7", accountEmail: " Alice@Example.com ", reason: "Goodwill", requestKey: KEY }),
    ).toMatchObject({ accountEmail: "alice@example.com", terms: { kind: "cash", faceValue: 1_000 }, reason: "Goodwill" });
  });
});

describe("small schemas", () => {
  it("void needs a voucher ID and a reason", () => {
    expect(voidVoucherSchema.safeParse({ voucherPublicId: "vch_abc", reason: "Leaked" }).success).toBe(true);
    expect(Object.keys(fieldErrors(voidVoucherSchema.safeParse({ voucherPublicId: "1 OR 1=1", reason: " " })))).toEqual(["voucherPublicId", "reason"]);
  });

  it("refund: full ignores the amount, partial needs one", () => {
    expect(refundOrderSchema("CNY").parse({ orderPublicId: "ord_x", mode: "full", amount: "junk", reason: "Outage", refundKey: key })).toMatchObject({ amount: "full" });
    expect(refundOrderSchema("CNY").parse({ orderPublicId: "ord_x", mode: "partial", amount: "10.50", reason: "Outage", refundKey: key })).toMatchObject({ amount: 1_050 });
    expect(fieldErrors(refundOrderSchema("CNY").safeParse({ orderPublicId: "ord_x", mode: "partial", amount: "0", reason: "Outage", refundKey: key }))).toHaveProperty("amount");
  });

  it("refund: a partial amount has no fixed cap (the DAL caps it at what the order can still refund), only a positive safe amount", () => {
    const partial = (amount: string) => refundOrderSchema("CNY").safeParse({ orderPublicId: "ord_x", mode: "partial", amount, reason: "Outage", refundKey: key });
    expect(partial("2,000,000.00")).toMatchObject({ success: true, data: { amount: 200_000_000 } });
    expect(partial("90071992547409.91")).toMatchObject({ success: true, data: { amount: Number.MAX_SAFE_INTEGER } });
    for (const bad of ["0", "0.00", "-1", "90071992547409.92", "1.001", "ten"]) expect(fieldErrors(partial(bad)), bad).toHaveProperty("amount");
  });

  it("adjust: a debit is a negative amount", () => {
    expect(adjustCashSchema("CNY").parse({ accountPublicId: "acc_x", direction: "debit", amount: "12", reason: "Correction", requestKey: key }).amount).toBe(-1_200);
    expect(adjustCashSchema("CNY").parse({ accountPublicId: "acc_x", direction: "credit", amount: "12", reason: "Correction", requestKey: key }).amount).toBe(1_200);
    expect(adjustCashSchema("CNY").safeParse({ accountPublicId: "acc_x", direction: "credit", amount: "-12", reason: "Correction", requestKey: key }).success).toBe(false);
  });

  it("product: blank provider is none, the price may be 0 but not negative", () => {
    expect(createProductSchema("CNY").parse({ name: " GPU ", unitPrice: "0", provider: "  ", requestKey: KEY })).toEqual({ name: "GPU", unitPrice: 0, provider: null, requestKey: KEY });
    expect(fieldErrors(createProductSchema("CNY").safeParse({ name: "GPU", unitPrice: "1", provider: "" }))).toHaveProperty("requestKey");
    expect(fieldErrors(createProductSchema("CNY").safeParse({ name: "", unitPrice: "-1", provider: "" }))).toMatchObject({ name: expect.any(Array), unitPrice: expect.any(Array) });
  });
});

describe("amounts follow the platform currency", () => {
  it("JPY has no minor digits: whole yen only, messages in yen", () => {
    const refund = refundOrderSchema("JPY").safeParse({ orderPublicId: "ord_x", mode: "partial", amount: "1.5", reason: "Outage", refundKey: KEY });
    expect(fieldErrors(refund)).toEqual({ amount: ["Enter the amount to refund, e.g. 10."] });
    expect(refundOrderSchema("JPY").parse({ orderPublicId: "ord_x", mode: "partial", amount: "1,500", reason: "Outage", refundKey: KEY }).amount).toBe(1_500);
    expect(fieldErrors(adjustCashSchema("JPY").safeParse({ accountPublicId: "acc_x", direction: "debit", amount: "0", reason: "Correction", requestKey: KEY }))).toEqual({
      amount: ["Enter the amount between ¥1 and ¥100,000,000."],
    });
  });

  it("KWD has three: fils are typed, USD messages say dollars", () => {
    expect(adjustCashSchema("KWD").parse({ accountPublicId: "acc_x", direction: "debit", amount: "1.234", reason: "Correction", requestKey: KEY }).amount).toBe(-1_234);
    expect(fieldErrors(createProductSchema("USD").safeParse({ name: "GPU", unitPrice: "-1", provider: "", requestKey: KEY }))).toEqual({
      unitPrice: ["Enter a unit price between $0.00 and $1,000,000.00."],
    });
    expect(issueBatchSchema(now, tz, "KWD").parse({ kind: "cash", name: "KWD batch", faceValue: "12.5", validity: "days", validDays: "30", quantity: "1", redeemBy: "", requestKey: KEY }).terms).toEqual({
      kind: "cash",
      faceValue: 12_500,
    });
  });

  it("top-up amounts too", () => {
    expect(topUpSchema("USD").safeParse({ amount: "0", requestKey: KEY }).error?.issues[0]?.message).toBe("Enter an amount between $0.01 and $1,000,000.00.");
    expect(topUpSchema("JPY").parse({ amount: "5,000", requestKey: KEY }).amount).toBe(5_000);
  });
});

describe("issueBatchSchema providers (the list sends public ids)", () => {
  const base = { kind: "compute", name: "GPU pack", faceValue: "300", validity: "days", validDays: "30", quantity: "5", redeemBy: "", requestKey: KEY };

  it("reads the comma-separated ids the checkboxes send, each once", () => {
    const parsed = issueBatchSchema(now, tz, "CNY").parse({ ...base, providers: "prv_0123456789abcdef0123,prv_aaaaaaaaaaaaaaaaaaaa,prv_0123456789abcdef0123" });
    expect(parsed.terms).toEqual({ kind: "compute", faceValue: 30_000, providers: ["prv_0123456789abcdef0123", "prv_aaaaaaaaaaaaaaaaaaaa"] });
  });

  it("refuses a compute batch with no provider ticked, under the Providers field", () => {
    expect(fieldErrors(issueBatchSchema(now, tz, "CNY").safeParse({ ...base, providers: "" }))).toEqual({ providers: ["Choose at least one compute provider."] });
  });
});

describe("createProviderSchema and renameProviderSchema", () => {
  it("normalizes the name and requires a reason and the form's key", () => {
    expect(createProviderSchema.parse({ name: "  Moore \t Threads ", reason: " New partner ", requestKey: KEY })).toEqual({
      name: "Moore Threads",
      reason: "New partner",
      requestKey: KEY,
    });
    expect(fieldErrors(createProviderSchema.safeParse({ name: "A, B", reason: "", requestKey: "nope" }))).toEqual({
      name: ["A provider name can't contain a comma."],
      reason: [expect.stringContaining("reason")],
      requestKey: ["Reload the page and try again."],
    });
  });

  it("renames only a provider id", () => {
    expect(renameProviderSchema.parse({ providerPublicId: "prv_abc123", name: "Muxi", reason: "Official name" })).toEqual({
      providerPublicId: "prv_abc123",
      name: "Muxi",
      reason: "Official name",
    });
    expect(fieldErrors(renameProviderSchema.safeParse({ providerPublicId: "prd_abc123", name: " ", reason: "Official name" }))).toEqual({
      providerPublicId: ["Not a valid provider ID."],
      name: ["Give the provider a name."],
    });
  });
});
