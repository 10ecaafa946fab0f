import { describe, expect, it } from "vitest";
import { grantVoucherSchema, issueBatchSchema, adjustCashSchema, chargeUsageSchema, createProductSchema, createProviderSchema, refundOrderSchema } from "./admin/schemas";
import { parseAuditParams } from "./admin/audit-filter";
import { parseRedeemBy, parseTerms, parseValidity, checkDeadlineInWindow } from "./admin/terms-form";
import { parseProviderName } from "./providers/name";
import { quantitySchema, shownPlanSchema, topUpSchema } from "./orders/request";
import { parseUsageParams } from "./usage/filter";
import { parseVoucherListParams } from "./vouchers/list-filter";
import { knownSentences, localizeText } from "./validation-messages";

const NOW = new Date("2026-06-15T04:00:00Z");
const ZONE = "Asia/Shanghai";
const zh = (english: string) => localizeText(english, "zh-CN", "CNY");
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

/** Every field message a schema or rule of lib/ writes for these inputs. */
function messagesOf(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => i.message);
}

describe("field errors in the reader's language", () => {
  it("knows every sentence it lists, each once, and writes each in Chinese", () => {
    const known = knownSentences("CNY");
    expect(new Set(known).size).toBe(known.length);
    for (const english of known) expect(hasChinese(zh(english)), english).toBe(true);
  });

  it("leaves English as it is, and a sentence it doesn't know as written", () => {
    expect(localizeText("Give the batch a name.", "en", "CNY")).toBe("Give the batch a name.");
    expect(zh("Some other sentence.")).toBe("Some other sentence.");
  });

  it("words what the admin forms' rules write", () => {
    const sentences = [
      ...messagesOf(issueBatchSchema(NOW, ZONE, "CNY").safeParse({ requestKey: "x", kind: "cash", faceValue: "0", validity: "fixed", quantity: "0" })),
      ...messagesOf(issueBatchSchema(NOW, ZONE, "CNY").safeParse({ requestKey: crypto.randomUUID(), name: "x".repeat(101), kind: "compute", faceValue: "1", providers: "", validity: "days", validDays: "0" })),
      ...messagesOf(grantVoucherSchema(NOW, ZONE, "CNY").safeParse({ requestKey: crypto.randomUUID(), kind: "discount", discountType: "amount_off", amountOff: "x", minOrderAmount: "x", scopeProduct: "x", validity: "x", reason: "a" })),
      ...messagesOf(grantVoucherSchema(NOW, ZONE, "CNY").safeParse({ requestKey: crypto.randomUUID(), kind: "discount", discountType: "percent_off", percentOff: "100", maxDiscount: "0", reason: "x".repeat(501) })),
      ...messagesOf(grantVoucherSchema(NOW, ZONE, "CNY").safeParse({ requestKey: crypto.randomUUID(), kind: "x", validity: "fixed", validFrom: "2026-06-10", validUntil: "2026-06-01" })),
      ...messagesOf(adjustCashSchema("CNY").safeParse({ accountPublicId: "acc_a", direction: "x", amount: "0", reason: "abc", requestKey: crypto.randomUUID() })),
      ...messagesOf(chargeUsageSchema("CNY").safeParse({ accountPublicId: "x", amount: "0", reason: "abc", requestKey: crypto.randomUUID() })),
      ...messagesOf(createProductSchema("CNY").safeParse({ name: " ", unitPrice: "-1", requestKey: crypto.randomUUID() })),
      ...messagesOf(createProviderSchema.safeParse({ name: "a,b", reason: "abc", requestKey: crypto.randomUUID() })),
      ...messagesOf(refundOrderSchema("CNY").safeParse({ orderPublicId: "ord_a", mode: "partial", amount: "0", reason: "abc", refundKey: crypto.randomUUID() })),
      ...parseTerms({ kind: "discount", discountType: "x" }, "CNY").ok ? [] : ["Choose amount off or percent off."],
    ];
    for (const p of [parseValidity({ validity: "fixed", validFrom: "2026-01-01", validUntil: "2026-01-02" }, NOW, ZONE), parseRedeemBy("2026-01-01", NOW, ZONE), parseRedeemBy("x", NOW, ZONE)]) {
      if (!p.ok) sentences.push(...p.issues.map((i) => i.message));
    }
    const deadline = checkDeadlineInWindow({ type: "fixed", effectiveAt: NOW, expiresAt: NOW }, new Date(NOW.getTime() + 1));
    if (!deadline.ok) sentences.push(...deadline.issues.map((i) => i.message));
    for (const name of ["", "x".repeat(41), "a\u0001", "prv_a"]) {
      const parsed = parseProviderName(name);
      if (!parsed.ok) sentences.push(parsed.message);
    }
    expect(sentences.length).toBeGreaterThan(25);
    for (const english of sentences) expect(hasChinese(zh(english)), english).toBe(true);
  });

  it("words what the buying schemas and the list filters write", () => {
    const sentences = [
      ...messagesOf(quantitySchema.safeParse("x")),
      ...messagesOf(quantitySchema.safeParse("1.5")),
      ...messagesOf(quantitySchema.safeParse("0")),
      ...messagesOf(quantitySchema.safeParse("10001")),
      ...messagesOf(topUpSchema("CNY").safeParse({ amount: "0", requestKey: "x" })),
      ...messagesOf(shownPlanSchema.safeParse({ amount: 2, discount: { voucher: "vch_a", amount: 1 }, vouchers: [{ voucher: "vch_b", amount: 1 }], cash: 0 })),
      ...Object.values(parseUsageParams({ voucher: "x", from: "2026-13-01", to: "99999-01-01", status: "x", kind: "x", cursor: "x" }).errors),
      ...Object.values(parseUsageParams({ from: "2026-02-02", to: "2026-02-01" }).errors),
      ...Object.values(parseVoucherListParams({ status: "x", expiresFrom: "x", expiresTo: "2026-02-30", cursor: "x" }).errors),
      ...Object.values(parseVoucherListParams({ expiresFrom: "2026-02-02", expiresTo: "2026-02-01" }).errors),
      ...Object.values(parseAuditParams({ actor: "x", action: "?", target: "?", from: "x", to: "x" }).errors),
    ].filter((s): s is string => typeof s === "string");
    expect(sentences.length).toBeGreaterThan(15);
    for (const english of sentences) expect(hasChinese(zh(english)), english).toBe(true);
  });
});
